// Periods in a team's time zone: names, zones, keys and their edges, DST days included.
#include "domain/calendar.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "calendar_support.hpp"

using namespace calendar_support;

TEST_CASE("Period names") {
    const std::vector<std::pair<Period, std::string_view>> names{
        {Period::day, "day"}, {Period::week, "week"}, {Period::month, "month"},
        {Period::quarter, "quarter"}, {Period::all, "all"}};
    REQUIRE(names.size() == all_periods.size());
    for (const auto& [period, name] : names) {
        SUBCASE(std::string(name).c_str()) {
            CHECK(to_string(period) == name);
            CHECK(parse_period(name) == period);
        }
    }
    for (std::string_view bad : {"", "Day", "WEEK", "year", "days", " week", "week ", "d"}) {
        SUBCASE(("rejects '" + std::string(bad) + "'").c_str()) {
            CHECK_FALSE(parse_period(bad).has_value());
        }
    }
}

TEST_CASE("WeekStart names") {
    CHECK(to_string(monday) == "monday");
    CHECK(to_string(sunday) == "sunday");
    CHECK(*parse_week_start("monday") == monday);
    CHECK(*parse_week_start("sunday") == sunday);
    for (std::string_view bad : {"", "Monday", "SUNDAY", "saturday", "mon", "sun", " monday"}) {
        SUBCASE(("rejects '" + std::string(bad) + "'").c_str()) {
            const auto parsed = parse_week_start(bad);
            REQUIRE_FALSE(parsed.has_value());
            CHECK(parsed.error().code == Errc::bad_request);
            CHECK(parsed.error().message == "week_start: monday or sunday");
        }
    }
}

TEST_CASE("Calendar::make knows IANA zones only") {
    for (std::string_view tz : {"Europe/London", "America/New_York", "Australia/Sydney", "UTC",
                                "Etc/UTC", "Asia/Kathmandu", "America/Argentina/Buenos_Aires",
                                "US/Eastern", "Europe/Kiev", "Europe/Kyiv"}) {
        SUBCASE(std::string(tz).c_str()) {
            const auto made = Calendar::make(tz, sunday);
            REQUIRE(made.has_value());
            CHECK(made->week_start() == sunday);
            REQUIRE(made->zone() != nullptr);
        }
    }
    // Not zones, files beside them, other spellings, and "localtime" (the server's own clock).
    for (std::string_view tz : {"", "Mars/Olympus_Mons", "europe/london", "Europe/London ",
                                " Europe/London", "Europe", "localtime", "posixrules",
                                "posix/Europe/London", "right/Europe/London", "zone.tab",
                                "tzdata.zi", "../../etc/passwd", "/usr/share/zoneinfo/UTC",
                                "+01:00", "BST"}) {
        SUBCASE(("rejects '" + std::string(tz) + "'").c_str()) {
            const auto made = Calendar::make(tz, monday);
            REQUIRE_FALSE(made.has_value());
            CHECK(made.error().code == Errc::bad_request);
            CHECK(made.error().message == "tz: unknown time zone '" + std::string(tz) + "'");
        }
    }
}

TEST_CASE("period keys follow the team's local calendar") {
    struct Row {
        std::string_view tz;
        WeekStart week_start;
        std::string_view at;
        Period period;
        std::string_view key;
    };
    const std::vector<Row> rows{
        // Sydney: Monday 00:30 local is a new week although it is still Sunday in UTC.
        {"Australia/Sydney", monday, "2026-11-22T13:30:00Z", Period::week, "w:2026-W48"},
        {"Australia/Sydney", monday, "2026-11-22T13:30:00Z", Period::day, "d:2026-11-23"},
        {"Australia/Sydney", monday, "2026-11-23T00:30:00+11:00", Period::week, "w:2026-W48"},
        {"Australia/Sydney", monday, "2026-11-22T12:59:59.999Z", Period::week, "w:2026-W47"},
        {"Australia/Sydney", monday, "2026-11-22T12:59:59.999Z", Period::day, "d:2026-11-22"},
        {"Australia/Sydney", monday, "2026-11-22T13:00:00Z", Period::week, "w:2026-W48"},
        // Sydney, DST ends Sun 2026-04-05 03:00 AEDT -> 02:00 AEST (16:00Z on the 4th).
        {"Australia/Sydney", monday, "2026-04-04T12:59:59.999Z", Period::day, "d:2026-04-04"},
        {"Australia/Sydney", monday, "2026-04-04T13:00:00Z", Period::day, "d:2026-04-05"},
        {"Australia/Sydney", monday, "2026-04-05T02:30:00+11:00", Period::day, "d:2026-04-05"},
        {"Australia/Sydney", monday, "2026-04-05T02:30:00+10:00", Period::day, "d:2026-04-05"},
        {"Australia/Sydney", monday, "2026-04-05T13:59:59.999Z", Period::day, "d:2026-04-05"},
        {"Australia/Sydney", monday, "2026-04-05T13:59:59.999Z", Period::week, "w:2026-W14"},
        {"Australia/Sydney", monday, "2026-04-05T14:00:00Z", Period::day, "d:2026-04-06"},
        {"Australia/Sydney", monday, "2026-04-05T14:00:00Z", Period::week, "w:2026-W15"},
        {"Australia/Sydney", sunday, "2026-04-04T12:59:59.999Z", Period::week, "w:2026-W14"},
        {"Australia/Sydney", sunday, "2026-04-04T13:00:00Z", Period::week, "w:2026-W15"},
        // Sydney, DST starts Sun 2026-10-04 02:00 AEST -> 03:00 AEDT (16:00Z on the 3rd).
        {"Australia/Sydney", monday, "2026-10-03T13:59:59.999Z", Period::day, "d:2026-10-03"},
        {"Australia/Sydney", monday, "2026-10-03T14:00:00Z", Period::day, "d:2026-10-04"},
        {"Australia/Sydney", monday, "2026-10-03T16:00:00Z", Period::day, "d:2026-10-04"},
        {"Australia/Sydney", monday, "2026-10-04T12:59:59.999Z", Period::day, "d:2026-10-04"},
        {"Australia/Sydney", monday, "2026-10-04T12:59:59.999Z", Period::week, "w:2026-W40"},
        {"Australia/Sydney", monday, "2026-10-04T13:00:00Z", Period::day, "d:2026-10-05"},
        {"Australia/Sydney", monday, "2026-10-04T13:00:00Z", Period::week, "w:2026-W41"},
        // Sydney: month, quarter and year edges at local midnight (AEST in June, AEDT in December).
        {"Australia/Sydney", monday, "2026-06-30T13:59:59.999Z", Period::month, "m:2026-06"},
        {"Australia/Sydney", monday, "2026-06-30T13:59:59.999Z", Period::quarter, "q:2026-Q2"},
        {"Australia/Sydney", monday, "2026-06-30T14:00:00Z", Period::month, "m:2026-07"},
        {"Australia/Sydney", monday, "2026-06-30T14:00:00Z", Period::quarter, "q:2026-Q3"},
        {"Australia/Sydney", monday, "2026-12-31T12:59:59.999Z", Period::day, "d:2026-12-31"},
        {"Australia/Sydney", monday, "2026-12-31T12:59:59.999Z", Period::month, "m:2026-12"},
        {"Australia/Sydney", monday, "2026-12-31T12:59:59.999Z", Period::quarter, "q:2026-Q4"},
        {"Australia/Sydney", monday, "2026-12-31T13:00:00Z", Period::day, "d:2027-01-01"},
        {"Australia/Sydney", monday, "2026-12-31T13:00:00Z", Period::month, "m:2027-01"},
        {"Australia/Sydney", monday, "2026-12-31T13:00:00Z", Period::quarter, "q:2027-Q1"},
        {"Australia/Sydney", monday, "2026-12-31T13:00:00Z", Period::week, "w:2026-W53"},
        {"Australia/Sydney", monday, "2026-12-31T13:00:00Z", Period::all, "all"},

        // London, DST starts Sun 2026-03-29 01:00 GMT -> 02:00 BST.
        {"Europe/London", monday, "2026-03-28T23:59:59.999Z", Period::day, "d:2026-03-28"},
        {"Europe/London", monday, "2026-03-29T00:00:00Z", Period::day, "d:2026-03-29"},
        {"Europe/London", monday, "2026-03-29T00:59:59.999Z", Period::day, "d:2026-03-29"},
        {"Europe/London", monday, "2026-03-29T01:00:00Z", Period::day, "d:2026-03-29"},
        {"Europe/London", monday, "2026-03-29T22:59:59.999Z", Period::day, "d:2026-03-29"},
        {"Europe/London", monday, "2026-03-29T22:59:59.999Z", Period::week, "w:2026-W13"},
        {"Europe/London", monday, "2026-03-29T23:00:00Z", Period::day, "d:2026-03-30"},
        {"Europe/London", monday, "2026-03-29T23:00:00Z", Period::week, "w:2026-W14"},
        {"Europe/London", sunday, "2026-03-28T23:59:59.999Z", Period::week, "w:2026-W13"},
        {"Europe/London", sunday, "2026-03-29T00:00:00Z", Period::week, "w:2026-W14"},
        {"Europe/London", sunday, "2026-03-29T23:00:00Z", Period::week, "w:2026-W14"},
        // London, DST ends Sun 2026-10-25 02:00 BST -> 01:00 GMT.
        {"Europe/London", monday, "2026-10-24T22:59:59.999Z", Period::day, "d:2026-10-24"},
        {"Europe/London", monday, "2026-10-24T23:00:00Z", Period::day, "d:2026-10-25"},
        {"Europe/London", monday, "2026-10-25T01:30:00+01:00", Period::day, "d:2026-10-25"},
        {"Europe/London", monday, "2026-10-25T01:30:00+00:00", Period::day, "d:2026-10-25"},
        {"Europe/London", monday, "2026-10-25T23:59:59.999Z", Period::day, "d:2026-10-25"},
        {"Europe/London", monday, "2026-10-25T23:59:59.999Z", Period::week, "w:2026-W43"},
        {"Europe/London", monday, "2026-10-26T00:00:00Z", Period::day, "d:2026-10-26"},
        {"Europe/London", monday, "2026-10-26T00:00:00Z", Period::week, "w:2026-W44"},
        {"Europe/London", sunday, "2026-10-24T22:59:59.999Z", Period::week, "w:2026-W43"},
        {"Europe/London", sunday, "2026-10-24T23:00:00Z", Period::week, "w:2026-W44"},
        // London: month and quarter edges in summer time.
        {"Europe/London", monday, "2026-06-30T22:59:59.999Z", Period::month, "m:2026-06"},
        {"Europe/London", monday, "2026-06-30T22:59:59.999Z", Period::quarter, "q:2026-Q2"},
        {"Europe/London", monday, "2026-06-30T23:00:00Z", Period::month, "m:2026-07"},
        {"Europe/London", monday, "2026-06-30T23:00:00Z", Period::quarter, "q:2026-Q3"},

        // New York, DST starts Sun 2026-03-08 02:00 EST -> 03:00 EDT (07:00Z).
        {"America/New_York", monday, "2026-03-08T04:59:59.999Z", Period::day, "d:2026-03-07"},
        {"America/New_York", monday, "2026-03-08T05:00:00Z", Period::day, "d:2026-03-08"},
        {"America/New_York", monday, "2026-03-08T06:59:59.999Z", Period::day, "d:2026-03-08"},
        {"America/New_York", monday, "2026-03-08T07:00:00Z", Period::day, "d:2026-03-08"},
        {"America/New_York", monday, "2026-03-09T03:59:59.999Z", Period::day, "d:2026-03-08"},
        {"America/New_York", monday, "2026-03-09T04:00:00Z", Period::day, "d:2026-03-09"},
        {"America/New_York", monday, "2026-03-08T05:00:00Z", Period::week, "w:2026-W10"},
        {"America/New_York", monday, "2026-03-09T03:59:59.999Z", Period::week, "w:2026-W10"},
        {"America/New_York", monday, "2026-03-09T04:00:00Z", Period::week, "w:2026-W11"},
        {"America/New_York", sunday, "2026-03-08T04:59:59.999Z", Period::week, "w:2026-W10"},
        {"America/New_York", sunday, "2026-03-08T05:00:00Z", Period::week, "w:2026-W11"},
        // New York, DST ends Sun 2026-11-01 02:00 EDT -> 01:00 EST (06:00Z).
        {"America/New_York", monday, "2026-11-01T03:59:59.999Z", Period::day, "d:2026-10-31"},
        {"America/New_York", monday, "2026-11-01T03:59:59.999Z", Period::month, "m:2026-10"},
        {"America/New_York", monday, "2026-11-01T04:00:00Z", Period::day, "d:2026-11-01"},
        {"America/New_York", monday, "2026-11-01T04:00:00Z", Period::month, "m:2026-11"},
        {"America/New_York", monday, "2026-11-01T01:30:00-04:00", Period::day, "d:2026-11-01"},
        {"America/New_York", monday, "2026-11-01T01:30:00-05:00", Period::day, "d:2026-11-01"},
        {"America/New_York", monday, "2026-11-02T04:59:59.999Z", Period::day, "d:2026-11-01"},
        {"America/New_York", monday, "2026-11-02T05:00:00Z", Period::day, "d:2026-11-02"},
        {"America/New_York", monday, "2026-11-01T04:00:00Z", Period::week, "w:2026-W44"},
        {"America/New_York", sunday, "2026-11-01T03:59:59.999Z", Period::week, "w:2026-W44"},
        {"America/New_York", sunday, "2026-11-01T04:00:00Z", Period::week, "w:2026-W45"},
        // New York: the year ends at 05:00Z.
        {"America/New_York", monday, "2027-01-01T04:59:59.999Z", Period::day, "d:2026-12-31"},
        {"America/New_York", monday, "2027-01-01T04:59:59.999Z", Period::quarter, "q:2026-Q4"},
        {"America/New_York", monday, "2027-01-01T05:00:00Z", Period::day, "d:2027-01-01"},
        {"America/New_York", monday, "2027-01-01T05:00:00Z", Period::month, "m:2027-01"},
        {"America/New_York", monday, "2027-01-01T05:00:00Z", Period::quarter, "q:2027-Q1"},

        // Offsets that are not whole hours, and the two ends of the date line.
        {"Asia/Kathmandu", monday, "2026-11-23T18:14:59.999Z", Period::day, "d:2026-11-23"},
        {"Asia/Kathmandu", monday, "2026-11-23T18:15:00Z", Period::day, "d:2026-11-24"},
        {"Asia/Kolkata", monday, "2026-11-23T18:29:59.999Z", Period::day, "d:2026-11-23"},
        {"Asia/Kolkata", monday, "2026-11-23T18:30:00Z", Period::day, "d:2026-11-24"},
        {"Pacific/Kiritimati", monday, "2026-11-23T10:00:00Z", Period::day, "d:2026-11-24"},
        {"Pacific/Pago_Pago", monday, "2026-11-23T10:00:00Z", Period::day, "d:2026-11-22"},
        {"Pacific/Pago_Pago", monday, "2026-11-23T10:00:00Z", Period::week, "w:2026-W47"},
        {"Pacific/Kiritimati", monday, "2026-11-23T10:00:00Z", Period::week, "w:2026-W48"},

        // A skipped local day: Samoa went from Thu 2011-12-29 straight to Sat 2011-12-31.
        {"Pacific/Apia", monday, "2011-12-30T09:59:59.999Z", Period::day, "d:2011-12-29"},
        {"Pacific/Apia", monday, "2011-12-30T10:00:00Z", Period::day, "d:2011-12-31"},
    };
    for (const auto& row : rows) {
        SUBCASE(describe(row.tz, row.week_start, row.period, row.at).c_str()) {
            CHECK(calendar(row.tz, row.week_start).period_key(row.period, utc(row.at)) == row.key);
        }
    }
}

TEST_CASE("week labels at ISO week-year edges") {
    struct Row {
        std::string_view date;  // a local date in UTC, at noon
        std::string_view monday_key;
        std::string_view sunday_key;
    };
    const std::vector<Row> rows{
        // 2026 starts on a Thursday, so it has 53 ISO weeks; 2026-W53 runs to Sun 2027-01-03.
        {"2025-12-28", "w:2025-W52", "w:2026-W01"},  // Sun
        {"2025-12-29", "w:2026-W01", "w:2026-W01"},  // Mon
        {"2026-01-01", "w:2026-W01", "w:2026-W01"},
        {"2026-01-03", "w:2026-W01", "w:2026-W01"},  // Sat
        {"2026-01-04", "w:2026-W01", "w:2026-W02"},  // Sun
        {"2026-11-22", "w:2026-W47", "w:2026-W48"},  // Sun: protocol's example, Sun..Sat is W48
        {"2026-11-24", "w:2026-W48", "w:2026-W48"},
        {"2026-11-28", "w:2026-W48", "w:2026-W48"},  // Sat
        {"2026-11-29", "w:2026-W48", "w:2026-W49"},  // Sun
        {"2026-12-27", "w:2026-W52", "w:2026-W53"},  // Sun
        {"2026-12-28", "w:2026-W53", "w:2026-W53"},  // Mon
        {"2026-12-31", "w:2026-W53", "w:2026-W53"},
        {"2027-01-01", "w:2026-W53", "w:2026-W53"},
        {"2027-01-02", "w:2026-W53", "w:2026-W53"},  // Sat
        {"2027-01-03", "w:2026-W53", "w:2027-W01"},  // Sun
        {"2027-01-04", "w:2027-W01", "w:2027-W01"},  // Mon
        // 2020 (a leap year starting on a Wednesday) has a W53 too.
        {"2020-12-27", "w:2020-W52", "w:2020-W53"},
        {"2020-12-28", "w:2020-W53", "w:2020-W53"},
        {"2020-12-31", "w:2020-W53", "w:2020-W53"},
        {"2021-01-01", "w:2020-W53", "w:2020-W53"},
        {"2021-01-02", "w:2020-W53", "w:2020-W53"},
        {"2021-01-03", "w:2020-W53", "w:2021-W01"},
        {"2021-01-04", "w:2021-W01", "w:2021-W01"},
        // The ISO week-year can also start in December.
        {"2024-12-28", "w:2024-W52", "w:2024-W52"},
        {"2024-12-29", "w:2024-W52", "w:2025-W01"},
        {"2024-12-30", "w:2025-W01", "w:2025-W01"},
        {"2024-12-31", "w:2025-W01", "w:2025-W01"},
        {"2025-01-05", "w:2025-W01", "w:2025-W02"},
    };
    const auto by_monday = calendar("UTC", monday);
    const auto by_sunday = calendar("UTC", sunday);
    for (const auto& row : rows) {
        SUBCASE(std::string(row.date).c_str()) {
            const auto noon = utc(std::string(row.date) + "T12:00:00Z");
            CHECK(by_monday.period_key(Period::week, noon) == row.monday_key);
            CHECK(by_sunday.period_key(Period::week, noon) == row.sunday_key);
        }
    }
}

TEST_CASE("month and quarter keys at their edges") {
    struct Row {
        std::string_view date;
        std::string_view month_key;
        std::string_view quarter_key;
    };
    const std::vector<Row> rows{
        {"2026-01-01", "m:2026-01", "q:2026-Q1"}, {"2026-02-28", "m:2026-02", "q:2026-Q1"},
        {"2026-03-31", "m:2026-03", "q:2026-Q1"}, {"2026-04-01", "m:2026-04", "q:2026-Q2"},
        {"2026-06-30", "m:2026-06", "q:2026-Q2"}, {"2026-07-01", "m:2026-07", "q:2026-Q3"},
        {"2026-09-30", "m:2026-09", "q:2026-Q3"}, {"2026-10-01", "m:2026-10", "q:2026-Q4"},
        {"2026-12-31", "m:2026-12", "q:2026-Q4"}, {"2027-01-01", "m:2027-01", "q:2027-Q1"},
        {"2024-02-29", "m:2024-02", "q:2024-Q1"}, {"0999-05-05", "m:0999-05", "q:0999-Q2"},
    };
    const auto utc_calendar = calendar("UTC", monday);
    for (const auto& row : rows) {
        SUBCASE(std::string(row.date).c_str()) {
            for (const auto time : {"T00:00:00Z", "T23:59:59.999Z"}) {
                const auto t = utc(std::string(row.date) + time);
                CHECK(utc_calendar.period_key(Period::day, t) == "d:" + std::string(row.date));
                CHECK(utc_calendar.local_date(t) == row.date);
                CHECK(utc_calendar.period_key(Period::month, t) == row.month_key);
                CHECK(utc_calendar.period_key(Period::quarter, t) == row.quarter_key);
                CHECK(utc_calendar.period_key(Period::all, t) == "all");
            }
        }
    }
}

TEST_CASE("local_date is the date on the team's wall calendar") {
    const auto t = utc("2026-11-23T10:00:00Z");
    CHECK(calendar("UTC", monday).local_date(t) == "2026-11-23");
    CHECK(calendar("Pacific/Kiritimati", monday).local_date(t) == "2026-11-24");
    CHECK(calendar("Pacific/Pago_Pago", monday).local_date(t) == "2026-11-22");
    const auto monday_0030_in_sydney = utc("2026-11-22T13:30:00Z");
    CHECK(calendar("Australia/Sydney", monday).local_date(monday_0030_in_sydney) == "2026-11-23");
}
