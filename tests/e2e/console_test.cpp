// The manager's console routes: team settings (metrics retired and revived, open pages follow),
// people, pairs and their rules, ids in paths, coaching, and the CSV in the team's local dates.
#include <doctest/doctest.h>

#include "domain/calendar.hpp"
#include "e2e/fixture.hpp"

using namespace wp::e2e;
using wp::test::http_request;

namespace {

json team_of(int port, const std::string& token) {
    auto r = http_request(port, "GET", "/api/v1/teams/alpha", "", token);
    REQUIRE(r.status == 200);
    return r.json_body();
}

void log_call(int port, const std::string& token, const std::string& metric, const std::string& id, int delta = 1) {
    auto r = http_request(port, "POST", "/api/v1/activities", json{{"metric", metric}, {"id", id}, {"delta", delta}}.dump(), token);
    INFO(r.body);
    REQUIRE(r.status == 201);
}

std::string error_message(const wp::test::HttpResult& r) { return r.json_body()["error"]["message"].get<std::string>(); }

}  // namespace

TEST_CASE_FIXTURE(ServerCase, "PATCH team: settings change, metrics retire and revive with history kept, open pages follow") {
    auto team = make_team(port(), "alpha");
    const auto& boss = team.tokens["boss"];
    log_call(port(), team.tokens["natalie"], "proposals", "p-1");
    wp::test::WsClient page(port(), team.tokens["natalie"]);
    REQUIRE(page.request({{"type", "subscribe"}, {"topic", "team"}})["type"] == "ack");
    auto snapshot = page.wait_for([](const json& f) { return f["type"] == "snapshot" && f["topic"] == "team"; });
    CHECK(snapshot["data"]["me"]["pairs"][0]["partner"] == "jake");

    auto patch = [&](const json& body, const std::string& token) {
        return http_request(port(), "PATCH", "/api/v1/teams/alpha", body.dump(), token);
    };
    auto renamed = patch({{"name", "Alpha Sales"}, {"metrics", {{{"id", "calls"}, {"label", "Dials"}}, {{"id", "appointments"}, {"label", "Appointments"}}}}}, boss);
    INFO(renamed.body);
    REQUIRE(renamed.status == 200);
    CHECK(renamed.json_body()["team"]["name"] == "Alpha Sales");
    // The open page hears of it without a reload: the renamed metric, the retired one gone.
    auto update = page.wait_for([](const json& f) { return f["type"] == "update" && f["topic"] == "team"; });
    CHECK(update["data"]["team"]["metrics"] == json::array({{{"id", "calls"}, {"label", "Dials"}}, {{"id", "appointments"}, {"label", "Appointments"}}}));
    auto now = team_of(port(), boss);
    CHECK(now["retired_metrics"] == json::array({{{"id", "proposals"}, {"label", "Proposals"}}}));
    // A retired metric takes no new activity and has no board; its history stays.
    auto refused = http_request(port(), "POST", "/api/v1/activities", R"({"metric":"proposals","id":"p-2"})", team.tokens["natalie"]);
    CHECK(refused.status >= 400);
    CHECK(http_request(port(), "GET", "/api/v1/leaderboard?metric=proposals&period=week", "", boss).status == 404);
    auto revived = patch({{"metrics", {{{"id", "proposals"}, {"label", "Offers"}}, {{"id", "calls"}, {"label", "Dials"}}, {{"id", "appointments"}, {"label", "Appointments"}}}}}, boss);
    REQUIRE(revived.status == 200);
    CHECK(count_of(leaderboard(port(), boss, "proposals", "week"), "natalie") == 1);
    CHECK(team_of(port(), boss)["retired_metrics"].empty());
    CHECK(page.wait_for([](const json& f) { return f["type"] == "update" && f["topic"] == "team"; })["data"]["team"]["metrics"][0]["label"] == "Offers");

    // Zone and week start; every rule named; nothing changes on a refusal.
    CHECK(patch({{"tz", "America/Denver"}, {"week_start", "sunday"}}, boss).status == 200);
    auto before = team_of(port(), boss);
    struct Case { json body; std::string message; };
    for (const auto& c : std::vector<Case>{
             {{{"tz", "Mars/Olympus"}}, "tz: unknown time zone 'Mars/Olympus'"},
             {{{"metrics", json::array()}}, ""},
             {{{"metrics", {{{"id", "points"}, {"label", "Points"}}}}}, "metrics[0].id: 'points' is reserved for the weighted points board"},
             {{{"metrics", {{{"id", "calls"}, {"label", "A"}}, {{"id", "calls"}, {"label", "B"}}}}}, "metrics: 'calls' appears more than once"},
             {json::object(), "body: any of name, tz, week_start, metrics, points, working_days, quiet_hours, matchups"},
             {{{"colour", "red"}}, ""},
             {{{"week_start", "friday"}}, ""}}) {
        CAPTURE(c.body.dump());
        auto r = patch(c.body, boss);
        CHECK(r.status == 400);
        if (!c.message.empty()) CHECK(error_message(r) == c.message);
    }
    CHECK(team_of(port(), boss) == before);
    CHECK(patch({{"name", "Nope"}}, team.tokens["natalie"]).status == 403);
    CHECK(patch({{"name", "Nope"}}, team.tokens["wall"]).status == 403);
    make_team(port(), "beta");
    CHECK(http_request(port(), "PATCH", "/api/v1/teams/beta", R"({"name":"Taken over"})", boss).status == 403);
}

TEST_CASE_FIXTURE(ServerCase, "people: rename, change role, remove, and the team keeps an admin") {
    auto team = make_team(port(), "alpha");
    const auto& boss = team.tokens["boss"];
    auto patch_rep = [&](const std::string& rep, const json& body) {
        return http_request(port(), "PATCH", "/api/v1/teams/alpha/reps/" + rep, body.dump(), boss);
    };
    log_call(port(), team.tokens["natalie"], "calls", "c-1");
    auto renamed = patch_rep("natalie", {{"name", "Natalie Reyes"}});
    REQUIRE(renamed.status == 200);
    CHECK(renamed.json_body()["rep"] == json{{"id", "natalie"}, {"name", "Natalie Reyes"}, {"role", "rep"}, {"team", "alpha"}, {"wall", true}});
    auto board = leaderboard(port(), boss, "calls", "day");
    CHECK(board["rows"][0]["name"] == "Natalie Reyes");

    // The only admin can be neither demoted nor removed.
    auto demote = patch_rep("boss", {{"role", "rep"}});
    CHECK(demote.status == 409);
    CHECK(error_message(demote) == "rep: 'boss' is the team's only admin; make someone else admin first");
    CHECK(http_request(port(), "DELETE", "/api/v1/teams/alpha/reps/boss", "", boss).status == 409);
    CHECK(patch_rep("priya", {{"role", "admin"}}).status == 200);
    CHECK(patch_rep("boss", {{"role", "rep"}}).status == 200);
    CHECK(http_request(port(), "GET", "/api/v1/teams/alpha", "", team.tokens["priya"]).status == 200);

    // A rep who becomes a display leaves their pairs.
    // The new role applies to open connections too: they close, and reconnect with it.
    wp::test::WsClient jake_page(port(), team.tokens["jake"]);
    CHECK(http_request(port(), "PATCH", "/api/v1/teams/alpha/reps/jake", R"({"role":"display"})", boss).status == 403);
    CHECK(http_request(port(), "PATCH", "/api/v1/teams/alpha/reps/jake", R"({"role":"display"})", team.tokens["priya"]).status == 200);
    CHECK(wp::test::closes(jake_page));
    wp::test::WsClient jake_again(port(), team.tokens["jake"]);
    CHECK(jake_again.welcome()["me"]["role"] == "display");
    CHECK(jake_again.request({{"type", "log"}, {"metric", "calls"}, {"id", "after-demotion"}})["code"] == "forbidden");
    CHECK(team_of(port(), team.tokens["priya"])["pairs"].empty());
    for (const auto& [body, status] : std::vector<std::pair<json, int>>{
             {{{"role", "owner"}}, 400}, {{{"name", ""}}, 400}, {json::object(), 400}, {{{"name", "A\nB"}}, 400}})
        CHECK(http_request(port(), "PATCH", "/api/v1/teams/alpha/reps/natalie", body.dump(), team.tokens["priya"]).status == status);
    CHECK(http_request(port(), "PATCH", "/api/v1/teams/alpha/reps/ghost", R"({"name":"G"})", team.tokens["priya"]).status == 404);
    auto bad_id = http_request(port(), "POST", "/api/v1/teams/alpha/reps", R"({"id":"Bad Id","name":"B"})", team.tokens["priya"]);
    CHECK(bad_id.status == 400);
    CHECK(error_message(bad_id) == "id: 1-32 characters of [a-z0-9_-]");
}

TEST_CASE_FIXTURE(ServerCase, "pairs: two different reps who sell, once, dissolved by delete and by removing a rep") {
    auto team = make_team(port(), "alpha");
    const auto& boss = team.tokens["boss"];
    auto pair = [&](const std::string& a, const std::string& b) {
        return http_request(port(), "POST", "/api/v1/teams/alpha/pairs", json{{"reps", {a, b}}}.dump(), boss);
    };
    auto display = pair("priya", "wall");
    CHECK(display.status == 400);
    CHECK(error_message(display) == "reps: 'wall' is a display, which only reads: pair reps or admins");
    CHECK(pair("priya", "priya").status == 400);
    CHECK(pair("priya", "ghost").status == 404);
    CHECK(pair("jake", "natalie").status == 409);  // p1 exists, in either order
    auto made = pair("priya", "boss");
    REQUIRE(made.status == 201);
    auto id = made.json_body()["pair"]["id"].get<std::string>();
    CHECK(team_of(port(), boss)["pairs"].size() == 2);

    wp::test::WsClient jake(port(), team.tokens["jake"]);
    REQUIRE(jake.request({{"type", "subscribe"}, {"topic", "team"}})["type"] == "ack");
    jake.wait_for([](const json& f) { return f["type"] == "snapshot" && f["topic"] == "team"; });
    CHECK(http_request(port(), "DELETE", "/api/v1/teams/alpha/pairs/" + id, "", boss).status == 204);
    CHECK(http_request(port(), "DELETE", "/api/v1/teams/alpha/pairs/" + id, "", boss).status == 404);
    // Removing Natalie dissolves p1: Jake's page no longer shows a partner, and no card shows her.
    CHECK(http_request(port(), "DELETE", "/api/v1/teams/alpha/reps/natalie", "", boss).status == 204);
    auto update = jake.wait_for([](const json& f) {
        return f["type"] == "update" && f["topic"] == "team" && f["data"]["me"]["pairs"].empty();
    });
    for (const auto& mate : update["data"]["teammates"]) CHECK(mate["id"] != "natalie");
    CHECK(team_of(port(), boss)["pairs"].empty());
    CHECK(jake.request({{"type", "subscribe"}, {"topic", "pair:p1"}})["code"] == "not_found");
}

TEST_CASE_FIXTURE(ServerCase, "ids in paths follow the id rules: 400 naming the rule, never a Redis error, nothing changed") {
    auto team = make_team(port(), "alpha");
    const auto& boss = team.tokens["boss"];
    struct Case { std::string method, path, body, message; };
    for (const auto& c : std::vector<Case>{
             {"DELETE", "/api/v1/teams/alpha/reps/a:b", "", "rep: 1-32 characters of [a-z0-9_-]"},
             {"PATCH", "/api/v1/teams/alpha/reps/Natalie", R"({"name":"N"})", "rep: 1-32 characters of [a-z0-9_-]"},
             {"POST", "/api/v1/teams/alpha/reps/" + std::string(33, 'a') + "/token", "", "rep: 1-32 characters of [a-z0-9_-]"},
             {"GET", "/api/v1/teams/ALPHA", "", "team: 1-32 characters of [a-z0-9_-]"},
             {"DELETE", "/api/v1/teams/alpha/pairs/p%3A1", "", "pair: 1-32 characters of [a-z0-9_-]"},
             {"GET", "/api/v1/reps/x.y/stats", "", "rep: 1-32 characters of [a-z0-9_-]"},
             {"GET", "/api/v1/challenges/c*1", "", "challenge: 1-32 characters of [a-z0-9_-]"}}) {
        CAPTURE(c.method + " " + c.path);
        auto r = http_request(port(), c.method, c.path, c.body, boss);
        CHECK(r.status == 400);
        CHECK(error_message(r) == c.message);
    }
    auto roster = team_of(port(), boss);
    CHECK(roster["reps"].size() == 5);
    CHECK(roster["pairs"].size() == 1);
}

TEST_CASE_FIXTURE(ServerCase, "coaching: every rep's weeks per metric, the funnel in the team's order, check-ins") {
    auto team = make_team(port(), "alpha");
    const auto& boss = team.tokens["boss"];
    for (int i = 0; i < 8; ++i) log_call(port(), team.tokens["natalie"], "calls", "c" + std::to_string(i));
    log_call(port(), team.tokens["natalie"], "appointments", "a1");
    log_call(port(), team.tokens["natalie"], "appointments", "a2");
    log_call(port(), team.tokens["jake"], "proposals", "p1");
    wp::test::WsClient natalie(port(), team.tokens["natalie"]);
    REQUIRE(natalie.request({{"type", "checkin.post"}, {"commitment", "Five new outreach attempts"}})["type"] == "ack");

    auto r = http_request(port(), "GET", "/api/v1/teams/alpha/coaching", "", boss);
    REQUIRE(r.status == 200);
    auto c = r.json_body();
    CHECK(c["weeks"].size() == 12);
    CHECK(c["metrics"] == json::array({"calls", "appointments", "proposals"}));
    json nat;
    for (const auto& rep : c["reps"]) {
        CHECK(rep["rep"] != "wall");  // displays do not sell
        if (rep["rep"] == "natalie") nat = rep;
    }
    REQUIRE(nat.is_object());
    CHECK(nat["counts"]["calls"].size() == 12);
    CHECK(nat["counts"]["calls"][11] == 8);
    CHECK(nat["counts"]["calls"][10] == 0);
    CHECK(nat["totals"] == json{{"calls", 8}, {"appointments", 2}, {"proposals", 0}});
    CHECK(nat["funnel"][0] == json{{"from", "calls"}, {"to", "appointments"}, {"ratio", 0.25}});
    CHECK(nat["funnel"][1] == json{{"from", "appointments"}, {"to", "proposals"}, {"ratio", 0.0}});
    REQUIRE(nat["checkins"].size() == 1);
    CHECK(nat["checkins"][0]["commitment"] == "Five new outreach attempts");

    // The funnel follows the team's own order.
    REQUIRE(http_request(port(), "PATCH", "/api/v1/teams/alpha",
                         R"({"metrics":[{"id":"appointments","label":"Appointments"},{"id":"calls","label":"Calls"}]})", boss).status == 200);
    auto again = http_request(port(), "GET", "/api/v1/teams/alpha/coaching?weeks=4", "", boss).json_body();
    CHECK(again["weeks"].size() == 4);
    for (const auto& rep : again["reps"])
        if (rep["rep"] == "natalie") CHECK(rep["funnel"] == json::array({{{"from", "appointments"}, {"to", "calls"}, {"ratio", 4.0}}}));
    CHECK(http_request(port(), "GET", "/api/v1/teams/alpha/coaching?weeks=53", "", boss).status == 400);
    CHECK(http_request(port(), "GET", "/api/v1/teams/alpha/coaching", "", team.tokens["natalie"]).status == 403);
}

TEST_CASE_FIXTURE(ServerCase, "CSV: from and to as local dates in the team's zone, each row in UTC and in the zone") {
    auto team = make_team(port(), "alpha", "America/Denver");
    const auto& boss = team.tokens["boss"];
    log_call(port(), team.tokens["natalie"], "calls", "today-1");
    // The local date in Denver now, computed the way the server does, and yesterday.
    auto cal = wp::domain::Calendar::make("America/Denver", wp::domain::WeekStart::monday);
    REQUIRE(cal.has_value());
    auto local_today = cal->local_date(wp::domain::now());
    auto local_yesterday = cal->local_date(wp::domain::now() - std::chrono::hours(24));
    auto csv = http_request(port(), "GET", "/api/v1/teams/alpha/activities.csv?from=" + local_today + "&to=" + local_today, "", boss);
    REQUIRE(csv.status == 200);
    CHECK(std::count(csv.body.begin(), csv.body.end(), '\n') == 2);
    auto row = csv.body.substr(csv.body.find('\n') + 1);
    CHECK(row.find(",today-1,api," + local_today + "T") != std::string::npos);
    CHECK((row.find("-07:00\r\n") != std::string::npos || row.find("-06:00\r\n") != std::string::npos));
    auto none = http_request(port(), "GET", "/api/v1/teams/alpha/activities.csv?from=" + local_yesterday + "&to=" + local_yesterday, "", boss);
    CHECK(std::count(none.body.begin(), none.body.end(), '\n') == 1);
    CHECK(http_request(port(), "GET", "/api/v1/teams/alpha/activities.csv?from=2026-02-30", "", boss).status == 400);
    CHECK(http_request(port(), "GET", "/api/v1/teams/alpha/activities.csv?from=" + local_today + "&to=" + local_yesterday, "", boss).status == 400);
}
