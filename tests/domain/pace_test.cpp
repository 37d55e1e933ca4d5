// Pace on the team's working hours: working days, outside quiet hours, in its own zone, across
// daylight-saving changes.
#include "domain/pace.hpp"

#include <doctest/doctest.h>

using namespace wp::domain;
using namespace std::chrono_literals;

namespace {
TimePoint at(const char* text) {
    auto t = parse_rfc3339(text);
    REQUIRE(t);
    return *t;
}
struct Setup {
    Team team;
    Calendar calendar;
};
Setup team_in(const char* tz, WeekStart week_start = WeekStart::monday) {
    auto team = make_team("alpha", "Alpha", tz, week_start, {});
    REQUIRE(team);
    auto calendar = Calendar::make(tz, week_start);
    REQUIRE(calendar);
    return {*team, *calendar};
}
double hours(std::chrono::milliseconds ms) { return static_cast<double>(ms.count()) / 3600000.0; }
}  // namespace

TEST_CASE("pace: a weekly target spread over Monday-Friday 09:00-17:00 when the team sets no hours") {
    auto [team, cal] = team_in("Europe/London");
    auto p = pace(cal, team, Period::week, at("2026-12-07T13:00:00Z"), 40);  // Monday 13:00 GMT
    REQUIRE(p);
    CHECK(hours(p->working) == doctest::Approx(40));
    CHECK(hours(p->elapsed) == doctest::Approx(4));
    CHECK(p->share == doctest::Approx(0.1));
    CHECK(p->expected == doctest::Approx(4));
    // Before work on Monday nothing is expected yet; after Friday's close, all of it.
    CHECK(pace(cal, team, Period::week, at("2026-12-07T08:59:00Z"), 40)->expected == doctest::Approx(0));
    CHECK(pace(cal, team, Period::week, at("2026-12-11T17:00:00Z"), 40)->expected == doctest::Approx(40));
    CHECK(pace(cal, team, Period::week, at("2026-12-12T11:00:00Z"), 40)->share == doctest::Approx(1));
    // Lunchtime Wednesday: 2.5 of 5 days.
    CHECK(pace(cal, team, Period::week, at("2026-12-09T13:00:00Z"), 50)->expected == doctest::Approx(25));
}

TEST_CASE("pace: a day target, in the team's zone, none on a day off, none for quarter and all") {
    auto [team, cal] = team_in("America/New_York");
    auto noon = pace(cal, team, Period::day, at("2026-11-30T17:00:00Z"), 8);  // Monday 12:00 EST
    REQUIRE(noon);
    CHECK(hours(noon->working) == doctest::Approx(8));
    CHECK(noon->expected == doctest::Approx(3));
    CHECK_FALSE(pace(cal, team, Period::day, at("2026-12-05T17:00:00Z"), 8));  // Saturday
    CHECK_FALSE(pace(cal, team, Period::quarter, at("2026-11-30T17:00:00Z"), 8));
    CHECK_FALSE(pace(cal, team, Period::all, at("2026-11-30T17:00:00Z"), 8));
    // 23:30 EST on Monday is already Tuesday in UTC: still Monday's day, all of it past.
    CHECK(pace(cal, team, Period::day, at("2026-12-01T04:30:00Z"), 8)->expected == doctest::Approx(8));
}

TEST_CASE("pace: a month of working days (December 2026: 23 of them)") {
    auto [team, cal] = team_in("UTC");
    auto p = pace(cal, team, Period::month, at("2026-12-16T09:00:00Z"), 184);
    REQUIRE(p);
    CHECK(hours(p->working) == doctest::Approx(23 * 8));
    CHECK(hours(p->elapsed) == doctest::Approx(11 * 8));  // Dec 1-4, 7-11, 14-15 done, the 16th not begun
    CHECK(p->expected == doctest::Approx(88));
}

TEST_CASE("pace: the team's own working days and quiet hours") {
    auto [team, cal] = team_in("UTC");
    team.work_week.days = *parse_working_days({"sun", "mon", "tue", "wed", "thu"});
    team.work_week.quiet = *parse_quiet_hours("18:00", "08:00");  // work 08:00-18:00
    auto sunday = pace(cal, team, Period::day, at("2026-12-06T13:00:00Z"), 10);
    REQUIRE(sunday);
    CHECK(hours(sunday->working) == doctest::Approx(10));
    CHECK(sunday->expected == doctest::Approx(5));
    CHECK_FALSE(pace(cal, team, Period::day, at("2026-12-04T13:00:00Z"), 10));  // Friday off
    // The Monday week holds Mon-Thu and Sunday the 13th: 50 hours.
    CHECK(hours(pace(cal, team, Period::week, at("2026-12-07T08:00:00Z"), 50)->working) == doctest::Approx(50));
    // Quiet from midnight to 08:00: work runs to the end of the day.
    team.work_week.quiet = *parse_quiet_hours("00:00", "08:00");
    CHECK(hours(pace(cal, team, Period::day, at("2026-12-07T08:00:00Z"), 16)->working) == doctest::Approx(16));
    // Quiet 02:00-04:00 only: work runs from 04:00 to 02:00 the next day. Monday holds 04:00-24:00
    // (Sunday worked too, so its hours until 02:00 are Monday's as well).
    team.work_week.quiet = *parse_quiet_hours("02:00", "04:00");
    CHECK(hours(pace(cal, team, Period::day, at("2026-12-07T12:00:00Z"), 22)->working) == doctest::Approx(22));
    // Friday is off: its day holds only the two hours Thursday's run goes on into it; Saturday none.
    CHECK_FALSE(pace(cal, team, Period::day, at("2026-12-05T12:00:00Z"), 22));
    CHECK(hours(pace(cal, team, Period::day, at("2026-12-04T12:00:00Z"), 22)->working) == doctest::Approx(2));
}

TEST_CASE("pace across daylight-saving changes: the hours the clock skips or repeats") {
    auto [team, cal] = team_in("Europe/London");
    team.work_week.days = *parse_working_days({"mon", "tue", "wed", "thu", "fri", "sat", "sun"});
    team.work_week.quiet = *parse_quiet_hours("03:00", "00:00");  // work 00:00-03:00 local
    // 29 March 2026: 01:00 GMT jumps to 02:00 BST, so 00:00-03:00 local is two real hours.
    auto spring = pace(cal, team, Period::day, at("2026-03-29T01:30:00Z"), 30);  // 02:30 BST
    REQUIRE(spring);
    CHECK(hours(spring->working) == doctest::Approx(2));
    CHECK(hours(spring->elapsed) == doctest::Approx(1.5));
    CHECK(spring->expected == doctest::Approx(22.5));
    CHECK(hours(pace(cal, team, Period::day, at("2026-03-28T01:30:00Z"), 30)->working) == doctest::Approx(3));
    // 25 October 2026: 02:00 BST falls back to 01:00 GMT, so 00:00-03:00 local is four real hours.
    auto autumn = pace(cal, team, Period::day, at("2026-10-25T01:00:00Z"), 40);  // the second 01:00 local
    REQUIRE(autumn);
    CHECK(hours(autumn->working) == doctest::Approx(4));
    CHECK(hours(autumn->elapsed) == doctest::Approx(2));  // from 23:00Z the day before
    CHECK(autumn->expected == doctest::Approx(20));
}

TEST_CASE("pace: office hours keep their wall-clock times on both sides of a change") {
    auto [team, cal] = team_in("Europe/London");
    // The week the clocks go forward (Sunday 29 March) has its 40 hours; the next starts at 09:00 BST.
    CHECK(hours(pace(cal, team, Period::week, at("2026-03-27T12:00:00Z"), 40)->working) == doctest::Approx(40));
    auto monday = pace(cal, team, Period::week, at("2026-03-30T08:30:00Z"), 40);  // 09:30 BST
    REQUIRE(monday);
    CHECK(hours(monday->working) == doctest::Approx(40));
    CHECK(hours(monday->elapsed) == doctest::Approx(0.5));
}

TEST_CASE("pace: a Sunday-start week") {
    auto [team, cal] = team_in("America/Chicago", WeekStart::sunday);
    auto p = pace(cal, team, Period::week, at("2026-12-06T20:00:00Z"), 40);  // Sunday 14:00 CST: no work yet
    REQUIRE(p);
    CHECK(hours(p->working) == doctest::Approx(40));
    CHECK(p->expected == doctest::Approx(0));
    CHECK(pace(cal, team, Period::week, at("2026-12-07T23:00:00Z"), 40)->expected == doctest::Approx(8));  // Monday 17:00 CST
}
