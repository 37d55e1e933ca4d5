// A display's playlist: every rule named, the default, and slides about retired metrics.
#include "domain/playlist.hpp"

#include <doctest/doctest.h>

namespace {
using namespace wp::domain;

Team sales() { return *make_team("sales", "Sales", "UTC", WeekStart::monday, {}); }
SlideRequest slide(std::string kind, std::int64_t seconds, std::optional<std::string> metric = std::nullopt,
                   std::optional<std::string> period = std::nullopt) {
    return {std::move(kind), seconds, std::move(metric), std::move(period)};
}
}  // namespace

TEST_CASE("playlist: known slides, 5-600 s, metrics and periods only where they mean something") {
    auto made = make_playlist(sales(), {slide("board", 20, "calls", "week"), slide("review", 600), slide("movers", 5, "appointments")});
    REQUIRE(made.has_value());
    CHECK(*made == std::vector<Slide>{{SlideKind::board, 20, "calls", Period::week},
                                      {SlideKind::review, 600, std::nullopt, std::nullopt},
                                      {SlideKind::movers, 5, "appointments", std::nullopt}});
    struct Case { std::vector<SlideRequest> slides; std::string message; };
    std::vector<SlideRequest> many(21, slide("feed", 10));
    for (const auto& c : std::vector<Case>{
             {{}, "playlist: 1-20 slides"},
             {many, "playlist: 1-20 slides"},
             {{slide("feed", 10), slide("clock", 10)}, "playlist[1].slide: board, pairs, challenges, movers, feed or review"},
             {{slide("feed", 4)}, "playlist[0].seconds: 5-600"},
             {{slide("feed", 601)}, "playlist[0].seconds: 5-600"},
             {{slide("board", 10, "dials")}, "playlist[0].metric: 'dials' is not one of this team's metrics"},
             {{slide("feed", 10, "calls")}, "playlist[0].metric: only board, pairs and movers slides take a metric"},
             {{slide("movers", 10, "calls", "week")}, "playlist[0].period: only board and pairs slides take a period"},
             {{slide("pairs", 10, "calls", "year")}, "playlist[0].period: day, week, month, quarter or all"}}) {
        auto r = make_playlist(sales(), c.slides);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == Errc::bad_request);
        CHECK(r.error().message == c.message);
    }
}

TEST_CASE("playlist: the default, and a retired metric's slides left out") {
    auto team = sales();
    auto slides = default_playlist(team);
    REQUIRE(slides.size() == 11);  // 3 metrics x today, this week; challenges, pairs, movers, feed, review
    CHECK(slides[0] == Slide{SlideKind::board, 15, "calls", Period::day});
    CHECK(slides[5] == Slide{SlideKind::board, 15, "proposals", Period::week});
    CHECK(slides[7] == Slide{SlideKind::pairs, 15, "calls", Period::week});
    CHECK(slides.back().kind == SlideKind::review);
    auto kept = *make_playlist(team, {slide("board", 10, "proposals", "day"), slide("feed", 10)});
    auto retired = *with_metrics(team, {{"calls", "Calls"}, {"appointments", "Appointments"}});
    CHECK(playable(retired, kept) == std::vector<Slide>{{SlideKind::feed, 10, std::nullopt, std::nullopt}});
    CHECK(playable(retired, {kept[0]}) == default_playlist(retired));
}
