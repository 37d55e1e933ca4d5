// Streaks and the weekly rhythm on a team's working days, in its zone: weekends neither break
// nor extend a streak, days are local calendar days across DST changes, and the same instant is
// another day in another zone.
#include "domain/streak.hpp"

#include <doctest/doctest.h>

using namespace wp::domain;

namespace {
Calendar calendar(const char* tz, WeekStart start = WeekStart::monday) { return *Calendar::make(tz, start); }
TimePoint at(const char* text) { return *parse_rfc3339(text); }
WorkWeek days(std::vector<std::string> names) { return WorkWeek{*parse_working_days(names), std::nullopt}; }
const WorkWeek weekdays{};
}  // namespace

TEST_CASE("streak days: the working days back from today, weekends left out") {
    auto london = calendar("Europe/London");
    // Tuesday 1 December 2026, 10:00 in London.
    auto keys = working_day_keys(london, weekdays, at("2026-12-01T10:00:00Z"), 6);
    CHECK(keys.starts_today);
    CHECK(keys.keys == std::vector<std::string>{"d:2026-12-01", "d:2026-11-30", "d:2026-11-27", "d:2026-11-26",
                                                "d:2026-11-25", "d:2026-11-24"});
    // Saturday: not a working day, so the first key is Friday and today cannot count.
    auto saturday = working_day_keys(london, weekdays, at("2026-12-05T12:00:00Z"), 2);
    CHECK_FALSE(saturday.starts_today);
    CHECK(saturday.keys == std::vector<std::string>{"d:2026-12-04", "d:2026-12-03"});
    // A six-day week counts Saturday.
    auto six = working_day_keys(london, days({"mon", "tue", "wed", "thu", "fri", "sat"}), at("2026-12-05T12:00:00Z"), 2);
    CHECK(six.starts_today);
    CHECK(six.keys == std::vector<std::string>{"d:2026-12-05", "d:2026-12-04"});
}

TEST_CASE("streak rules: today without activity yet does not break it, a working day without does") {
    auto london = calendar("Europe/London");
    auto tuesday = at("2026-12-01T10:00:00Z");
    auto keys = working_day_keys(london, weekdays, tuesday, 5);  // Tue, Mon, Fri, Thu, Wed
    auto streak = [&](std::vector<bool> active) { return current_streak(weekdays, london, tuesday, keys, active); };
    CHECK(streak({true, true, true, false, true}) == 3);
    CHECK(streak({false, true, true, false, true}) == 2);  // nothing logged today yet
    CHECK(streak({true, false, true, true, true}) == 1);
    CHECK(streak({}) == 0);
    // Saturday is no working day: Friday without activity ends the streak at 0.
    auto saturday = at("2026-12-05T12:00:00Z");
    auto weekend = working_day_keys(london, weekdays, saturday, 3);
    CHECK(current_streak(weekdays, london, saturday, weekend, {false, true, true}) == 0);
    CHECK(current_streak(weekdays, london, saturday, weekend, {true, true, false}) == 2);
    // Friday and Monday active, the weekend between them empty: Monday's streak is 2, since the
    // keys hold working days only; a Saturday's activity is not among them either.
    auto monday = at("2026-11-30T09:00:00Z");
    auto over = working_day_keys(london, weekdays, monday, 3);
    CHECK(over.keys == std::vector<std::string>{"d:2026-11-30", "d:2026-11-27", "d:2026-11-26"});
    CHECK(current_streak(weekdays, london, monday, over, {true, true, false}) == 2);
    CHECK(is_streak_milestone(5));
    CHECK(is_streak_milestone(10));
    CHECK(is_streak_milestone(20));
    CHECK_FALSE(is_streak_milestone(6));
}

TEST_CASE("streak days across DST: local calendar days, not 24-hour steps") {
    auto every_day = days({"mon", "tue", "wed", "thu", "fri", "sat", "sun"});
    // London springs forward on Sunday 29 March 2026 (a 23-hour day): 00:30 on Monday 30 March is
    // 23:30 UTC on the 29th.
    auto spring = working_day_keys(calendar("Europe/London"), every_day, at("2026-03-29T23:30:00Z"), 3);
    CHECK(spring.keys == std::vector<std::string>{"d:2026-03-30", "d:2026-03-29", "d:2026-03-28"});
    // New York falls back on Sunday 1 November 2026 (a 25-hour day): 23:30 on the 1st is 04:30 UTC on the 2nd.
    auto autumn = working_day_keys(calendar("America/New_York"), every_day, at("2026-11-02T04:30:00Z"), 3);
    CHECK(autumn.keys == std::vector<std::string>{"d:2026-11-01", "d:2026-10-31", "d:2026-10-30"});
    // Weekdays only, over the London change: Monday, then the Friday before.
    auto weekdays_spring = working_day_keys(calendar("Europe/London"), weekdays, at("2026-03-29T23:30:00Z"), 2);
    CHECK(weekdays_spring.keys == std::vector<std::string>{"d:2026-03-30", "d:2026-03-27"});
}

TEST_CASE("streak days in other zones: the same instant is another local day") {
    auto instant = at("2026-12-01T02:00:00Z");  // Tuesday in London and Tokyo, Monday evening in Los Angeles
    CHECK(working_day_keys(calendar("America/Los_Angeles"), weekdays, instant, 1).keys[0] == "d:2026-11-30");
    CHECK(working_day_keys(calendar("Asia/Tokyo"), weekdays, instant, 1).keys[0] == "d:2026-12-01");
    // Sunday 22:00 UTC is already Monday in Auckland (UTC+13): a working day there, not in London.
    auto sunday_night = at("2026-12-06T22:00:00Z");
    CHECK(working_day_keys(calendar("Pacific/Auckland"), weekdays, sunday_night, 1).starts_today);
    CHECK_FALSE(working_day_keys(calendar("Europe/London"), weekdays, sunday_night, 1).starts_today);
}

TEST_CASE("weekly rhythm: the commitment from the first working day, how it went from the last") {
    auto london = calendar("Europe/London");
    auto monday = week_rhythm(london, weekdays, at("2026-11-30T08:00:00Z"));
    CHECK(monday.week == "w:2026-W49");
    CHECK(monday.first_day == "2026-11-30");
    CHECK(monday.last_day == "2026-12-04");
    CHECK(monday.today == "2026-11-30");
    CHECK(checkin_ask(monday, false, false) == std::optional<std::string>("commitment"));
    CHECK(checkin_ask(monday, true, false) == std::nullopt);
    auto friday = week_rhythm(london, weekdays, at("2026-12-04T15:00:00Z"));
    CHECK(checkin_ask(friday, true, false) == std::optional<std::string>("reflection"));
    CHECK(checkin_ask(friday, true, true) == std::nullopt);
    CHECK(checkin_ask(friday, false, false) == std::optional<std::string>("commitment"));  // commit first, even late
    auto saturday = week_rhythm(london, weekdays, at("2026-12-05T10:00:00Z"));
    CHECK(checkin_ask(saturday, true, false) == std::optional<std::string>("reflection"));
    // A Sunday-start team working Sunday to Thursday: the week of Sunday 29 November.
    auto gulf = calendar("Asia/Dubai", WeekStart::sunday);
    auto sunday = week_rhythm(gulf, days({"sun", "mon", "tue", "wed", "thu"}), at("2026-11-29T06:00:00Z"));
    CHECK(sunday.first_day == "2026-11-29");
    CHECK(sunday.last_day == "2026-12-03");
    CHECK(checkin_ask(sunday, false, false) == std::optional<std::string>("commitment"));
    // Working only Tuesday to Friday: Monday asks for nothing yet.
    auto late_start = week_rhythm(london, days({"tue", "wed", "thu", "fri"}), at("2026-11-30T08:00:00Z"));
    CHECK(late_start.first_day == "2026-12-01");
    CHECK(checkin_ask(late_start, false, false) == std::nullopt);
}
