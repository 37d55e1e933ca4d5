// A challenge between partners across teams: most or race, a metric both teams have, the rules of
// any challenge for the window, target and stakes; the partner may even share the creator's id.
#include "domain/cross_challenge.hpp"

#include <doctest/doctest.h>

using namespace wp::domain;

namespace {

Result<ChallengeDraft> create(const std::string& creator, const std::string& partner, const char* kind, const char* metric,
                              std::optional<std::int64_t> target = std::nullopt, std::vector<Metric> away_metrics = {}) {
    auto home = make_team("alpha", "Alpha", "Europe/London", WeekStart::monday, {});
    auto away = make_team("beta", "Beta", "America/Chicago", WeekStart::sunday, std::move(away_metrics));
    auto calendar = Calendar::make("Europe/London", WeekStart::monday);
    ChallengeRequest r;
    r.metric = metric;
    r.kind = kind;
    r.period = "week";
    r.target = target;
    return make_cross_challenge(*home, *away, *calendar, creator, r, partner, *parse_rfc3339("2026-11-25T10:00:00Z"));
}

}  // namespace

TEST_CASE("across teams: the creator and the partner, the window on the creator's team's calendar") {
    auto d = create("jake", "natalie", "race", "calls", 20);
    REQUIRE(d);
    CHECK(d->participants == std::vector<std::string>{"jake", "natalie"});
    CHECK(d->target == 20);
    CHECK(d->period == Period::week);
    CHECK(format_rfc3339(d->window.start) == "2026-11-23T00:00:00.000Z");  // Monday in London
    auto same = create("natalie", "natalie", "most", "calls");  // ids are per team
    REQUIRE(same);
    CHECK(same->participants == std::vector<std::string>{"natalie", "natalie"});
}

TEST_CASE("across teams: most or race, a metric of both teams, not points, and the usual rules") {
    CHECK(create("jake", "natalie", "target", "calls", 5).error().message.starts_with("kind:"));
    CHECK(create("jake", "natalie", "most", "points").error().message.starts_with("metric:"));
    CHECK(create("jake", "natalie", "most", "calls", std::nullopt, {{"demos", "Demos"}}).error().message ==
          "metric: 'calls' is not one of the partner's team's metrics");
    CHECK(create("jake", "natalie", "most", "dials").error().code == Errc::bad_request);  // not the creator's
    CHECK(create("jake", "natalie", "race", "calls").error().message.starts_with("target:"));
    CHECK(create("jake", "natalie", "most", "calls", 5).error().message.starts_with("target:"));
}
