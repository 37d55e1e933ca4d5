// A team's working days and quiet hours: their text forms and rules.
#include "domain/working_week.hpp"

#include <doctest/doctest.h>

using namespace wp::domain;
using namespace std::chrono_literals;

TEST_CASE("working days: names in, names out in week order") {
    auto days = parse_working_days({"fri", "mon", "sun"});
    REQUIRE(days);
    CHECK(*days == WorkingDays{true, true, false, false, false, true, false});
    CHECK(working_day_names(*days) == std::vector<std::string>{"mon", "fri", "sun"});
    CHECK(working_day_names(monday_to_friday) == std::vector<std::string>{"mon", "tue", "wed", "thu", "fri"});
    struct Case { std::vector<std::string> names; const char* message; };
    for (const auto& c : std::vector<Case>{
             {{}, "working_days: at least one of mon, tue, wed, thu, fri, sat, sun"},
             {{"mon", "Tue"}, "working_days: 'Tue' is none of mon, tue, wed, thu, fri, sat, sun"},
             {{"monday"}, "working_days: 'monday' is none of mon, tue, wed, thu, fri, sat, sun"},
             {{"wed", "wed"}, "working_days: 'wed' appears more than once"}}) {
        auto parsed = parse_working_days(c.names);
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == Errc::bad_request);
        CHECK(parsed.error().message == c.message);
    }
}

TEST_CASE("clock times and quiet hours") {
    CHECK(*parse_clock("00:00", "f") == 0min);
    CHECK(*parse_clock("08:30", "f") == 510min);
    CHECK(*parse_clock("23:59", "f") == 1439min);
    CHECK(format_clock(510min) == "08:30");
    CHECK(format_clock(0min) == "00:00");
    for (const char* bad : {"24:00", "8:30", "08:60", "0830", "08:3a", "", "08:30:00"}) {
        CAPTURE(bad);
        auto parsed = parse_clock(bad, "quiet_hours.start");
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().message == "quiet_hours.start: a time HH:MM, 00:00-23:59");
    }
    auto night = make_quiet_hours("18:00", "08:00");
    REQUIRE(night);
    CHECK(*night == QuietHours{18h, 8h});
    CHECK(make_quiet_hours("08:00", "08:00").error().message == "quiet_hours: start and end must differ");
    CHECK(make_quiet_hours("18:00", "8:00").error().message == "quiet_hours.end: a time HH:MM, 00:00-23:59");
}
