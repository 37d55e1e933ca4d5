#pragma once
// JSON forms of a display's playlist, as stored on its record and as sent on the wire.
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/playlist.hpp"

namespace wp::store {

nlohmann::json to_json(const std::vector<domain::Slide>& slides);  // [{slide, seconds, metric?, period?}]
// A stored playlist; nothing when the text is not one (a display then plays the default).
std::optional<std::vector<domain::Slide>> slides_from_json(const nlohmann::json& j);
// The slides of a request body or a stored list, for domain::make_playlist to check.
std::vector<domain::SlideRequest> slide_requests(const nlohmann::json& list);

}  // namespace wp::store
