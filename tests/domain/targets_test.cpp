// Targets per rep and metric, and the % of target of the handicap board.
#include "domain/targets.hpp"

#include <doctest/doctest.h>

#include "domain/ranking.hpp"

using namespace wp::domain;

namespace {
Team team_of() {
    auto team = make_team("alpha", "Alpha", "UTC", WeekStart::monday, {});
    REQUIRE(team);
    return *team;
}
}  // namespace

TEST_CASE("targets: set, changed, kept and removed") {
    auto team = team_of();
    auto set = with_targets(team, {}, {{"calls", {{Period::day, 20}, {Period::week, 80}}}});
    REQUIRE(set);
    CHECK(set->at("calls") == Target{20, 80, std::nullopt});
    // Changing one period keeps the others, and other metrics.
    auto more = with_targets(team, *set, {{"calls", {{Period::week, 90}}}, {"appointments", {{Period::month, 12}}}});
    REQUIRE(more);
    CHECK(more->at("calls") == Target{20, 90, std::nullopt});
    CHECK(more->at("appointments") == Target{std::nullopt, std::nullopt, 12});
    CHECK(more->at("calls").of(Period::week) == 90);
    CHECK_FALSE(more->at("calls").of(Period::quarter));
    // 0 and null both remove; a metric left with none is gone.
    auto fewer = with_targets(team, *more, {{"calls", {{Period::day, 0}, {Period::week, std::nullopt}}}});
    REQUIRE(fewer);
    CHECK_FALSE(fewer->contains("calls"));
    CHECK(fewer->size() == 1);
}

TEST_CASE("targets: each bad one names its field and the rule") {
    auto team = team_of();
    struct Case { TargetChanges changes; const char* message; };
    for (const auto& c : std::vector<Case>{
             {{{"calls", {{Period::week, -1}}}}, "targets.calls.week: 0-1000000 (0 or null removes it)"},
             {{{"calls", {{Period::day, 1000001}}}}, "targets.calls.day: 0-1000000 (0 or null removes it)"},
             {{{"calls", {{Period::quarter, 10}}}}, "targets.calls.quarter: targets are for day, week or month"},
             {{{"dials", {{Period::day, 10}}}}, "targets.dials: not one of this team's metrics"},
             {{{"points", {{Period::day, 10}}}}, "targets.points: not one of this team's metrics"}}) {
        auto changed = with_targets(team, {}, c.changes);
        REQUIRE_FALSE(changed);
        CHECK(changed.error().code == Errc::bad_request);
        CHECK(changed.error().message == c.message);
    }
}

TEST_CASE("percent of target: floor, past 100, below zero") {
    CHECK(percent_of(0, 20) == 0);
    CHECK(percent_of(7, 20) == 35);
    CHECK(percent_of(1, 3) == 33);
    CHECK(percent_of(2, 3) == 66);
    CHECK(percent_of(20, 20) == 100);
    CHECK(percent_of(21, 20) == 105);
    CHECK(percent_of(199, 1) == 19900);
    CHECK(percent_of(-1, 3) == -34);
    CHECK(percent_of(-3, 3) == -100);
}

TEST_CASE("the handicap board: a new rep on 20 beats a veteran on 80, equal shares tie") {
    struct Rep { std::string id; std::int64_t count, target; };
    std::vector<Rep> reps{{"veteran", 60, 80}, {"rookie", 17, 20}, {"steady", 40, 80}, {"half", 10, 20}};
    std::vector<Standing> pct;
    for (const auto& r : reps) pct.push_back({r.id, percent_of(r.count, r.target)});
    auto ranked = rank_competition(pct);
    REQUIRE(ranked.size() == 4);
    CHECK(ranked[0] == RankedStanding{1, "rookie", 85});
    CHECK(ranked[1] == RankedStanding{2, "veteran", 75});
    CHECK(ranked[2] == RankedStanding{3, "half", 50});
    CHECK(ranked[3] == RankedStanding{3, "steady", 50});
}
