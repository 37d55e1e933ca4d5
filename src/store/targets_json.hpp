#pragma once
// Targets as JSON: {"calls": {"day": 20, "week": 80}}, stored per rep and sent as is.
#include <nlohmann/json.hpp>

#include "domain/targets.hpp"

namespace wp::store {

nlohmann::json to_json(const domain::Targets& targets);
// What was stored by to_json; anything else in it is skipped.
domain::Targets targets_from_json(const nlohmann::json& j);

}  // namespace wp::store
