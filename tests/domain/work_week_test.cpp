// A team's working week in its own zone: working days, quiet hours, the week in review's day and
// working-day streaks, across daylight-saving changes and zones far from UTC.
#include "domain/work_week.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

using namespace wp::domain;

TimePoint at(const char* rfc3339) { return *parse_rfc3339(rfc3339); }
Calendar calendar(const char* tz, WeekStart start = WeekStart::monday) { return *Calendar::make(tz, start); }
WorkWeek nights(std::vector<Weekday> days = default_working_days()) {
    return WorkWeek{std::move(days), QuietHours{19 * 60, 7 * 60}};
}

}  // namespace

TEST_CASE("working_days: 1-7 different day names, kept in week order") {
    CHECK(*parse_working_days({"fri", "mon"}) == std::vector<Weekday>{Weekday::mon, Weekday::fri});
    CHECK(parse_working_days({"sun", "mon", "tue", "wed", "thu", "fri", "sat"})->size() == 7);
    struct Case { std::vector<std::string> names; std::string message; };
    for (const auto& c : std::vector<Case>{
             {{}, "working_days: 1-7 different days of mon, tue, wed, thu, fri, sat, sun"},
             {{"mon", "Monday"}, "working_days: 'Monday' is not one of mon, tue, wed, thu, fri, sat, sun"},
             {{"mon", "mon"}, "working_days: 'mon' appears more than once"},
             {{"mon", "tue", "wed", "thu", "fri", "sat", "sun", "mon"}, "working_days: 1-7 different days of mon, tue, wed, thu, fri, sat, sun"}}) {
        auto r = parse_working_days(c.names);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == Errc::bad_request);
        CHECK(r.error().message == c.message);
    }
    CHECK(to_string(Weekday::sun) == "sun");
    CHECK(default_working_days() == *parse_working_days({"mon", "tue", "wed", "thu", "fri"}));
}

TEST_CASE("quiet_hours: HH:MM twice, different, named in every error") {
    CHECK(*parse_quiet_hours("19:00", "07:30") == QuietHours{1140, 450});
    CHECK(*parse_quiet_hours("00:00", "23:59") == QuietHours{0, 1439});
    struct Case { const char* start; const char* end; const char* message; };
    for (const auto& c : std::vector<Case>{
             {"7:00", "19:00", "quiet_hours.start: a local time HH:MM, 00:00-23:59"},
             {"24:00", "07:00", "quiet_hours.start: a local time HH:MM, 00:00-23:59"},
             {"19:00", "07:60", "quiet_hours.end: a local time HH:MM, 00:00-23:59"},
             {"19:00", "7pm", "quiet_hours.end: a local time HH:MM, 00:00-23:59"},
             {"19:00", "19:00", "quiet_hours: start and end differ (19:00 to 07:00 is the night)"}}) {
        CAPTURE(c.start);
        CAPTURE(c.end);
        auto r = parse_quiet_hours(c.start, c.end);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().message == c.message);
    }
    CHECK(format_clock(450) == "07:30");
    CHECK(format_clock(0) == "00:00");
}

TEST_CASE("quiet: a day off all day, the night on a working day, in the team's wall-clock time") {
    const auto denver = calendar("America/Denver");
    struct Case { const char* at; bool quiet; const char* why; };
    for (const auto& c : std::vector<Case>{
             {"2026-11-24T14:00:00Z", false, "Tuesday 07:00 MST: quiet hours just ended"},
             {"2026-11-24T13:59:59Z", true, "Tuesday 06:59:59 MST"},
             {"2026-11-25T01:59:00Z", false, "Tuesday 18:59 MST (Wednesday in UTC)"},
             {"2026-11-25T02:00:00Z", true, "Tuesday 19:00 MST"},
             {"2026-11-28T19:00:00Z", true, "Saturday noon: a day off"},
             {"2026-11-30T13:30:00Z", true, "Monday 06:30 after the weekend"},
             {"2026-11-30T14:30:00Z", false, "Monday 07:30"},
             // Daylight saving starts on Sunday 8 March 2026 (02:00 -> 03:00) and ends on Sunday
             // 1 November (02:00 -> 01:00): on the Mondays after, 07:00 is a different UTC hour.
             {"2026-03-09T13:30:00Z", false, "Monday 07:30 MDT (UTC-6)"},
             {"2026-03-09T12:30:00Z", true, "Monday 06:30 MDT"},
             {"2026-03-06T13:30:00Z", true, "Friday 06:30 MST (UTC-7): still quiet"},
             {"2026-11-02T13:30:00Z", true, "Monday 06:30 MST, the day after the change"},
             {"2026-10-30T13:30:00Z", false, "Friday 07:30 MDT, before it"}}) {
        CAPTURE(c.why);
        CHECK(is_quiet(nights(), denver, at(c.at)) == c.quiet);
    }
    // Without quiet hours only days off are quiet; quiet hours inside one day work too.
    const WorkWeek plain;
    CHECK_FALSE(is_quiet(plain, denver, at("2026-11-25T06:00:00Z")));  // Tuesday 23:00
    CHECK(is_quiet(plain, denver, at("2026-11-29T18:00:00Z")));         // Sunday
    const WorkWeek lunch{default_working_days(), QuietHours{12 * 60, 13 * 60}};
    CHECK(is_quiet(lunch, denver, at("2026-11-24T19:30:00Z")));         // Tuesday 12:30
    CHECK_FALSE(is_quiet(lunch, denver, at("2026-11-24T20:00:00Z")));   // Tuesday 13:00
}

TEST_CASE("quiet: the hours that repeat when the clocks go back are quiet both times") {
    // Europe/London, Sunday 25 October 2026: 01:00-02:00 BST, then 01:00-02:00 GMT again. A team
    // working Sunday with quiet hours 00:30-01:30 is quiet in both passes of 01:15.
    const auto london = calendar("Europe/London");
    const WorkWeek week{*parse_working_days({"sun"}), QuietHours{30, 90}};
    CHECK(is_quiet(week, london, at("2026-10-25T00:15:00Z")));        // 01:15 BST
    CHECK(is_quiet(week, london, at("2026-10-25T01:15:00Z")));        // 01:15 GMT
    CHECK_FALSE(is_quiet(week, london, at("2026-10-25T01:45:00Z")));  // 01:45 GMT
    // The skipped hour in spring (29 March, 01:00 -> 02:00 BST): 00:59 GMT is quiet, the next
    // minute is 02:00 BST and not.
    CHECK(is_quiet(week, london, at("2026-03-29T00:59:00Z")));
    CHECK_FALSE(is_quiet(week, london, at("2026-03-29T01:00:00Z")));
}

TEST_CASE("the week in review: the last working day of the team's week, in its zone") {
    CHECK(WorkWeek{}.review_day(WeekStart::monday) == Weekday::fri);
    CHECK(WorkWeek{*parse_working_days({"sun", "mon", "tue", "wed", "thu"}), {}}.review_day(WeekStart::sunday) == Weekday::thu);
    CHECK(WorkWeek{*parse_working_days({"mon", "sat"}), {}}.review_day(WeekStart::monday) == Weekday::sat);
    // A week starting sunday whose team works every day ends on saturday; one starting monday on sunday.
    CHECK(WorkWeek{*parse_working_days({"sun", "mon", "tue", "wed", "thu", "fri", "sat"}), {}}.review_day(WeekStart::sunday) == Weekday::sat);
    CHECK(WorkWeek{*parse_working_days({"sun", "mon", "tue", "wed", "thu", "fri", "sat"}), {}}.review_day(WeekStart::monday) == Weekday::sun);

    struct Case { const char* tz; const char* at; bool review; const char* why; };
    for (const auto& c : std::vector<Case>{
             {"America/Denver", "2026-11-27T07:30:00Z", true, "Friday 00:30 MST"},
             {"America/Denver", "2026-11-27T06:30:00Z", false, "Thursday 23:30 MST, Friday in UTC"},
             {"America/Denver", "2026-11-28T06:59:00Z", true, "Friday 23:59 MST, Saturday in UTC"},
             {"Pacific/Auckland", "2026-11-26T11:30:00Z", true, "Friday 00:30 NZDT, Thursday in UTC"},
             {"Pacific/Auckland", "2026-11-27T11:30:00Z", false, "Saturday 00:30 NZDT"},
             // The Friday before Europe's spring change and the one before the autumn change.
             {"Europe/London", "2026-03-27T23:59:00Z", true, "Friday 23:59 GMT"},
             {"Europe/London", "2026-10-23T23:30:00Z", false, "Saturday 00:30 BST"},
             {"Europe/London", "2026-10-23T22:30:00Z", true, "Friday 23:30 BST"}}) {
        CAPTURE(c.why);
        CHECK(is_review_day(WorkWeek{}, calendar(c.tz), at(c.at)) == c.review);
    }
}

TEST_CASE("streaks: working days with activity, counted back, days off skipped, today once active") {
    const auto denver = calendar("America/Denver");
    // Wednesday 25 November 2026, 10:00 MST.
    const auto wednesday = at("2026-11-25T17:00:00Z");
    CHECK(recent_working_dates(WorkWeek{}, denver, wednesday, 4) ==
          std::vector<std::string>{"2026-11-25", "2026-11-24", "2026-11-23", "2026-11-20"});
    struct Case { std::set<std::string> active; int streak; const char* why; };
    for (const auto& c : std::vector<Case>{
             {{}, 0, "nothing logged"},
             {{"2026-11-25"}, 1, "today only"},
             {{"2026-11-24", "2026-11-23"}, 2, "today not yet: the streak up to yesterday stands"},
             {{"2026-11-25", "2026-11-24", "2026-11-23", "2026-11-20", "2026-11-19"}, 5, "across the weekend"},
             {{"2026-11-25", "2026-11-24", "2026-11-22", "2026-11-20"}, 2, "Monday missing breaks it; Sunday does not count"},
             {{"2026-11-23"}, 0, "yesterday missing breaks it"}}) {
        CAPTURE(c.why);
        CHECK(working_day_streak(WorkWeek{}, denver, wednesday, c.active) == c.streak);
    }
    // On a day off the streak is the one up to the last working day.
    CHECK(working_day_streak(WorkWeek{}, denver, at("2026-11-28T17:00:00Z"), {"2026-11-27", "2026-11-26"}) == 2);
    // The Monday after the clocks went back (Sunday 1 November): local days, not 24-hour steps.
    CHECK(recent_working_dates(WorkWeek{}, denver, at("2026-11-02T07:30:00Z"), 2) ==
          std::vector<std::string>{"2026-11-02", "2026-10-30"});
    CHECK(working_day_streak(WorkWeek{}, denver, at("2026-11-02T07:30:00Z"), {"2026-11-02", "2026-10-30", "2026-10-29"}) == 3);
    // Capped at `longest`.
    std::set<std::string> every;
    for (const auto& d : recent_working_dates(WorkWeek{}, denver, wednesday, 80)) every.insert(d);
    CHECK(working_day_streak(WorkWeek{}, denver, wednesday, every, 60) == 60);
}
