#include "domain/playlist.hpp"

#include <algorithm>
#include <array>

namespace wp::domain {
namespace {

constexpr std::array<SlideKind, 6> all_slides{SlideKind::board,  SlideKind::pairs, SlideKind::challenges,
                                              SlideKind::movers, SlideKind::feed,  SlideKind::review};

bool takes_metric(SlideKind k) { return k == SlideKind::board || k == SlideKind::pairs || k == SlideKind::movers; }
bool takes_period(SlideKind k) { return k == SlideKind::board || k == SlideKind::pairs; }

}  // namespace

std::string_view to_string(SlideKind k) {
    switch (k) {
        case SlideKind::board: return "board";
        case SlideKind::pairs: return "pairs";
        case SlideKind::challenges: return "challenges";
        case SlideKind::movers: return "movers";
        case SlideKind::feed: return "feed";
        case SlideKind::review: return "review";
    }
    return "unknown";
}

std::optional<SlideKind> parse_slide_kind(std::string_view text) {
    for (auto k : all_slides)
        if (to_string(k) == text) return k;
    return std::nullopt;
}

Result<std::vector<Slide>> make_playlist(const Team& team, const std::vector<SlideRequest>& requests) {
    if (requests.empty() || requests.size() > max_slides) return bad_request("playlist: 1-20 slides");
    std::vector<Slide> slides;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const auto& r = requests[i];
        const std::string field = "playlist[" + std::to_string(i) + "]";
        auto kind = parse_slide_kind(r.slide);
        if (!kind)
            return bad_request(field + ".slide: board, pairs, challenges, movers, feed or review");
        if (r.seconds < min_slide_seconds || r.seconds > max_slide_seconds) return bad_request(field + ".seconds: 5-600");
        Slide slide{*kind, static_cast<int>(r.seconds), std::nullopt, std::nullopt};
        if (r.metric) {
            if (!takes_metric(*kind)) return bad_request(field + ".metric: only board, pairs and movers slides take a metric");
            if (!team.has_metric(*r.metric))
                return bad_request(field + ".metric: '" + *r.metric + "' is not one of this team's metrics");
            slide.metric = r.metric;
        }
        if (r.period) {
            if (!takes_period(*kind)) return bad_request(field + ".period: only board and pairs slides take a period");
            slide.period = parse_period(*r.period);
            if (!slide.period) return bad_request(field + ".period: day, week, month, quarter or all");
        }
        slides.push_back(std::move(slide));
    }
    return slides;
}

std::vector<Slide> default_playlist(const Team& team) {
    std::vector<Slide> slides;
    const auto shown = std::min<std::size_t>(team.metrics.size(), 3);
    for (std::size_t i = 0; i < shown; ++i)
        for (auto period : {Period::day, Period::week})
            slides.push_back({SlideKind::board, 15, team.metrics[i].id, period});
    slides.push_back({SlideKind::challenges, 15, std::nullopt, std::nullopt});
    // The pair board and the week's matchups (a wall skips it while the team has no pairs).
    if (!team.metrics.empty()) slides.push_back({SlideKind::pairs, 15, team.metrics[0].id, Period::week});
    if (!team.metrics.empty()) slides.push_back({SlideKind::movers, 15, team.metrics[0].id, std::nullopt});
    slides.push_back({SlideKind::feed, 15, std::nullopt, std::nullopt});
    slides.push_back({SlideKind::review, 30, std::nullopt, std::nullopt});
    return slides;
}

std::vector<Slide> playable(const Team& team, std::vector<Slide> slides) {
    std::erase_if(slides, [&](const Slide& s) { return s.metric && !team.has_metric(*s.metric); });
    return slides.empty() ? default_playlist(team) : slides;
}

}  // namespace wp::domain
