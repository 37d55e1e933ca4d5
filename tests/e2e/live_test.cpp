// The real wolfpack binary, a real Redis and real WebSocket clients: log, subscribe, live
// updates, idempotency across connections, two instances on one Redis. Every frame a client
// reads is validated against proto/ (test::WsClient::read throws on a violation).
#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <thread>

#include "e2e/fixture.hpp"

using namespace wp::e2e;
using wp::test::WsClient;

namespace {

json log_request(const std::string& metric, const std::string& id, int delta = 1) {
    return {{"type", "log"}, {"metric", metric}, {"id", id}, {"delta", delta}};
}

json subscribe(WsClient& ws, const std::string& topic) {
    auto ack = ws.request({{"type", "subscribe"}, {"topic", topic}});
    INFO(ack.dump());
    REQUIRE(ack["type"] == "ack");
    return ws.wait_for([&](const json& f) { return f["type"] == "snapshot" && f["topic"] == topic; });
}

}  // namespace

TEST_CASE_FIXTURE(ServerCase, "welcome names the caller and the team") {
    auto team = make_team(port(), "alpha");
    WsClient natalie(port(), team.tokens["natalie"]);
    const auto& w = natalie.welcome();
    CHECK(w["protocol"] == "wolfpack.v1");
    CHECK(w["me"]["id"] == "natalie");
    CHECK(w["me"]["role"] == "rep");
    CHECK(w["me"]["team"] == "alpha");
    CHECK(w["team"]["tz"] == "Europe/London");
    CHECK(w["team"]["week_start"] == "monday");
    CHECK(w["team"]["metrics"].size() == 3);
    CHECK(w["me"]["pair"] == "p1");
    CHECK(w["me"]["pairs"] == json::array({{{"id", "p1"}, {"partner", "jake"}, {"partner_name", "jake"}}}));
    CHECK(w["teammates"].size() == 4);  // natalie, jake, priya, boss: not the wall
    WsClient by_header(port(), team.tokens["jake"], true);
    CHECK(by_header.welcome()["me"]["id"] == "jake");
}

TEST_CASE_FIXTURE(ServerCase, "a log on one connection moves the leaderboard on another") {
    auto team = make_team(port(), "alpha");
    WsClient jake(port(), team.tokens["jake"]);
    WsClient natalie(port(), team.tokens["natalie"]);
    auto snapshot = subscribe(jake, "leaderboard:calls:week");
    CHECK(snapshot["data"]["rows"].empty());
    CHECK(snapshot["data"]["total"] == 0);
    auto seq = snapshot["seq"].get<long long>();

    auto ack = natalie.request(log_request("calls", "n-1", 2));
    REQUIRE(ack["type"] == "ack");
    CHECK(ack["result"]["counts"] == json({{"day", 2}, {"week", 2}, {"month", 2}, {"quarter", 2}, {"all", 2}}));
    CHECK_FALSE(ack["result"].value("duplicate", false));

    auto update = jake.wait_for([](const json& f) { return f["type"] == "update"; }, 2s);
    CHECK(update["topic"] == "leaderboard:calls:week");
    CHECK(update["seq"].get<long long>() > seq);
    REQUIRE(update["data"]["rows"].size() == 1);
    CHECK(update["data"]["rows"][0] == json({{"rank", 1}, {"rep", "natalie"}, {"name", "natalie"}, {"count", 2}}));
    CHECK(update["data"]["total"] == 2);

    // Jake passes her: ranks follow.
    REQUIRE(jake.request(log_request("calls", "j-1", 3))["type"] == "ack");
    auto next = jake.wait_for([](const json& f) { return f["type"] == "update"; }, 2s);
    CHECK(next["seq"].get<long long>() > update["seq"].get<long long>());
    CHECK(next["data"]["rows"][0]["rep"] == "jake");
    CHECK(next["data"]["rows"][1]["rep"] == "natalie");
    CHECK(next["data"]["total"] == 5);

    // After unsubscribe, no more updates for that topic.
    REQUIRE(jake.request({{"type", "unsubscribe"}, {"topic", "leaderboard:calls:week"}})["type"] == "ack");
    REQUIRE(natalie.request(log_request("calls", "n-2"))["type"] == "ack");
    auto later = jake.read(400ms);
    CHECK_FALSE(later.has_value());
}

TEST_CASE_FIXTURE(ServerCase, "every period's board moves: other metrics' boards do not") {
    auto team = make_team(port(), "alpha");
    WsClient wall(port(), team.tokens["wall"]);
    for (const char* period : {"day", "week", "month", "quarter", "all"})
        subscribe(wall, std::string("leaderboard:appointments:") + period);
    subscribe(wall, "leaderboard:calls:day");
    WsClient priya(port(), team.tokens["priya"]);
    REQUIRE(priya.request(log_request("appointments", "p-1"))["type"] == "ack");
    std::set<std::string> updated;
    while (updated.size() < 5) {
        auto f = wall.wait_for([](const json& frame) { return frame["type"] == "update"; }, 2s);
        CHECK(f["topic"] != "leaderboard:calls:day");
        CHECK(wp::e2e::count_of(f["data"], "priya") == 1);
        updated.insert(f["topic"].get<std::string>());
    }
    CHECK_FALSE(wall.read(300ms).has_value());
    for (const char* period : {"day", "week", "month", "quarter", "all"})
        CHECK(count_of(leaderboard(port(), team.tokens["wall"], "appointments", period), "priya") == 1);
}

TEST_CASE_FIXTURE(ServerCase, "the same id sent 50 times at once from 10 connections counts once") {
    auto team = make_team(port(), "alpha");
    std::vector<std::unique_ptr<WsClient>> clients;
    for (int i = 0; i < 10; ++i) clients.push_back(std::make_unique<WsClient>(port(), team.tokens["natalie"]));
    std::atomic<int> fresh{0}, duplicate{0}, failed{0};
    std::vector<std::thread> threads;
    for (auto& client : clients)
        threads.emplace_back([&, c = client.get()] {
            for (int i = 0; i < 5; ++i) c->send({{"type", "log"}, {"req", i}, {"metric", "calls"}, {"id", "same-tap"}});
            for (int i = 0; i < 5; ++i) {
                auto a = c->wait_ack(i, 5s);
                if (a["type"] != "ack") ++failed;
                else if (a["result"].value("duplicate", false)) ++duplicate;
                else ++fresh;
                if (a["type"] == "ack" && a["result"]["counts"]["all"] != 1) ++failed;
            }
        });
    for (auto& t : threads) t.join();
    CHECK(failed == 0);
    CHECK(fresh == 1);
    CHECK(duplicate == 49);
    auto board = leaderboard(port(), team.tokens["natalie"], "calls", "all");
    CHECK(count_of(board, "natalie") == 1);
    CHECK(board["total"] == 1);
}

TEST_CASE("two instances on one Redis: a log on A reaches a subscriber on B") {
    shared_redis().flushall();
    wp::test::WolfpackServer a(shared_redis().url()), b(shared_redis().url());
    auto team = make_team(a.port(), "alpha");
    WsClient on_b(b.port(), team.tokens["jake"]);
    subscribe(on_b, "leaderboard:calls:day");
    WsClient on_a(a.port(), team.tokens["natalie"]);
    REQUIRE(on_a.request(log_request("calls", "cross-1"))["type"] == "ack");
    auto update = on_b.wait_for([](const json& f) { return f["type"] == "update"; }, 2s);
    CHECK(count_of(update["data"], "natalie") == 1);
    // And over HTTP on B, a log reaches a subscriber on A.
    WsClient sub_a(a.port(), team.tokens["priya"]);
    subscribe(sub_a, "leaderboard:calls:day");
    auto r = wp::test::http_request(b.port(), "POST", "/api/v1/activities", R"({"metric":"calls","id":"h-1","delta":4})",
                                    team.tokens["jake"]);
    REQUIRE(r.status == 201);
    auto seen = sub_a.wait_for([](const json& f) { return f["type"] == "update"; }, 2s);
    CHECK(count_of(seen["data"], "jake") == 4);
}

TEST_CASE_FIXTURE(ServerCase, "HTTP activities: single, batch, admin naming a rep, duplicates") {
    auto team = make_team(port(), "alpha");
    WsClient wall(port(), team.tokens["wall"]);  // a CRM's batch shows up live on the wall
    subscribe(wall, "leaderboard:calls:day");
    auto one = wp::test::http_request(port(), "POST", "/api/v1/activities", R"({"metric":"proposals","id":"x1"})",
                                      team.tokens["natalie"]);
    REQUIRE(one.status == 201);
    CHECK(one.json_body()["counts"]["week"] == 1);
    auto again = wp::test::http_request(port(), "POST", "/api/v1/activities", R"({"metric":"proposals","id":"x1"})",
                                        team.tokens["natalie"]);
    CHECK(again.status == 200);  // nothing created
    CHECK(again.json_body()["duplicate"] == true);
    CHECK(again.json_body()["counts"]["week"] == 1);
    json batch = {{"activities", {{{"metric", "calls"}, {"id", "b1"}}, {{"metric", "calls"}, {"id", "b2"}, {"delta", 2}},
                                  {{"metric", "calls"}, {"id", "b1"}}}}};
    auto many = wp::test::http_request(port(), "POST", "/api/v1/activities", batch.dump(), team.tokens["natalie"]);
    INFO(many.body);
    REQUIRE(many.status == 200);
    auto results = many.json_body()["results"];
    REQUIRE(results.size() == 3);
    CHECK(results[0]["ok"] == true);
    CHECK(results[2]["result"]["duplicate"] == true);
    CHECK(count_of(leaderboard(port(), team.tokens["natalie"], "calls", "day"), "natalie") == 3);
    wall.wait_for([](const json& f) { return f["type"] == "update" && count_of(f["data"], "natalie") == 3; }, 2s);

    auto for_priya = wp::test::http_request(port(), "POST", "/api/v1/activities",
                                            R"({"metric":"calls","id":"adm1","rep":"priya"})", team.tokens["boss"]);
    REQUIRE(for_priya.status == 201);
    CHECK(count_of(leaderboard(port(), team.tokens["natalie"], "calls", "day"), "priya") == 1);
    // A rep may not log for someone else.
    auto not_yours = wp::test::http_request(port(), "POST", "/api/v1/activities",
                                            R"({"metric":"calls","id":"adm2","rep":"priya"})", team.tokens["natalie"]);
    CHECK(not_yours.status == 403);
    CHECK(count_of(leaderboard(port(), team.tokens["natalie"], "calls", "day"), "priya") == 1);
}

TEST_CASE_FIXTURE(ServerCase, "a new token closes the old token's connections and the old token stops working") {
    auto team = make_team(port(), "alpha");
    WsClient natalie(port(), team.tokens["natalie"]);
    auto r = wp::test::http_request(port(), "POST", "/api/v1/teams/alpha/reps/natalie/token", "",
                                    wp::test::WolfpackServer::admin_token);
    REQUIRE(r.status == 201);
    auto fresh = r.json_body()["token"].get<std::string>();
    CHECK(wp::test::closes(natalie));
    CHECK(natalie.close_code() == 1008);
    CHECK(wp::test::ws_upgrade_status(port(), "/ws?token=" + team.tokens["natalie"]) == 401);
    WsClient again(port(), fresh);
    CHECK(again.welcome()["me"]["id"] == "natalie");
}
