// Most improved: this week against the rep's own four-week baseline.
#include "domain/improvement.hpp"

#include <doctest/doctest.h>

using namespace wp::domain;

TEST_CASE("baseline: the mean of the four weeks before, one decimal, from the first with activity") {
    CHECK(baseline_tenths({10, 20, 30, 40}) == 250);
    CHECK(baseline_tenths({0, 0, 0, 0}) == std::nullopt);  // no earlier week: no baseline
    CHECK(baseline_tenths({0, 0, 6, 9}) == 75);             // started two weeks ago
    CHECK(baseline_tenths({5, 0, 0, 0}) == 13);             // 1.25 rounds half up to 1.3
    CHECK(baseline_tenths({0, 1, 0, 1}) == 7);              // 2 / 3 = 0.666... -> 0.7
    CHECK(baseline_tenths({0, 0, 0, 1}) == 10);
    CHECK(baseline_tenths({1, 1, 1, 0}) == 8);              // 0.75 -> 0.8
}

TEST_CASE("most improved: ranked by change, a rep without history left out, ties share a rank") {
    std::vector<WeekCounts> reps{
        {"veteran", 82, {80, 80, 80, 80}},  // +2.0
        {"climber", 30, {10, 10, 20, 20}},  // baseline 15.0, +15.0
        {"newbie", 12, {0, 0, 0, 0}},       // no earlier week: left out
        {"rookie", 20, {0, 0, 0, 5}},       // baseline 5.0, +15.0: ties the climber
        {"slump", 3, {10, 12, 14, 12}},     // baseline 12.0, -9.0
    };
    auto ranked = rank_improvement(reps);
    REQUIRE(ranked.size() == 4);
    CHECK(ranked[0] == Improvement{1, "climber", 30, 150, 150});
    CHECK(ranked[1] == Improvement{1, "rookie", 20, 50, 150});
    CHECK(ranked[2] == Improvement{3, "veteran", 82, 800, 20});
    CHECK(ranked[3] == Improvement{4, "slump", 3, 120, -90});
    CHECK(rank_improvement({}).empty());
    CHECK(rank_improvement({{"newbie", 5, {0, 0, 0, 0}}}).empty());
}

TEST_CASE("most improved: changes exact to a tenth") {
    auto ranked = rank_improvement({{"a", 1, {0, 1, 0, 1}}, {"b", 0, {0, 0, 0, 1}}});
    REQUIRE(ranked.size() == 2);
    CHECK(ranked[0].rep == "a");
    CHECK(ranked[0].baseline_tenths == 7);
    CHECK(ranked[0].change_tenths == 3);  // 1 - 0.7
    CHECK(ranked[1].change_tenths == -10);
}
