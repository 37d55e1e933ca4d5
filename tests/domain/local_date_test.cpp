// Local dates in a team's zone: the instant a date begins, and a time on the team's wall clock.
#include "domain/calendar.hpp"

#include <doctest/doctest.h>

#include <vector>

namespace {

using namespace wp::domain;

constexpr auto monday = WeekStart::monday;

TimePoint utc(std::string_view text) {
    auto t = parse_rfc3339(text);
    REQUIRE_MESSAGE(t.has_value(), text);
    return *t;
}

Calendar calendar(std::string_view tz, WeekStart week_start) {
    auto made = Calendar::make(tz, week_start);
    REQUIRE_MESSAGE(made.has_value(), tz);
    return *made;
}

}  // namespace

TEST_CASE("day_start: the instant a local date begins, and only real dates") {
    struct Case { const char* tz; const char* date; const char* utc; };
    for (const auto& c : std::vector<Case>{
             {"America/Denver", "2026-12-01", "2026-12-01T07:00:00Z"},
             {"Europe/London", "2026-07-01", "2026-06-30T23:00:00Z"},
             {"Australia/Sydney", "2026-11-30", "2026-11-29T13:00:00Z"},
             {"America/Havana", "2026-03-08", "2026-03-08T05:00:00Z"},  // midnight skipped: the transition
             {"UTC", "2024-02-29", "2024-02-29T00:00:00Z"}}) {
        CAPTURE(c.tz);
        CAPTURE(c.date);
        auto t = calendar(c.tz, monday).day_start(c.date, "from");
        REQUIRE(t.has_value());
        CHECK(format_rfc3339(*t) == format_rfc3339(utc(c.utc)));
    }
    for (const char* bad : {"2026-02-30", "2025-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026/01/01",
                            "2026-01-01T00:00:00Z", "", "abcd-ef-gh", "2026-00-10"}) {
        CAPTURE(bad);
        auto t = calendar("UTC", monday).day_start(bad, "from");
        REQUIRE_FALSE(t.has_value());
        CHECK(t.error().message == "from: a date YYYY-MM-DD");
    }
}

TEST_CASE("format_local: the team's wall-clock time with its offset") {
    CHECK(calendar("America/Denver", monday).format_local(utc("2026-12-01T08:12:03.900Z")) ==
          "2026-12-01T01:12:03-07:00");
    CHECK(calendar("America/Denver", monday).format_local(utc("2026-07-01T08:12:03Z")) ==
          "2026-07-01T02:12:03-06:00");
    CHECK(calendar("Asia/Kolkata", monday).format_local(utc("2026-12-01T20:00:00Z")) ==
          "2026-12-02T01:30:00+05:30");
    CHECK(calendar("UTC", monday).format_local(utc("2026-12-01T00:00:00Z")) == "2026-12-01T00:00:00+00:00");
}
