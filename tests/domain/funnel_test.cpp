// Conversion ratios along the team's own metric order.
#include "domain/funnel.hpp"

#include <doctest/doctest.h>

using namespace wp::domain;

TEST_CASE("funnel: each metric to the next, in the team's order") {
    std::vector<Metric> order{{"dials", "Dials"}, {"conversations", "Conversations"}, {"forward_appointments", "Forward appointments"}};
    auto steps = funnel(order, {{"dials", 40}, {"conversations", 10}, {"forward_appointments", 4}});
    REQUIRE(steps.size() == 2);
    CHECK(steps[0].from == "dials");
    CHECK(steps[0].to == "conversations");
    CHECK(*steps[0].ratio == doctest::Approx(0.25));
    CHECK(steps[1].from == "conversations");
    CHECK(*steps[1].ratio == doctest::Approx(0.4));

    auto empty = funnel(order, {{"conversations", 3}});  // no dials yet, a correction below zero
    CHECK_FALSE(empty[0].ratio.has_value());
    CHECK(*empty[1].ratio == doctest::Approx(0.0));
    CHECK_FALSE(funnel(order, {{"dials", -1}, {"conversations", 1}})[0].ratio.has_value());
    CHECK(funnel({{"calls", "Calls"}}, {{"calls", 5}}).empty());
}
