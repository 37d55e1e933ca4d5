// The REST activity budget per token (api::ActivityBudget, limits.api_activities_per_minute):
// a unit of the request path the HTTP server runs, tested here with the listener's other caps.
#include <doctest/doctest.h>

#include "api/activity_budget.hpp"

using wp::api::ActivityBudget;
using namespace std::chrono_literals;

TEST_CASE("activity budget: N in a minute, the N+1st refused with the seconds until it fits, another token apart") {
    ActivityBudget budget(600);
    auto t = ActivityBudget::Clock::time_point{} + 1000s;
    for (int i = 0; i < 600; ++i) REQUIRE(budget.take("a", 1, t).allowed);
    auto refused = budget.take("a", 1, t);
    CHECK_FALSE(refused.allowed);
    CHECK(refused.retry_after == 1);  // 10 a second come back
    CHECK(budget.take("b", 1, t).allowed);
    CHECK(budget.take("a", 1, t + 100ms).allowed);  // a tenth of a second: one more
    CHECK_FALSE(budget.take("a", 1, t + 100ms).allowed);
}

TEST_CASE("activity budget: a batch takes all its items or none") {
    ActivityBudget budget(60);  // one a second
    auto t = ActivityBudget::Clock::time_point{} + 1000s;
    CHECK(budget.take("a", 50, t).allowed);
    auto refused = budget.take("a", 20, t);
    CHECK_FALSE(refused.allowed);
    CHECK(refused.retry_after == 10);  // 10 left, 10 more take 10 s
    CHECK(budget.take("a", 10, t).allowed);  // the refusal took nothing
    CHECK_FALSE(budget.take("a", 1, t).allowed);
    CHECK(budget.take("a", 60, t + 60s).allowed);  // refilled to a minute's worth, not beyond
    CHECK_FALSE(budget.take("a", 1, t + 60s).allowed);
}

TEST_CASE("activity budget: a batch larger than a minute's budget never fits") {
    ActivityBudget budget(10);
    auto refused = budget.take("a", 11);
    CHECK_FALSE(refused.allowed);
    CHECK(refused.retry_after == 60);
    CHECK(budget.take("a", 10).allowed);
}

TEST_CASE("activity budget: tokens idle for a minute are forgotten") {
    ActivityBudget budget(100);
    auto t = ActivityBudget::Clock::time_point{} + 1000s;
    for (int i = 0; i < 2000; ++i) (void)budget.take("token-" + std::to_string(i), 1, t);
    CHECK(budget.tracked() >= 1024);
    for (int i = 0; i < 1024; ++i) (void)budget.take("late", 0, t + 61s);
    CHECK(budget.tracked() <= 1);
}
