// What the calendar tests share: instants from text, a team's calendar, a case's description.
#pragma once

#include "domain/calendar.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <string_view>

namespace calendar_support {

using namespace wp::domain;
using namespace std::chrono_literals;

constexpr auto monday = WeekStart::monday;
constexpr auto sunday = WeekStart::sunday;

inline TimePoint utc(std::string_view text) {
    auto t = parse_rfc3339(text);
    REQUIRE_MESSAGE(t.has_value(), text);
    return *t;
}

inline Calendar calendar(std::string_view tz, WeekStart week_start) {
    auto made = Calendar::make(tz, week_start);
    REQUIRE_MESSAGE(made.has_value(), tz);
    return *made;
}

inline std::string describe(std::string_view tz, WeekStart week_start, Period p, std::string_view at) {
    return std::string(tz) + " " + std::string(to_string(week_start)) + " " +
           std::string(to_string(p)) + " " + std::string(at);
}

}  // namespace calendar_support
