#pragma once
// A wall display's playlist: the slides it shows in turn, for how long, and which metric and
// period each one is about (protocol.md "The wall as a kiosk").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/result.hpp"
#include "domain/team.hpp"

namespace wp::domain {

enum class SlideKind { board, pairs, challenges, movers, feed, review };
std::string_view to_string(SlideKind k);
std::optional<SlideKind> parse_slide_kind(std::string_view text);

struct Slide {
    SlideKind kind = SlideKind::board;
    int seconds = 15;
    std::optional<std::string> metric;  // board, pairs, movers
    std::optional<Period> period;       // board, pairs
    friend bool operator==(const Slide&, const Slide&) = default;
};

// A slide as a client sends it; checked by make_playlist.
struct SlideRequest {
    std::string slide;
    std::int64_t seconds = 15;
    std::optional<std::string> metric;
    std::optional<std::string> period;
};

inline constexpr std::size_t max_slides = 20;
inline constexpr int min_slide_seconds = 5;
inline constexpr int max_slide_seconds = 600;

// 1-20 slides; each a known slide, 5-600 seconds; a metric only on board, pairs and movers, and
// one of the team's active metrics; a period only on board and pairs. Errors name the field:
// "playlist[2].seconds: 5-600".
Result<std::vector<Slide>> make_playlist(const Team& team, const std::vector<SlideRequest>& slides);

// What a display shows until its playlist is set: each metric's board today and this week (up
// to three metrics), the head-to-heads, the movers, the feed and, on its day, the week in review.
std::vector<Slide> default_playlist(const Team& team);

// A stored playlist as it plays now: slides about a metric the team has since retired are left
// out; none left means the default.
std::vector<Slide> playable(const Team& team, std::vector<Slide> slides);

}  // namespace wp::domain
