// RFC 3339 text in and out.
#include "domain/time.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include <date/date.h>

namespace {

using namespace wp::domain;
using namespace std::chrono_literals;

TimePoint utc(std::string_view text) {
    auto t = parse_rfc3339(text);
    REQUIRE_MESSAGE(t.has_value(), text);
    return *t;
}

}  // namespace

TEST_CASE("parse_rfc3339 accepts RFC 3339 instants") {
    struct Row {
        std::string_view text;
        std::string_view utc;  // as format_rfc3339 writes it
    };
    const std::vector<Row> rows{
        {"2026-11-24T09:14:03Z", "2026-11-24T09:14:03.000Z"},
        {"2026-11-24t09:14:03z", "2026-11-24T09:14:03.000Z"},
        {"2026-11-24T09:14:03z", "2026-11-24T09:14:03.000Z"},
        {"2026-11-24t09:14:03Z", "2026-11-24T09:14:03.000Z"},
        // Fractions of any length, kept to milliseconds by truncation.
        {"2026-11-24T09:14:03.250Z", "2026-11-24T09:14:03.250Z"},
        {"2026-11-24T09:14:03.25Z", "2026-11-24T09:14:03.250Z"},
        {"2026-11-24T09:14:03.2Z", "2026-11-24T09:14:03.200Z"},
        {"2026-11-24T09:14:03.0Z", "2026-11-24T09:14:03.000Z"},
        {"2026-11-24T09:14:03.007Z", "2026-11-24T09:14:03.007Z"},
        {"2026-11-24T09:14:03.123456789Z", "2026-11-24T09:14:03.123Z"},
        {"2026-11-24T09:14:03.9999999Z", "2026-11-24T09:14:03.999Z"},
        {"2026-11-24T09:14:03.000000000000000000000000000001Z", "2026-11-24T09:14:03.000Z"},
        // Offsets: local time minus UTC.
        {"2026-11-24T09:14:03+00:00", "2026-11-24T09:14:03.000Z"},
        {"2026-11-24T09:14:03-00:00", "2026-11-24T09:14:03.000Z"},
        {"2026-11-24T10:14:03+01:00", "2026-11-24T09:14:03.000Z"},
        {"2026-11-24T03:44:03-05:30", "2026-11-24T09:14:03.000Z"},
        {"2026-11-24T14:59:03.5+05:45", "2026-11-24T09:14:03.500Z"},
        {"2026-11-24T23:59:00+23:59", "2026-11-24T00:00:00.000Z"},
        {"2026-11-24T00:00:00-23:59", "2026-11-24T23:59:00.000Z"},
        {"2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00.000Z"},
        {"2026-12-31T23:30:00-01:00", "2027-01-01T00:30:00.000Z"},
        {"2024-03-01T00:30:00+01:00", "2024-02-29T23:30:00.000Z"},
        // Calendar edges.
        {"2024-02-29T12:00:00Z", "2024-02-29T12:00:00.000Z"},
        {"2000-02-29T12:00:00Z", "2000-02-29T12:00:00.000Z"},
        {"2026-11-24T00:00:00Z", "2026-11-24T00:00:00.000Z"},
        {"2026-11-24T23:59:59Z", "2026-11-24T23:59:59.000Z"},
        {"1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000Z"},
        {"1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"},
        {"0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"},
        {"9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z"},
    };
    for (const auto& row : rows) {
        SUBCASE(std::string(row.text).c_str()) {
            const auto parsed = parse_rfc3339(row.text);
            REQUIRE(parsed.has_value());
            CHECK(format_rfc3339(*parsed) == row.utc);
        }
    }
}

TEST_CASE("parse_rfc3339 gives exact instants") {
    using std::chrono::milliseconds;
    CHECK(utc("1970-01-01T00:00:00Z") == TimePoint{milliseconds{0}});
    CHECK(utc("1970-01-01T00:00:00.001Z") == TimePoint{milliseconds{1}});
    CHECK(utc("1969-12-31T23:59:59.999Z") == TimePoint{milliseconds{-1}});
    CHECK(utc("2026-11-24T09:14:03.250Z") ==
          TimePoint{date::sys_days{date::year{2026} / 11 / 24}} + 9h + 14min + 3s + 250ms);
    CHECK(utc("2026-11-24T10:14:03.250+01:00") == utc("2026-11-24T09:14:03.250Z"));
}

TEST_CASE("parse_rfc3339 rejects everything else") {
    const std::vector<std::string_view> rejected{
        "",
        "now",
        "2026-11-24",                   // a date alone
        "09:14:03Z",                    // a time alone
        "2026-11-24T09:14Z",            // no seconds
        "2026-11-24T09:14:03",          // no offset
        "2026-11-24 09:14:03Z",         // a space for T
        "2026-11-24_09:14:03Z",
        "2026-11-24T09:14:03 Z",
        " 2026-11-24T09:14:03Z",
        "2026-11-24T09:14:03Z ",
        "2026-11-24T09:14:03ZZ",
        "2026-11-24T09:14:03Z\n",
        "2026-11-24T09:14:03UTC",
        "2026-11-24T09:14:03GMT",
        // Fields of the wrong width or with signs.
        "26-11-24T09:14:03Z",
        "+2026-11-24T09:14:03Z",
        "-2026-11-24T09:14:03Z",
        "02026-11-24T09:14:03Z",
        "2026-1-24T09:14:03Z",
        "2026-11-4T09:14:03Z",
        "2026-11-24T9:14:03Z",
        "2026-11-24T09:4:03Z",
        "2026-11-24T09:14:3Z",
        "2026/11/24T09:14:03Z",
        "2026-11-24T09.14.03Z",
        "20261124T091403Z",             // ISO 8601 basic format
        "2026-11-24T09:14:03+01",
        "2026-11-24T09:14:03+0100",
        "2026-11-24T09:14:03+1:00",
        "2026-11-24T09:14:03+01:0",
        "2026-11-24T09:14:03+01:00:00",
        "2026-11-24T09:14:03 +01:00",
        "2026-11-24T09:14:03*01:00",
        "2026-11-24T09:14:03Z+01:00",
        // Fractions.
        "2026-11-24T09:14:03.Z",
        "2026-11-24T09:14:03,5Z",
        "2026-11-24T09:14:03.5.5Z",
        "2026-11-24T09:14:03.-5Z",
        "2026-11-24T09:14:03.5",
        // Values out of range.
        "2026-00-24T09:14:03Z",
        "2026-13-24T09:14:03Z",
        "2026-11-00T09:14:03Z",
        "2026-11-31T09:14:03Z",
        "2026-02-30T09:14:03Z",
        "2026-02-29T09:14:03Z",         // 2026 is not a leap year
        "1900-02-29T09:14:03Z",         // nor is 1900
        "2026-04-31T09:14:03Z",
        "2026-11-24T24:00:00Z",
        "2026-11-24T25:14:03Z",
        "2026-11-24T09:60:03Z",
        "2026-11-24T09:14:60Z",         // leap seconds do not exist in sys_time
        "2026-11-24T09:14:61Z",
        "2026-11-24T09:14:03+24:00",
        "2026-11-24T09:14:03+01:60",
        "2026-11-24T09:14:03-99:99",
        // Not ASCII digits.
        "2026-11-24T09:14:0xZ",
        "2026-11-2aT09:14:03Z",
        "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x96-11-24T09:14:03Z",  // fullwidth digits
    };
    for (const auto text : rejected) {
        SUBCASE(std::string(text).c_str()) {
            const auto parsed = parse_rfc3339(text);
            REQUIRE_FALSE(parsed.has_value());
            CHECK(parsed.error().code == Errc::bad_request);
            CHECK(parsed.error().message == "at: not RFC 3339, e.g. 2026-11-24T09:14:03Z");
        }
    }
    SUBCASE("an embedded NUL") {
        CHECK_FALSE(parse_rfc3339(std::string_view{"2026-11-24T09:14:03Z\0", 21}).has_value());
        CHECK_FALSE(parse_rfc3339(std::string_view{"2026-11-24T09:14:03\0Z", 21}).has_value());
    }
}

TEST_CASE("parse_rfc3339 names the field it was given") {
    const auto parsed = parse_rfc3339("soon", "window.end");
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().message == "window.end: not RFC 3339, e.g. 2026-11-24T09:14:03Z");
}

TEST_CASE("format_rfc3339 writes UTC with milliseconds") {
    using std::chrono::milliseconds;
    struct Row {
        TimePoint t;
        std::string_view text;
    };
    const auto day = TimePoint{date::sys_days{date::year{2026} / 11 / 24}};
    const std::vector<Row> rows{
        {TimePoint{milliseconds{0}}, "1970-01-01T00:00:00.000Z"},
        {TimePoint{milliseconds{1}}, "1970-01-01T00:00:00.001Z"},
        {TimePoint{milliseconds{-1}}, "1969-12-31T23:59:59.999Z"},
        {day, "2026-11-24T00:00:00.000Z"},
        {day + 9h + 14min + 3s + 250ms, "2026-11-24T09:14:03.250Z"},
        {day + 24h - 1ms, "2026-11-24T23:59:59.999Z"},
        {day + 10ms, "2026-11-24T00:00:00.010Z"},
    };
    for (const auto& row : rows) {
        SUBCASE(std::string(row.text).c_str()) { CHECK(format_rfc3339(row.t) == row.text); }
    }
}

TEST_CASE("format_rfc3339 and parse_rfc3339 round trip") {
    // An odd step through several decades visits every millisecond digit and calendar day.
    constexpr auto step = 71h + 17min + 13s + 377ms;
    std::string mismatch;
    int count = 0;
    for (auto t = utc("1969-01-01T00:00:00Z"); t < utc("2041-01-01T00:00:00Z") && mismatch.empty();
         t += step, ++count) {
        const auto text = format_rfc3339(t);
        const auto back = parse_rfc3339(text);
        if (!back || *back != t) mismatch = text;
    }
    CHECK(mismatch == "");
    CHECK(count > 8000);
}

TEST_CASE("now is the system clock in milliseconds") {
    const auto before = std::chrono::system_clock::now();
    const auto t = now();
    const auto after = std::chrono::system_clock::now();
    CHECK(before - 1ms < t);
    CHECK(t <= after);
}
