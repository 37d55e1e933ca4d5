// Points: weights per metric, Σ weight × count at the weights in force now.
#include "domain/points.hpp"

#include <doctest/doctest.h>

using namespace wp::domain;

namespace {
Team team_of(std::vector<Metric> metrics = {}) {
    auto team = make_team("alpha", "Alpha", "UTC", WeekStart::monday, std::move(metrics));
    REQUIRE(team);
    return *team;
}
std::int64_t points_for(const std::vector<Standing>& rows, const std::string& rep) {
    for (const auto& r : rows)
        if (r.rep == rep) return r.count;
    return -1;
}
}  // namespace

TEST_CASE("points: every active metric weighs 1 until the team says otherwise") {
    auto team = team_of();
    CHECK(weight_of(team, "calls") == 1);
    CHECK(weight_of(team, "proposals") == 1);
    CHECK(weight_of(team, "dials") == 0);  // not the team's
    auto rows = points_of(team, {{"calls", {{"ana", 7}, {"ben", 2}}}, {"appointments", {{"ben", 1}}}});
    CHECK(points_for(rows, "ana") == 7);
    CHECK(points_for(rows, "ben") == 3);
}

TEST_CASE("points: Σ weight × count at the current weights, a new weight re-scores the period") {
    auto team = team_of();
    std::vector<MetricStandings> week{{"calls", {{"ana", 40}, {"ben", 10}, {"cy", 0}}},
                                      {"appointments", {{"ben", 6}, {"cy", 1}}},
                                      {"proposals", {{"ana", 1}, {"ben", 2}}}};
    auto weighted = with_points(team, {{"calls", 1}, {"appointments", 5}, {"proposals", 10}});
    REQUIRE(weighted);
    auto rows = points_of(*weighted, week);
    CHECK(points_for(rows, "ana") == 40 + 10);
    CHECK(points_for(rows, "ben") == 10 + 30 + 20);
    CHECK(points_for(rows, "cy") == 5);
    auto ranked = rank_competition(rows);
    CHECK(ranked[0].rep == "ben");
    // The same counts at new weights: calls now count nothing.
    auto reweighted = with_points(*weighted, {{"calls", 0}});
    REQUIRE(reweighted);
    rows = points_of(*reweighted, week);
    CHECK(points_for(rows, "ana") == 10);
    CHECK(points_for(rows, "ben") == 50);
    CHECK(points_for(rows, "cy") == 5);
    CHECK(points_total(*reweighted, {{"calls", 50}, {"appointments", 7}, {"proposals", 3}}) == 0 * 50 + 5 * 7 + 10 * 3);
    // Back to the default: nothing, not 0.
    auto reset = with_points(*reweighted, {{"calls", std::nullopt}});
    REQUIRE(reset);
    CHECK(weight_of(*reset, "calls") == 1);
    CHECK_FALSE(reset->points.contains("calls"));
    CHECK(weight_of(*reset, "proposals") == 10);
}

TEST_CASE("points: a corrected count lowers points, ties share a rank") {
    auto team = *with_points(team_of(), {{"appointments", 3}});
    auto rows = points_of(team, {{"calls", {{"ana", 3}, {"ben", 6}, {"cy", -1}}}, {"appointments", {{"ana", 1}}}});
    auto ranked = rank_competition(rows);
    REQUIRE(ranked.size() == 3);
    CHECK(ranked[0] == RankedStanding{1, "ana", 6});
    CHECK(ranked[1] == RankedStanding{1, "ben", 6});
    CHECK(ranked[2] == RankedStanding{3, "cy", -1});
}

TEST_CASE("points: a retired metric weighs nothing, its weight kept for a revival") {
    auto team = *with_points(team_of(), {{"proposals", 10}});
    auto retired = with_metrics(team, {{"calls", "Calls"}, {"appointments", "Appointments"}});
    REQUIRE(retired);
    CHECK(weight_of(*retired, "proposals") == 0);
    CHECK(points_for(points_of(*retired, {{"proposals", {{"ana", 4}}}}), "ana") == 0);
    auto revived = with_metrics(*retired, {{"calls", "Calls"}, {"proposals", "Offers"}});
    REQUIRE(revived);
    CHECK(weight_of(*revived, "proposals") == 10);
}

TEST_CASE("points: each bad weight names its metric and the rule, and changes nothing") {
    auto team = team_of();
    struct Case { std::map<std::string, std::optional<std::int64_t>> changes; const char* message; };
    for (const auto& c : std::vector<Case>{
             {{{"calls", -1}}, "points.calls: a weight 0-1000"},
             {{{"calls", 1001}}, "points.calls: a weight 0-1000"},
             {{{"dials", 2}}, "points.dials: not one of this team's metrics"},
             {{{"calls", 2}, {"points", 1}}, "points.points: not one of this team's metrics"}}) {
        auto changed = with_points(team, c.changes);
        REQUIRE_FALSE(changed);
        CHECK(changed.error().code == Errc::bad_request);
        CHECK(changed.error().message == c.message);
    }
    CHECK(with_points(team, {{"calls", 0}})->points.at("calls") == 0);
    CHECK(with_points(team, {{"calls", 1000}})->points.at("calls") == 1000);
}
