// The rules a `log` request must pass.
#include "domain/activity.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <vector>

namespace {

using namespace wp::domain;
using namespace std::chrono_literals;

TimePoint utc(std::string_view text) {
    auto t = parse_rfc3339(text);
    REQUIRE_MESSAGE(t.has_value(), text);
    return *t;
}

Team sales_team() {
    return Team{"sales", "Sales", "Europe/London", WeekStart::monday, default_metrics(), {}};
}

}  // namespace

TEST_CASE("activity ids: 1-64 characters of [A-Za-z0-9_-]") {
    struct Row {
        std::string id;
        bool valid;
    };
    const std::vector<Row> rows{
        {"", false},
        {"a", true},
        {"A", true},
        {"7", true},
        {"_", true},
        {"-", true},
        {"0b7c2a1e-5f7d-4c1a-9c52-3f1d2e4b6a70", true},  // a UUID
        {"Call_2026-11-24_001", true},
        {std::string(63, 'x'), true},
        {std::string(64, 'x'), true},
        {std::string(65, 'x'), false},
        {"a.b", false},
        {"a b", false},
        {"a/b", false},
        {"a:b", false},
        {"a+b", false},
        {"a=", false},  // base64 padding
        {"\xc3\xa9", false},
        {std::string("a\0b", 3), false},
    };
    for (const auto& row : rows) {
        SUBCASE((row.id.substr(0, 20) + " (" + std::to_string(row.id.size()) + ")").c_str()) {
            CHECK(is_valid_activity_id(row.id) == row.valid);
        }
    }
}

TEST_CASE("make_activity accepts a valid request") {
    const auto now = utc("2026-11-24T09:14:03.250Z");
    const auto team = sales_team();

    SUBCASE("defaults: delta 1, at now") {
        const auto activity = make_activity(team, "natalie", {.metric = "calls", .id = "c1"}, now);
        REQUIRE(activity.has_value());
        CHECK(activity->rep == "natalie");
        CHECK(activity->metric == "calls");
        CHECK(activity->id == "c1");
        CHECK(activity->delta == 1);
        CHECK(activity->at == now);
    }
    SUBCASE("every metric of the team") {
        for (const auto& metric : team.metrics) {
            CAPTURE(metric.id);
            CHECK(make_activity(team, "jake", {.metric = metric.id, .id = "x"}, now).has_value());
        }
    }
    SUBCASE("deltas at the limits") {
        for (std::int64_t delta : {1, -1, 2, -2, 99, -99, 100, -100}) {
            CAPTURE(delta);
            const auto activity =
                make_activity(team, "jake", {.metric = "calls", .delta = delta, .id = "x"}, now);
            REQUIRE(activity.has_value());
            CHECK(activity->delta == delta);
        }
    }
    SUBCASE("at, in the past week") {
        struct Row {
            std::string_view at;
            std::string_view utc;
        };
        const std::vector<Row> rows{
            {"2026-11-24T09:14:03.250Z", "2026-11-24T09:14:03.250Z"},  // exactly now
            {"2026-11-24T09:14:03.249Z", "2026-11-24T09:14:03.249Z"},
            {"2026-11-24T09:14:03Z", "2026-11-24T09:14:03.000Z"},
            {"2026-11-24T09:14:03.2509Z", "2026-11-24T09:14:03.250Z"},  // truncated: not future
            {"2026-11-24t09:14:03.250z", "2026-11-24T09:14:03.250Z"},
            {"2026-11-24T10:14:03.250+01:00", "2026-11-24T09:14:03.250Z"},
            {"2026-11-24T03:44:03.250-05:30", "2026-11-24T09:14:03.250Z"},
            {"2026-11-20T12:00:00+11:00", "2026-11-20T01:00:00.000Z"},
            {"2026-11-17T09:14:03.251Z", "2026-11-17T09:14:03.251Z"},
            {"2026-11-17T09:14:03.250Z", "2026-11-17T09:14:03.250Z"},  // exactly 7 days old
            {"2026-11-17T10:14:03.250+01:00", "2026-11-17T09:14:03.250Z"},
        };
        for (const auto& row : rows) {
            SUBCASE(std::string(row.at).c_str()) {
                const auto activity = make_activity(
                    team, "jake", {.metric = "calls", .id = "x", .at = std::string(row.at)}, now);
                REQUIRE(activity.has_value());
                CHECK(format_rfc3339(activity->at) == row.utc);
            }
        }
    }
}

TEST_CASE("make_activity rejects each broken rule") {
    const auto now = utc("2026-11-24T09:14:03.250Z");
    constexpr auto int64_max = std::numeric_limits<std::int64_t>::max();
    constexpr auto int64_min = std::numeric_limits<std::int64_t>::min();
    const std::string metric_error =
        "is not one of this team's metrics (calls, appointments, proposals)";
    struct Row {
        const char* name;
        LogRequest request;
        std::string message;
    };
    const std::vector<Row> rows{
        {"unknown metric", {.metric = "emails", .id = "x"},
         "metric: 'emails' " + metric_error},
        {"empty metric", {.metric = "", .id = "x"}, "metric: '' " + metric_error},
        {"metric in another case", {.metric = "Calls", .id = "x"},
         "metric: 'Calls' " + metric_error},
        {"delta 0", {.metric = "calls", .delta = 0, .id = "x"}, "delta: -100..100, not 0"},
        {"delta 101", {.metric = "calls", .delta = 101, .id = "x"}, "delta: -100..100, not 0"},
        {"delta -101", {.metric = "calls", .delta = -101, .id = "x"}, "delta: -100..100, not 0"},
        {"delta 2^31", {.metric = "calls", .delta = 2147483648, .id = "x"},
         "delta: -100..100, not 0"},
        {"delta int64 max", {.metric = "calls", .delta = int64_max, .id = "x"},
         "delta: -100..100, not 0"},
        {"delta int64 min", {.metric = "calls", .delta = int64_min, .id = "x"},
         "delta: -100..100, not 0"},
        {"empty id", {.metric = "calls", .id = ""}, "id: 1-64 characters of [A-Za-z0-9_-]"},
        {"65-character id", {.metric = "calls", .id = std::string(65, 'x')},
         "id: 1-64 characters of [A-Za-z0-9_-]"},
        {"id with a dot", {.metric = "calls", .id = "a.b"}, "id: 1-64 characters of [A-Za-z0-9_-]"},
        {"at 1 ms in the future", {.metric = "calls", .id = "x", .at = "2026-11-24T09:14:03.251Z"},
         "at: must not be in the future"},
        {"at 1 ms in the future, as an offset",
         {.metric = "calls", .id = "x", .at = "2026-11-24T10:14:03.251+01:00"},
         "at: must not be in the future"},
        {"at tomorrow", {.metric = "calls", .id = "x", .at = "2026-11-25T00:00:00Z"},
         "at: must not be in the future"},
        {"at 7 days and 1 ms old",
         {.metric = "calls", .id = "x", .at = "2026-11-17T09:14:03.249Z"},
         "at: must not be older than 7 days"},
        {"at 7 days and 1 ms old, as an offset",
         {.metric = "calls", .id = "x", .at = "2026-11-17T04:14:03.249-05:00"},
         "at: must not be older than 7 days"},
        {"at last year", {.metric = "calls", .id = "x", .at = "2025-11-24T09:14:03Z"},
         "at: must not be older than 7 days"},
        {"at epoch", {.metric = "calls", .id = "x", .at = "1970-01-01T00:00:00Z"},
         "at: must not be older than 7 days"},
        {"at empty", {.metric = "calls", .id = "x", .at = ""},
         "at: not RFC 3339, e.g. 2026-11-24T09:14:03Z"},
        {"at without offset", {.metric = "calls", .id = "x", .at = "2026-11-24T09:14:03"},
         "at: not RFC 3339, e.g. 2026-11-24T09:14:03Z"},
        {"at a date", {.metric = "calls", .id = "x", .at = "2026-11-24"},
         "at: not RFC 3339, e.g. 2026-11-24T09:14:03Z"},
        {"at with a space", {.metric = "calls", .id = "x", .at = "2026-11-24 09:14:03Z"},
         "at: not RFC 3339, e.g. 2026-11-24T09:14:03Z"},
        {"at 2026-02-30", {.metric = "calls", .id = "x", .at = "2026-02-30T09:14:03Z"},
         "at: not RFC 3339, e.g. 2026-11-24T09:14:03Z"},
        {"at hour 24", {.metric = "calls", .id = "x", .at = "2026-11-24T24:00:00Z"},
         "at: not RFC 3339, e.g. 2026-11-24T09:14:03Z"},
        {"at as epoch seconds", {.metric = "calls", .id = "x", .at = "1795338843"},
         "at: not RFC 3339, e.g. 2026-11-24T09:14:03Z"},
        // Rules are checked in the order metric, delta, id, at.
        {"everything wrong", {.metric = "emails", .delta = 0, .id = "", .at = "soon"},
         "metric: 'emails' " + metric_error},
        {"delta, id and at wrong", {.metric = "calls", .delta = 0, .id = "", .at = "soon"},
         "delta: -100..100, not 0"},
        {"id and at wrong", {.metric = "calls", .id = "", .at = "soon"},
         "id: 1-64 characters of [A-Za-z0-9_-]"},
    };
    const auto team = sales_team();
    for (const auto& row : rows) {
        SUBCASE(row.name) {
            const auto activity = make_activity(team, "natalie", row.request, now);
            REQUIRE_FALSE(activity.has_value());
            CHECK(activity.error().code == Errc::bad_request);
            CHECK(activity.error().message == row.message);
        }
    }
}

TEST_CASE("make_activity lists the team's own metrics") {
    Team team = sales_team();
    team.metrics = {{"qualified_leads", "Qualified leads"}, {"demos", "Demos"}};
    const auto activity = make_activity(team, "natalie", {.metric = "calls", .id = "x"},
                                        utc("2026-11-24T09:14:03Z"));
    REQUIRE_FALSE(activity.has_value());
    CHECK(activity.error().message ==
          "metric: 'calls' is not one of this team's metrics (qualified_leads, demos)");
}
