// Fair scoring end to end, what people see of each other: a rep hidden from the wall, the score
// audit behind every count, and a backdated activity that announces nothing.
#include <doctest/doctest.h>

#include "domain/calendar.hpp"
#include "e2e/fixture.hpp"
#include "support/topics.hpp"

using namespace wp::e2e;
using wp::test::http_request;
using wp::test::WsClient;
using wp::test::subscribe_to;

namespace {

bool has_rep(const json& data, const std::string& rep) {
    for (const auto& row : data["rows"])
        if (row["rep"] == rep) return true;
    return false;
}

json audit(int port, const std::string& token, const std::string& rep, const std::string& query) {
    auto r = http_request(port, "GET", "/api/v1/reps/" + rep + "/activities?" + query, "", token);
    INFO(query << " -> " << r.body);
    REQUIRE(r.status == 200);
    return r.json_body();
}

long long sum_of(const json& answer, const char* field = "delta") {
    long long sum = 0;
    for (const auto& a : answer["activities"]) sum += a[field].get<long long>();
    return sum;
}

}  // namespace

TEST_CASE_FIXTURE(ServerCase, "hidden from the wall: absent from a display's boards, present on a rep's") {
    auto team = make_team(port(), "alpha");
    WsClient natalie(port(), team.tokens["natalie"]);
    auto hidden = natalie.request({{"type", "prefs.set"}, {"wall", false}});
    INFO(hidden.dump());
    REQUIRE(hidden["type"] == "ack");
    CHECK(hidden["result"]["prefs"] == json({{"wall", false}}));
    for (int i = 0; i < 5; ++i) log_http(port(), team.tokens["natalie"], "calls", "n" + std::to_string(i));
    for (int i = 0; i < 3; ++i) log_http(port(), team.tokens["jake"], "calls", "j" + std::to_string(i));
    REQUIRE(natalie.request({{"type", "targets.set"}, {"targets", {{"calls", {{"day", 5}}}}}})["type"] == "ack");
    REQUIRE(http_request(port(), "PUT", "/api/v1/teams/alpha/reps/jake/targets", R"({"calls":{"day":6}})", team.tokens["boss"]).status == 200);

    WsClient wall(port(), team.tokens["wall"]);
    WsClient jake(port(), team.tokens["jake"]);
    for (const auto* topic : {"leaderboard:calls:day", "leaderboard:points:week", "leaderboard:calls:day:pct"}) {
        CAPTURE(topic);
        auto on_wall = subscribe_to(wall, topic)["data"];
        auto on_desk = subscribe_to(jake, topic)["data"];
        CHECK_FALSE(has_rep(on_wall, "natalie"));
        CHECK(has_rep(on_desk, "natalie"));
        // The others keep their team ranks: jake stays second behind the hidden leader.
        REQUIRE(on_wall["rows"].size() == 1);
        CHECK(on_wall["rows"][0]["rep"] == "jake");
        CHECK(on_wall["rows"][0]["rank"] == 2);
        CHECK(on_wall["total"] == on_desk["total"]);
    }
    CHECK_FALSE(has_rep(leaderboard(port(), team.tokens["wall"], "calls", "day"), "natalie"));
    CHECK(has_rep(leaderboard(port(), team.tokens["priya"], "calls", "day"), "natalie"));
    CHECK(natalie.welcome()["me"]["wall"] == true);  // as she connected
    CHECK(subscribe_to(natalie, "team")["data"]["me"]["wall"] == false);

    // Shown again (by a team admin here), she is back on the wall, live.
    auto shown = http_request(port(), "PATCH", "/api/v1/teams/alpha/reps/natalie", R"({"wall":true})", team.tokens["boss"]);
    INFO(shown.body);
    REQUIRE(shown.status == 200);
    CHECK(shown.json_body()["rep"]["wall"] == true);
    auto back = update_of(wall, "leaderboard:calls:day", [](const json& d) { return d["rows"].size() == 2; });
    CHECK(back["data"]["rows"][0]["rep"] == "natalie");
    CHECK(http_request(port(), "PATCH", "/api/v1/teams/alpha/reps/natalie", R"({"wall":"no"})", team.tokens["boss"]).status == 400);
    CHECK(wall.request({{"type", "prefs.set"}, {"wall", false}})["code"] == "forbidden");
    CHECK(natalie.request({{"type", "prefs.set"}})["code"] == "bad_request");
}

TEST_CASE_FIXTURE(ServerCase, "the score audit: the activities behind a count sum to it, for day, week and month") {
    auto team = make_team(port(), "alpha");
    const auto& token = team.tokens["natalie"];
    WsClient natalie(port(), token);
    for (int i = 0; i < 3; ++i)
        REQUIRE(natalie.request({{"type", "log"}, {"metric", "calls"}, {"id", "w" + std::to_string(i)}})["type"] == "ack");
    log_http(port(), token, "calls", "crm-1", 2);
    log_http(port(), token, "calls", "fix-1", -1);  // a correction
    log_http(port(), token, "appointments", "a-1");
    auto now = wp::domain::now();
    auto week_ago = now - std::chrono::hours(24 * 7 - 1);  // backdated: six days and 23 hours
    log_http(port(), token, "calls", "old-1", 4, wp::domain::format_rfc3339(week_ago));

    for (const auto* period : {"day", "week", "month", "quarter", "all"}) {
        CAPTURE(period);
        auto answer = audit(port(), token, "natalie", std::string("metric=calls&period=") + period);
        auto cell = count_of(leaderboard(port(), token, "calls", period), "natalie");
        CHECK(answer["count"] == cell);
        CHECK(sum_of(answer) == cell);  // Σ delta = count
        CHECK_FALSE(answer.contains("earlier"));
        CHECK(answer["period"] == period);
    }
    auto day = audit(port(), token, "natalie", "metric=calls&period=day");
    REQUIRE(day["activities"].size() == 5);
    // Newest first, each with its source; the correction is one of them.
    CHECK(day["activities"][0]["id"] == "fix-1");
    CHECK(day["activities"][0]["delta"] == -1);
    CHECK(day["activities"][0]["source"] == "api");
    CHECK(day["activities"][4]["source"] == "web");
    CHECK(day["count"] == 4);
    // The backdated item sits in its own day and week, found by `at`.
    auto then = audit(port(), token, "natalie", "metric=calls&period=day&at=" + wp::domain::format_rfc3339(week_ago));
    REQUIRE(then["activities"].size() == 1);
    CHECK(then["activities"][0]["id"] == "old-1");
    CHECK(then["count"] == 4);
    auto last_week = audit(port(), token, "natalie", "metric=calls&period=week&at=" + wp::domain::format_rfc3339(week_ago));
    CHECK(sum_of(last_week) == last_week["count"]);
    CHECK(last_week["activities"].back()["id"] == "old-1");
    // Points: each activity's weight × delta, summing to the points cell.
    REQUIRE(http_request(port(), "PATCH", "/api/v1/teams/alpha", R"({"points":{"appointments":5}})", team.tokens["boss"]).status == 200);
    auto points = audit(port(), token, "natalie", "metric=points&period=day");
    CHECK(points["count"] == 4 + 5);
    CHECK(sum_of(points, "points") == 9);
    CHECK(points["count"] == count_of(leaderboard(port(), token, "points", "day"), "natalie"));

    // Who may read whose, and the rules.
    CHECK(audit(port(), team.tokens["boss"], "natalie", "metric=calls&period=week")["count"] == day["count"]);
    auto other = http_request(port(), "GET", "/api/v1/reps/natalie/activities?metric=calls&period=day", "", team.tokens["jake"]);
    CHECK(other.status == 403);
    CHECK(http_request(port(), "GET", "/api/v1/reps/natalie/activities?metric=calls&period=day", "", team.tokens["wall"]).status == 403);
    CHECK(http_request(port(), "GET", "/api/v1/reps/natalie/activities?metric=calls", "", token).status == 400);
    CHECK(http_request(port(), "GET", "/api/v1/reps/natalie/activities?metric=dials&period=day", "", token).status == 404);
    CHECK(http_request(port(), "GET", "/api/v1/reps/natalie/activities?metric=calls&period=day&at=yesterday", "", token).status == 400);
    CHECK(http_request(port(), "GET", "/api/v1/reps/ghost/activities?metric=calls&period=day", "", team.tokens["boss"]).status == 404);
}

TEST_CASE_FIXTURE(ServerCase, "a backdated activity moves its own boards and announces nothing") {
    auto team = make_team(port(), "alpha");
    WsClient jake(port(), team.tokens["jake"]);
    REQUIRE(subscribe_to(jake, "feed")["data"]["events"].empty());
    // The last minute of last week (within the 7 days a log may be backdated): another day and,
    // but in the week's last hour, another week.
    auto calendar = wp::domain::Calendar::make("Europe/London", wp::domain::WeekStart::monday);
    REQUIRE(calendar);
    auto now = wp::domain::now();
    auto at = std::max(calendar->window(wp::domain::Period::week, now).start - std::chrono::minutes(1),
                       now - std::chrono::hours(24 * 7 - 1));
    const bool this_week = calendar->period_key(wp::domain::Period::week, at) == calendar->period_key(wp::domain::Period::week, now);
    const auto at_text = wp::domain::format_rfc3339(at);
    log_http(port(), team.tokens["natalie"], "calls", "import-1", 12, at_text);  // 12 calls that day: past 10
    log_http(port(), team.tokens["natalie"], "appointments", "now-1");
    // Events come in order: the first activity the feed sends is today's appointment; no line for
    // the import and no "reached 10 calls today" (this week's 10 only when it is this week).
    auto first = jake.wait_for([](const json& f) { return f["type"] == "event" && f["event"]["kind"] == "activity"; });
    CHECK(first["event"]["metric"] == "appointments");
    auto snapshot = subscribe_to(jake, "feed")["data"]["events"];
    for (const auto& e : snapshot) {
        CAPTURE(e.dump());
        CHECK((e["kind"] == "activity" ? e["metric"] == "appointments" : (this_week && e["period"] == "week")));
    }
    CHECK(snapshot.size() == (this_week ? 2u : 1u));
    auto then = http_request(port(), "GET", "/api/v1/reps/natalie/activities?metric=calls&period=day&at=" + at_text, "",
                             team.tokens["natalie"]);
    CHECK(then.json_body()["count"] == 12);
}
