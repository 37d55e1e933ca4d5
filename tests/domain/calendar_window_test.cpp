// Periods' windows in a team's time zone: bounded by local midnights, half-open, agreeing with the keys.
#include "domain/calendar.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "calendar_support.hpp"

using namespace calendar_support;

TEST_CASE("windows are bounded by local midnights in UTC") {
    struct Row {
        std::string_view tz;
        WeekStart week_start;
        Period period;
        std::string_view at;
        std::string_view start;
        std::string_view end;
        std::chrono::hours length;
    };
    const std::vector<Row> rows{
        // London: 23 and 25 hour days, weeks and months around them.
        {"Europe/London", monday, Period::day, "2026-07-15T12:00:00Z",
         "2026-07-14T23:00:00.000Z", "2026-07-15T23:00:00.000Z", 24h},
        {"Europe/London", monday, Period::day, "2026-03-29T12:00:00Z",
         "2026-03-29T00:00:00.000Z", "2026-03-29T23:00:00.000Z", 23h},
        {"Europe/London", monday, Period::day, "2026-10-25T12:00:00Z",
         "2026-10-24T23:00:00.000Z", "2026-10-26T00:00:00.000Z", 25h},
        {"Europe/London", monday, Period::week, "2026-03-29T12:00:00Z",
         "2026-03-23T00:00:00.000Z", "2026-03-29T23:00:00.000Z", 167h},
        {"Europe/London", sunday, Period::week, "2026-03-29T12:00:00Z",
         "2026-03-29T00:00:00.000Z", "2026-04-04T23:00:00.000Z", 167h},
        {"Europe/London", monday, Period::week, "2026-10-25T12:00:00Z",
         "2026-10-18T23:00:00.000Z", "2026-10-26T00:00:00.000Z", 169h},
        {"Europe/London", monday, Period::week, "2026-12-31T12:00:00Z",
         "2026-12-28T00:00:00.000Z", "2027-01-04T00:00:00.000Z", 168h},
        {"Europe/London", sunday, Period::week, "2027-01-01T12:00:00Z",
         "2026-12-27T00:00:00.000Z", "2027-01-03T00:00:00.000Z", 168h},
        {"Europe/London", monday, Period::month, "2026-03-15T12:00:00Z",
         "2026-03-01T00:00:00.000Z", "2026-03-31T23:00:00.000Z", 743h},
        {"Europe/London", monday, Period::month, "2026-10-15T12:00:00Z",
         "2026-09-30T23:00:00.000Z", "2026-11-01T00:00:00.000Z", 745h},
        {"Europe/London", monday, Period::month, "2026-10-31T23:59:59.999Z",
         "2026-09-30T23:00:00.000Z", "2026-11-01T00:00:00.000Z", 745h},
        {"Europe/London", monday, Period::quarter, "2026-02-14T12:00:00Z",
         "2026-01-01T00:00:00.000Z", "2026-03-31T23:00:00.000Z", 2159h},
        {"Europe/London", monday, Period::quarter, "2026-11-30T12:00:00Z",
         "2026-09-30T23:00:00.000Z", "2027-01-01T00:00:00.000Z", 2209h},

        // New York.
        {"America/New_York", monday, Period::day, "2026-03-08T12:00:00Z",
         "2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z", 23h},
        {"America/New_York", monday, Period::day, "2026-11-01T12:00:00Z",
         "2026-11-01T04:00:00.000Z", "2026-11-02T05:00:00.000Z", 25h},
        {"America/New_York", monday, Period::week, "2026-03-08T12:00:00Z",
         "2026-03-02T05:00:00.000Z", "2026-03-09T04:00:00.000Z", 167h},
        {"America/New_York", sunday, Period::week, "2026-03-10T12:00:00Z",
         "2026-03-08T05:00:00.000Z", "2026-03-15T04:00:00.000Z", 167h},
        {"America/New_York", sunday, Period::week, "2026-11-01T12:00:00Z",
         "2026-11-01T04:00:00.000Z", "2026-11-08T05:00:00.000Z", 169h},
        {"America/New_York", monday, Period::month, "2026-11-20T12:00:00Z",
         "2026-11-01T04:00:00.000Z", "2026-12-01T05:00:00.000Z", 721h},
        {"America/New_York", monday, Period::quarter, "2026-03-20T12:00:00Z",
         "2026-01-01T05:00:00.000Z", "2026-04-01T04:00:00.000Z", 2159h},

        // Sydney: DST ends in April and starts in October.
        {"Australia/Sydney", monday, Period::day, "2026-04-05T12:00:00Z",
         "2026-04-04T13:00:00.000Z", "2026-04-05T14:00:00.000Z", 25h},
        {"Australia/Sydney", monday, Period::day, "2026-10-04T12:00:00Z",
         "2026-10-03T14:00:00.000Z", "2026-10-04T13:00:00.000Z", 23h},
        {"Australia/Sydney", monday, Period::week, "2026-11-22T13:30:00Z",
         "2026-11-22T13:00:00.000Z", "2026-11-29T13:00:00.000Z", 168h},
        {"Australia/Sydney", monday, Period::week, "2026-04-05T12:00:00Z",
         "2026-03-29T13:00:00.000Z", "2026-04-05T14:00:00.000Z", 169h},
        {"Australia/Sydney", sunday, Period::week, "2026-04-05T12:00:00Z",
         "2026-04-04T13:00:00.000Z", "2026-04-11T14:00:00.000Z", 169h},
        {"Australia/Sydney", monday, Period::month, "2026-04-15T12:00:00Z",
         "2026-03-31T13:00:00.000Z", "2026-04-30T14:00:00.000Z", 721h},
        {"Australia/Sydney", monday, Period::quarter, "2026-05-15T12:00:00Z",
         "2026-03-31T13:00:00.000Z", "2026-06-30T14:00:00.000Z", 2185h},
        {"Australia/Sydney", monday, Period::quarter, "2026-11-15T12:00:00Z",
         "2026-09-30T14:00:00.000Z", "2026-12-31T13:00:00.000Z", 2207h},

        // A local midnight that never happens starts the day at the transition: Sao Paulo
        // jumped from 00:00 to 01:00 on 2018-11-04, Havana does so every March.
        {"America/Sao_Paulo", monday, Period::day, "2018-11-03T12:00:00Z",
         "2018-11-03T03:00:00.000Z", "2018-11-04T03:00:00.000Z", 24h},
        {"America/Sao_Paulo", monday, Period::day, "2018-11-04T12:00:00Z",
         "2018-11-04T03:00:00.000Z", "2018-11-05T02:00:00.000Z", 23h},
        {"America/Sao_Paulo", sunday, Period::week, "2018-11-04T12:00:00Z",
         "2018-11-04T03:00:00.000Z", "2018-11-11T02:00:00.000Z", 167h},
        {"America/Havana", monday, Period::day, "2026-03-08T12:00:00Z",
         "2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z", 23h},
        // A local midnight that happens twice (Havana, 01:00 -> 00:00): the earlier one.
        {"America/Havana", monday, Period::day, "2026-10-31T12:00:00Z",
         "2026-10-31T04:00:00.000Z", "2026-11-01T04:00:00.000Z", 24h},
        {"America/Havana", monday, Period::day, "2026-11-01T12:00:00Z",
         "2026-11-01T04:00:00.000Z", "2026-11-02T05:00:00.000Z", 25h},
        // A whole local day skipped: Samoa's Thu 2011-12-29 ran into Sat 2011-12-31.
        {"Pacific/Apia", monday, Period::day, "2011-12-29T12:00:00Z",
         "2011-12-29T10:00:00.000Z", "2011-12-30T10:00:00.000Z", 24h},
        {"Pacific/Apia", monday, Period::day, "2011-12-30T12:00:00Z",
         "2011-12-30T10:00:00.000Z", "2011-12-31T10:00:00.000Z", 24h},
        {"Pacific/Apia", monday, Period::week, "2011-12-30T12:00:00Z",
         "2011-12-26T10:00:00.000Z", "2012-01-01T10:00:00.000Z", 144h},
    };
    for (const auto& row : rows) {
        SUBCASE(describe(row.tz, row.week_start, row.period, row.at).c_str()) {
            const auto w = calendar(row.tz, row.week_start).window(row.period, utc(row.at));
            CHECK(format_rfc3339(w.start) == row.start);
            CHECK(format_rfc3339(w.end) == row.end);
            CHECK(w.end - w.start == row.length);
            CHECK(w.contains(utc(row.at)));
            CHECK(w.contains(w.start));
            CHECK(w.contains(w.end - 1ms));
            CHECK_FALSE(w.contains(w.start - 1ms));
            CHECK_FALSE(w.contains(w.end));
        }
    }
}

TEST_CASE("Period::all spans every instant") {
    const auto london = calendar("Europe/London", monday);
    const auto w = london.window(Period::all, utc("2026-11-24T09:14:03Z"));
    CHECK(w == Window{TimePoint::min(), TimePoint::max()});
    for (const auto text :
         {"1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"})
        CHECK(w.contains(utc(text)));
}

TEST_CASE("Window::contains is half-open") {
    const Window w{utc("2026-11-23T00:00:00Z"), utc("2026-11-24T00:00:00Z")};
    struct Row {
        std::string_view at;
        bool inside;
    };
    for (const auto& [at, inside] : std::vector<Row>{{"2026-11-22T23:59:59.999Z", false},
                                                      {"2026-11-23T00:00:00Z", true},
                                                      {"2026-11-23T12:00:00Z", true},
                                                      {"2026-11-23T23:59:59.999Z", true},
                                                      {"2026-11-24T00:00:00Z", false}}) {
        SUBCASE(std::string(at).c_str()) { CHECK(w.contains(utc(at)) == inside); }
    }
    CHECK_FALSE(Window{utc("2026-11-23T00:00:00Z"), utc("2026-11-23T00:00:00Z")}.contains(
        utc("2026-11-23T00:00:00Z")));
}

// Whatever the zone does, periods tile time: each window holds exactly the instants with its
// key, and the next window starts where it ends. Walks every period of the spans once.
TEST_CASE("windows and keys agree everywhere") {
    struct Span {
        std::string_view from;
        std::string_view to;
    };
    const std::vector<Span> spans{{"2011-12-01T00:00:00Z", "2012-01-15T00:00:00Z"},
                                  {"2018-10-20T00:00:00Z", "2019-03-01T00:00:00Z"},
                                  {"2025-12-01T00:00:00Z", "2027-01-15T00:00:00Z"}};
    const std::vector<std::string_view> zones{
        "UTC",            "Europe/London",     "America/New_York", "Australia/Sydney",
        "America/Havana", "America/Sao_Paulo", "Pacific/Apia",     "Australia/Lord_Howe",
        "Asia/Kathmandu", "Pacific/Chatham"};
    const std::array periods{Period::day, Period::week, Period::month, Period::quarter};
    // Each window is probed at a different time of its first day; under 23 h, so the probe
    // never jumps over a short day.
    constexpr auto probe_step = 7h + 37min + 11s + 123ms;
    constexpr std::chrono::milliseconds shortest_day = 23h;

    for (const auto tz : zones) {
        for (const auto week_start : {monday, sunday}) {
            const auto cal = calendar(tz, week_start);
            for (const auto p : periods) {
                SUBCASE(describe(tz, week_start, p, "").c_str()) {
                    std::string problem;
                    std::size_t windows = 0;
                    std::chrono::milliseconds probe{0};
                    for (const auto& span : spans) {
                        const auto to = utc(span.to);
                        for (auto t = utc(span.from); t < to && problem.empty(); ++windows) {
                            const auto w = cal.window(p, t);
                            const auto key = cal.period_key(p, t);
                            if (!w.contains(t))
                                problem = "window does not hold its instant";
                            else if (cal.period_key(p, w.start) != key ||
                                     cal.period_key(p, w.end - 1ms) != key)
                                problem = "key differs inside the window";
                            else if (cal.period_key(p, w.start - 1ms) == key ||
                                     cal.period_key(p, w.end) == key)
                                problem = "key continues outside the window";
                            else if (cal.window(p, w.start) != w || cal.window(p, w.end - 1ms) != w)
                                problem = "window differs inside the window";
                            else if (cal.window(p, w.start - 1ms).end != w.start)
                                problem = "previous window does not end at the start";
                            if (!problem.empty()) problem += " at " + format_rfc3339(t);
                            probe = (probe + probe_step) % shortest_day;
                            t = w.end + probe;
                        }
                    }
                    CHECK(problem == "");
                    CHECK(windows >= 10);  // even quarters: 2 + 2 + 6 of them
                }
            }
        }
    }
}
