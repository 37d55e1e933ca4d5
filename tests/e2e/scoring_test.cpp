// Fair scoring end to end: the points board at the weights in force, targets over REST and the
// WebSocket with % of target, around me at the top, middle and bottom, and most improved.
#include <doctest/doctest.h>

#include "domain/calendar.hpp"
#include "e2e/fixture.hpp"
#include "support/topics.hpp"

using namespace wp::e2e;
using wp::test::http_request;
using wp::test::WsClient;
using wp::test::subscribe_to;

namespace {

json row_of(const json& data, const std::string& rep) {
    for (const auto& row : data["rows"])
        if (row["rep"] == rep) return row;
    return nullptr;
}

std::vector<std::string> reps_in(const json& data) {
    std::vector<std::string> out;
    for (const auto& row : data["rows"]) out.push_back(row["rep"].get<std::string>());
    return out;
}

wp::test::HttpResult patch_team(int port, const std::string& token, const json& body) {
    return http_request(port, "PATCH", "/api/v1/teams/alpha", body.dump(), token);
}

void add_rep(int port, TeamSetup& team, const std::string& id) {
    auto r = http_request(port, "POST", "/api/v1/teams/alpha/reps", json{{"id", id}, {"name", id}}.dump(),
                          wp::test::WolfpackServer::admin_token);
    REQUIRE(r.status == 201);
    team.tokens[id] = r.json_body()["token"].get<std::string>();
}

}  // namespace

TEST_CASE_FIXTURE(ServerCase, "points: the board is the sum of weight x count at the weights in force, re-scored by a new weight") {
    auto team = make_team(port(), "alpha");
    const auto& boss = team.tokens["boss"];
    for (int i = 0; i < 4; ++i) log_http(port(), team.tokens["natalie"], "calls", "nc" + std::to_string(i));
    log_http(port(), team.tokens["natalie"], "appointments", "na1");
    log_http(port(), team.tokens["jake"], "calls", "jc1");
    log_http(port(), team.tokens["jake"], "appointments", "ja1", 2);
    log_http(port(), team.tokens["jake"], "proposals", "jp1");
    // Unweighted, every activity is a point.
    auto plain = leaderboard(port(), team.tokens["priya"], "points", "week");
    CHECK(count_of(plain, "natalie") == 5);
    CHECK(count_of(plain, "jake") == 4);
    CHECK(plain["total"] == 9);

    auto weighted = patch_team(port(), boss, {{"points", {{"appointments", 5}, {"proposals", 10}}}});
    INFO(weighted.body);
    REQUIRE(weighted.status == 200);
    CHECK(weighted.json_body()["team"]["points"] == json({{"appointments", 5}, {"proposals", 10}}));
    WsClient page(port(), team.tokens["priya"]);
    auto snapshot = subscribe_to(page, "leaderboard:points:week");
    const auto& rows = snapshot["data"]["rows"];
    REQUIRE(rows.size() == 2);
    CHECK(rows[0] == json({{"rank", 1}, {"rep", "jake"}, {"name", "jake"}, {"count", 1 + 2 * 5 + 10}}));
    CHECK(rows[1] == json({{"rank", 2}, {"rep", "natalie"}, {"name", "natalie"}, {"count", 4 + 5}}));
    CHECK(snapshot["data"]["total"] == 5 * 1 + 3 * 5 + 1 * 10);

    // A new weight re-scores the week already logged, live.
    REQUIRE(patch_team(port(), boss, {{"points", {{"calls", 3}}}}).status == 200);
    auto rescored = update_of(page, "leaderboard:points:week", [](const json& d) { return d["total"] == 5 * 3 + 15 + 10; });
    CHECK(count_of(rescored["data"], "natalie") == 4 * 3 + 5);
    CHECK(count_of(rescored["data"], "jake") == 3 + 10 + 10);
    // And a new activity moves it like any board.
    log_http(port(), team.tokens["natalie"], "proposals", "np1");
    auto moved = update_of(page, "leaderboard:points:week", [](const json& d) { return d["total"] == 50; });
    CHECK(moved["data"]["rows"][0] == json({{"rank", 1}, {"rep", "natalie"}, {"name", "natalie"}, {"count", 27}}));
    CHECK(count_of(leaderboard(port(), boss, "points", "week"), "natalie") == 27);
    // Back to the default weight; a weight of 0 counts nothing.
    REQUIRE(patch_team(port(), boss, {{"points", {{"calls", nullptr}, {"proposals", 0}}}}).status == 200);
    auto reset = leaderboard(port(), boss, "points", "week");
    CHECK(count_of(reset, "natalie") == 4 + 5);
    CHECK(count_of(reset, "jake") == 1 + 10);

    // Refusals name the rule and change nothing.
    auto before = http_request(port(), "GET", "/api/v1/teams/alpha", "", boss).json_body()["team"];
    struct Case { json body; std::string message; };
    for (const auto& c : std::vector<Case>{{{{"points", {{"dials", 2}}}}, "points.dials: not one of this team's metrics"},
                                           {{{"points", {{"calls", 1001}}}}, ""},
                                           {{{"points", {{"calls", -1}}}}, ""},
                                           {{{"points", {{"calls", "2"}}}}, ""}}) {
        CAPTURE(c.body.dump());
        auto r = patch_team(port(), boss, c.body);
        CHECK(r.status == 400);
        if (!c.message.empty()) CHECK(r.json_body()["error"]["message"] == c.message);
    }
    CHECK(http_request(port(), "GET", "/api/v1/teams/alpha", "", boss).json_body()["team"] == before);
    CHECK(patch_team(port(), team.tokens["natalie"], {{"points", {{"calls", 2}}}}).status == 403);
    // Another setting changed keeps the weights.
    auto week = patch_team(port(), boss, {{"working_days", {"mon", "tue", "wed", "thu"}}});
    REQUIRE(week.status == 200);
    CHECK(week.json_body()["team"]["points"] == before["points"]);
}

TEST_CASE_FIXTURE(ServerCase, "targets: set over REST and the WebSocket, on board rows, ranked by % of target") {
    auto team = make_team(port(), "alpha");
    const auto& boss = team.tokens["boss"];
    auto put = [&](const std::string& rep, const json& body, const std::string& token) {
        return http_request(port(), "PUT", "/api/v1/teams/alpha/reps/" + rep + "/targets", body.dump(), token);
    };
    auto set = put("natalie", {{"calls", {{"day", 20}, {"week", 80}}}}, boss);
    INFO(set.body);
    REQUIRE(set.status == 200);
    CHECK(set.json_body() == json({{"targets", {{"calls", {{"day", 20}, {"week", 80}}}}}}));
    // The rep's own change merges into the manager's.
    WsClient natalie(port(), team.tokens["natalie"]);
    auto own = natalie.request({{"type", "targets.set"}, {"targets", {{"calls", {{"day", 10}}}}}});
    INFO(own.dump());
    REQUIRE(own["type"] == "ack");
    CHECK(own["result"]["targets"] == json({{"calls", {{"day", 10}, {"week", 80}}}}));
    WsClient jake(port(), team.tokens["jake"]);
    REQUIRE(jake.request({{"type", "targets.set"}, {"targets", {{"calls", {{"day", 4}}}}}})["type"] == "ack");
    REQUIRE(put("priya", {{"calls", {{"day", 6}}}}, team.tokens["priya"]).status == 200);  // her own, over REST

    // Who may set whose, and the rules.
    CHECK(put("jake", {{"calls", {{"day", 1}}}}, team.tokens["natalie"]).status == 403);
    CHECK(put("wall", {{"calls", {{"day", 1}}}}, boss).status == 400);
    CHECK(put("ghost", {{"calls", {{"day", 1}}}}, boss).status == 404);
    CHECK(put("natalie", {{"dials", {{"day", 1}}}}, boss).json_body()["error"]["message"] == "targets.dials: not one of this team's metrics");
    CHECK(put("natalie", {{"calls", {{"quarter", 1}}}}, boss).status == 400);
    CHECK(put("natalie", {{"calls", {{"day", 1000001}}}}, boss).status == 400);
    WsClient wall(port(), team.tokens["wall"]);
    CHECK(wall.request({{"type", "targets.set"}, {"targets", {{"calls", {{"day", 4}}}}}})["code"] == "forbidden");
    CHECK(natalie.request({{"type", "targets.set"}, {"targets", {{"calls", {{"day", "9"}}}}}})["code"] == "bad_request");

    auto pct = subscribe_to(jake, "leaderboard:calls:day:pct");
    CHECK(pct["data"]["rows"].size() == 3);  // everyone with a day target, at 0%
    for (int i = 0; i < 5; ++i) log_http(port(), team.tokens["natalie"], "calls", "n" + std::to_string(i));
    for (int i = 0; i < 3; ++i) log_http(port(), team.tokens["jake"], "calls", "j" + std::to_string(i));
    for (int i = 0; i < 3; ++i) log_http(port(), team.tokens["priya"], "calls", "p" + std::to_string(i));
    for (int i = 0; i < 9; ++i) log_http(port(), boss, "calls", "b" + std::to_string(i));  // no target: not on the % board
    auto ranked = update_of(jake, "leaderboard:calls:day:pct", [](const json& d) { return d["total"] == 20; });
    CHECK(ranked["data"]["rows"] == json::array({
        {{"rank", 1}, {"rep", "jake"}, {"name", "jake"}, {"count", 3}, {"target", 4}, {"pct", 75}},
        {{"rank", 2}, {"rep", "natalie"}, {"name", "natalie"}, {"count", 5}, {"target", 10}, {"pct", 50}},
        {{"rank", 2}, {"rep", "priya"}, {"name", "priya"}, {"count", 3}, {"target", 6}, {"pct", 50}}}));
    // The count board: rows carry the target and pct where one is set.
    auto day = leaderboard(port(), boss, "calls", "day");
    CHECK(row_of(day, "boss") == json({{"rank", 1}, {"rep", "boss"}, {"name", "boss"}, {"count", 9}}));
    CHECK(row_of(day, "natalie") == json({{"rank", 2}, {"rep", "natalie"}, {"name", "natalie"}, {"count", 5}, {"target", 10}, {"pct", 50}}));
    CHECK(row_of(leaderboard(port(), boss, "calls", "week"), "natalie")["pct"] == 6);  // 5 of 80
    CHECK_FALSE(row_of(leaderboard(port(), boss, "calls", "month"), "natalie").contains("target"));

    // A new target re-ranks at once; the % board follows live.
    REQUIRE(jake.request({{"type", "targets.set"}, {"targets", {{"calls", {{"day", 12}}}}}})["type"] == "ack");
    auto reranked = update_of(jake, "leaderboard:calls:day:pct", [](const json& d) { return d["rows"][0]["rep"] == "natalie"; });
    CHECK(row_of(reranked["data"], "jake")["pct"] == 25);
    CHECK(row_of(reranked["data"], "jake")["rank"] == 3);

    // targets:me: the rep's targets with count, % and pace on the team's working hours.
    auto mine = subscribe_to(natalie, "targets:me");
    CHECK(mine["data"]["targets"] == json({{"calls", {{"day", 10}, {"week", 80}}}}));
    REQUIRE(mine["data"]["pace"].size() == 2);
    const auto& today = mine["data"]["pace"][0];
    CHECK(today["metric"] == "calls");
    CHECK(today["period"] == "day");
    CHECK(today["count"] == 5);
    CHECK(today["pct"] == 50);
    CHECK((today["expected"].is_null() || (today["expected"] >= 0 && today["expected"] <= 10)));
    log_http(port(), team.tokens["natalie"], "calls", "n5");
    auto paced = update_of(natalie, "targets:me", [](const json& d) { return d["pace"][0]["count"] == 6; });
    CHECK(paced["data"]["pace"][1]["count"] == 6);
    // 0 and null remove; a display has no targets topic.
    auto removed = natalie.request({{"type", "targets.set"}, {"targets", {{"calls", {{"day", 0}, {"week", nullptr}}}}}});
    CHECK(removed["result"]["targets"] == json::object());
    CHECK(wall.request({{"type", "subscribe"}, {"topic", "targets:me"}})["code"] == "bad_request");
    // The console reads everyone's targets with the team.
    auto roster = http_request(port(), "GET", "/api/v1/teams/alpha", "", boss).json_body();
    for (const auto& r : roster["reps"])
        if (r["id"] == "priya") CHECK(r["targets"] == json({{"calls", {{"day", 6}}}}));
}

TEST_CASE_FIXTURE(ServerCase, "around me: two above and two below, at the top, in the middle and at the bottom") {
    auto team = make_team(port(), "alpha");
    for (const auto* id : {"sam", "tom", "uma"}) add_rep(port(), team, id);
    // uma 7, tom 6, sam 5, priya 4, jake 3, natalie 2, boss nothing: ranks 1..7.
    int n = 7;
    for (const auto* id : {"uma", "tom", "sam", "priya", "jake", "natalie"}) {
        log_http(port(), team.tokens[id], "calls", std::string(id) + "-1", n);
        --n;
    }
    WsClient uma(port(), team.tokens["uma"]), priya(port(), team.tokens["priya"]), boss(port(), team.tokens["boss"]);
    auto top = subscribe_to(uma, "around:calls:week")["data"];
    CHECK(top["me"] == json({{"rank", 1}, {"count", 7}}));
    CHECK(reps_in(top) == std::vector<std::string>{"uma", "tom", "sam"});
    CHECK(top["of"] == 7);
    auto middle = subscribe_to(priya, "around:calls:week")["data"];
    CHECK(middle["me"] == json({{"rank", 4}, {"count", 4}}));
    CHECK(reps_in(middle) == std::vector<std::string>{"tom", "sam", "priya", "jake", "natalie"});
    auto bottom = subscribe_to(boss, "around:calls:week")["data"];  // logged nothing: last, with 0
    CHECK(bottom["me"] == json({{"rank", 7}, {"count", 0}}));
    CHECK(reps_in(bottom) == std::vector<std::string>{"jake", "natalie", "boss"});
    CHECK(bottom["rows"][2] == json({{"rank", 7}, {"rep", "boss"}, {"name", "boss"}, {"count", 0}}));
    // Someone else's log moves the neighbourhood, live: natalie passes priya and ties sam, so
    // priya is fifth, with natalie and sam (tied third) above and jake and boss below.
    log_http(port(), team.tokens["natalie"], "calls", "natalie-2", 3);
    auto moved = update_of(priya, "around:calls:week", [](const json& d) { return d["rows"][0]["rep"] == "natalie"; });
    CHECK(reps_in(moved["data"]) == std::vector<std::string>{"natalie", "sam", "priya", "jake", "boss"});
    CHECK(moved["data"]["rows"][0]["rank"] == 3);
    CHECK(moved["data"]["rows"][1]["rank"] == 3);
    CHECK(moved["data"]["me"] == json({{"rank", 5}, {"count", 4}}));
    auto mine_bottom = update_of(boss, "around:calls:week", [](const json& d) { return reps_in(d).front() == "priya"; });
    CHECK(reps_in(mine_bottom["data"]) == std::vector<std::string>{"priya", "jake", "boss"});
    // The points board has neighbourhoods too; a display has none.
    CHECK(subscribe_to(uma, "around:points:day")["data"]["me"]["rank"] == 1);
    WsClient wall(port(), team.tokens["wall"]);
    CHECK(wall.request({{"type", "subscribe"}, {"topic", "around:calls:week"}})["code"] == "bad_request");
}

TEST_CASE_FIXTURE(ServerCase, "most improved: this week against the rep's four-week baseline, a rep without history left out") {
    auto team = make_team(port(), "alpha");
    auto calendar = wp::domain::Calendar::make("Europe/London", wp::domain::WeekStart::monday);
    REQUIRE(calendar);
    auto now = wp::domain::now();
    auto week = [&](int ago) {
        return calendar->period_key(wp::domain::Period::week, now - std::chrono::hours(24 * 7 * ago));
    };
    // Earlier weeks written as the log script leaves them (no backdating reaches four weeks back).
    auto seed = [&](const std::string& rep, int ago, int count) {
        shared_redis().command({"ZADD", "wp:{t:alpha}:lb:calls:" + week(ago), std::to_string(count), rep});
    };
    for (int ago = 4; ago >= 1; --ago) seed("natalie", ago, 2 * (5 - ago));  // 2, 4, 6, 8: baseline 5.0
    seed("jake", 2, 30);  // from his first week: (30 + 10) / 2 = 20.0
    seed("jake", 1, 10);
    seed("boss", 4, 1);  // 1 / 4 = 0.25, to one decimal 0.3
    log_http(port(), team.tokens["natalie"], "calls", "n1", 9);
    log_http(port(), team.tokens["jake"], "calls", "j1", 12);
    log_http(port(), team.tokens["priya"], "calls", "p1", 30);  // no earlier week: left out
    WsClient page(port(), team.tokens["priya"]);
    auto board = subscribe_to(page, "improved:calls")["data"];
    CHECK(board["week"] == week(0));
    CHECK(board["rows"] == json::array({
        {{"rank", 1}, {"rep", "natalie"}, {"name", "natalie"}, {"count", 9}, {"baseline", 5.0}, {"change", 4.0}},
        {{"rank", 2}, {"rep", "boss"}, {"name", "boss"}, {"count", 0}, {"baseline", 0.3}, {"change", -0.3}},
        {{"rank", 3}, {"rep", "jake"}, {"name", "jake"}, {"count", 12}, {"baseline", 20.0}, {"change", -8.0}}}));
    // Live: boss's 5 calls this week make +4.7, past natalie's +4.0.
    log_http(port(), team.tokens["boss"], "calls", "b1", 5);
    auto moved = update_of(page, "improved:calls", [](const json& d) { return d["rows"][0]["rep"] == "boss"; });
    CHECK(moved["data"]["rows"][0]["change"] == 4.7);
    CHECK(moved["data"]["rows"][1]["rep"] == "natalie");
}

TEST_CASE_FIXTURE(ServerCase, "a points challenge counts every metric at the weights it was made with") {
    auto team = make_team(port(), "alpha");
    const auto& boss = team.tokens["boss"];
    REQUIRE(patch_team(port(), boss, {{"points", {{"appointments", 5}}}}).status == 200);
    log_http(port(), team.tokens["natalie"], "calls", "before-1", 2);  // earlier this week: the race starts from it
    WsClient jake(port(), team.tokens["jake"]), natalie(port(), team.tokens["natalie"]);
    auto created = jake.request({{"type", "challenge.create"}, {"metric", "points"}, {"kind", "race"}, {"target", 10},
                                 {"participants", {"natalie"}}, {"window", {{"period", "week"}}}});
    INFO(created.dump());
    REQUIRE(created["type"] == "ack");
    const auto& challenge = created["result"]["challenge"];
    CHECK(challenge["weights"] == json({{"calls", 1}, {"appointments", 5}, {"proposals", 1}}));
    const auto id = challenge["id"].get<std::string>();
    REQUIRE(natalie.request({{"type", "challenge.accept"}, {"challenge", id}})["type"] == "ack");
    auto topic = "challenge:" + id;
    auto first = subscribe_to(jake, topic)["data"];
    auto count = [](const json& c, const std::string& rep) {
        for (const auto& p : c["participants"])
            if (p["rep"] == rep) return p["count"].get<long long>();
        return -1LL;
    };
    CHECK(count(first, "natalie") == 2);
    log_http(port(), team.tokens["natalie"], "appointments", "a-1");  // 2 + 5
    log_http(port(), team.tokens["jake"], "calls", "j-1", 3);
    auto scored = update_of(jake, topic, [&](const json& c) { return count(c, "jake") == 3; });
    CHECK(count(scored["data"], "natalie") == 7);
    // The board follows a new weight; the challenge keeps what was agreed.
    REQUIRE(patch_team(port(), boss, {{"points", {{"calls", 4}}}}).status == 200);
    CHECK(count_of(leaderboard(port(), boss, "points", "week"), "natalie") == 2 * 4 + 5);
    log_http(port(), team.tokens["natalie"], "proposals", "p-1");  // + 1 at the agreed weight
    auto moved = update_of(jake, topic, [&](const json& c) { return count(c, "natalie") == 8; });
    CHECK(moved["data"]["status"] == "active");
    log_http(port(), team.tokens["natalie"], "calls", "n-2", 2);  // 10: she wins the race, at once
    auto done = update_of(jake, topic, [](const json& c) { return c["status"] == "finished"; });
    CHECK(done["data"]["winner"] == "natalie");
    CHECK(count(done["data"], "natalie") == 10);
}
