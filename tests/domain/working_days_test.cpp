// A team's working days: parsed from the wire's day names, Monday to Friday by default.
#include "domain/working_days.hpp"

#include <doctest/doctest.h>

#include "domain/team.hpp"

using namespace wp::domain;

TEST_CASE("working days: Monday to Friday by default, any 1-7 distinct days when set") {
    auto team = make_team("alpha", "Alpha", "UTC", WeekStart::monday, {});
    REQUIRE(team.has_value());
    CHECK(to_strings(team->working_days) == std::vector<std::string>{"mon", "tue", "wed", "thu", "fri"});
    auto six = parse_working_days({"sat", "mon", "tue", "wed", "thu", "fri"});
    REQUIRE(six.has_value());
    CHECK(to_strings(*six) == std::vector<std::string>{"mon", "tue", "wed", "thu", "fri", "sat"});
    CHECK(six->contains(5));
    CHECK_FALSE(six->contains(6));
    for (const auto& bad : std::vector<std::vector<std::string>>{{}, {"mon", "mon"}, {"monday"}, {"Mon"}}) {
        auto parsed = parse_working_days(bad);
        REQUIRE_FALSE(parsed.has_value());
        CHECK(parsed.error().message == "working_days: 1-7 of mon, tue, wed, thu, fri, sat, sun, each once");
    }
}
