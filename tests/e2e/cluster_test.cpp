// The whole product on a real 3-primary Redis Cluster (tests/support/redis_cluster): teams on
// every shard (wp:teams and the token keys on slots of their own), two instances, `admin demo`,
// every admin route, live updates across instances for every team, a challenge finishing once
// with two finishers, webhooks posted once.
#include <doctest/doctest.h>

#include <set>

#include "domain/time.hpp"
#include "e2e/fixture.hpp"
#include "e2e/receiver.hpp"
#include "store/keys.hpp"
#include "store/slot.hpp"
#include "store/tokens.hpp"
#include "support/redis_cluster.hpp"

using namespace wp::e2e;
using wp::test::poll_until;
using wp::test::WsClient;

namespace {

wp::test::RedisCluster& cluster() {
    static wp::test::RedisCluster c(3);
    return c;
}

std::string team_on(int node) {
    static int next = 0;
    for (;; ++next)
        if (auto id = "team" + std::to_string(next); cluster().owner(wp::store::key_slot("{t:" + id + "}")) == node) {
            ++next;
            return id;
        }
}

wp::test::HttpResult as_admin(int port, const std::string& method, const std::string& path, const json& body = nullptr) {
    return wp::test::http_request(port, method, path, body.is_null() ? "" : body.dump(), wp::test::WolfpackServer::admin_token);
}

int log_http(int port, const std::string& token, const std::string& id, int delta = 1) {
    json body = {{"metric", "calls"}, {"id", id}, {"delta", delta}};
    return wp::test::http_request(port, "POST", "/api/v1/activities", body.dump(), token).status;
}

}  // namespace

TEST_CASE("cluster: the whole product on three shards, two instances") {
    auto& c = cluster();
    c.flushall();
    Receiver receiver;
    std::vector<std::string> args{"--set", "webhooks.urls=" + receiver.url(), "--set", "challenges.finisher_ms=100",
                                  "--set", "live.coalesce_ms=20"};
    wp::test::WolfpackServer a(c.seeds(), args), b(c.seeds(), args);  // each waits for /readyz 200
    std::vector<std::string> teams{team_on(0), team_on(1), team_on(2)};
    INFO("wp:teams on node " << c.owner(wp::store::key_slot("wp:teams")));

    // Every admin route, for a team on each shard.
    std::map<std::string, TeamSetup> setups;
    for (const auto& t : teams) {
        setups[t] = make_team(a.port(), t);  // POST teams, reps, pairs
        CHECK(as_admin(b.port(), "POST", "/api/v1/teams", {{"id", t}, {"name", "again"}, {"tz", "UTC"}}).status == 409);
        auto shown = as_admin(b.port(), "GET", "/api/v1/teams/" + t);
        REQUIRE(shown.status == 200);
        CHECK(shown.json_body()["reps"].size() == 5);
        CHECK(shown.json_body()["pairs"].size() == 1);
        for (int i = 0; i < 3; ++i) {  // rotation works every time
            auto old = setups[t].tokens["natalie"];
            auto rotated = as_admin(i % 2 ? a.port() : b.port(), "POST", "/api/v1/teams/" + t + "/reps/natalie/token");
            REQUIRE(rotated.status == 201);
            setups[t].tokens["natalie"] = rotated.json_body()["token"].get<std::string>();
            CHECK(log_http(a.port(), old, "r" + std::to_string(i)) == 401);
        }
        CHECK(as_admin(a.port(), "DELETE", "/api/v1/teams/" + t + "/reps/priya").status == 204);
        CHECK(log_http(b.port(), setups[t].tokens["priya"], "p1") == 401);
        CHECK(as_admin(a.port(), "POST", "/api/v1/teams/" + t + "/pairs", {{"reps", {"natalie", "jake"}}}).status == 409);
    }
    for (const auto& t : teams) CHECK(c.command_for("wp:teams", {"SISMEMBER", "wp:teams", t}) == 1);

    // b hears no notice of a team nobody is connected to there: what it read of the team is read
    // again once a second old, so a change made through a shows on b.
    auto name_on_b = [&] {
        auto listed = as_admin(b.port(), "GET", "/api/v1/teams").json_body();  // named: the loop reads into it
        for (const auto& t : listed["teams"])
            if (t["id"] == teams[0]) return t["name"].get<std::string>();
        return std::string("(not listed)");
    };
    REQUIRE(name_on_b() != "Renamed");  // b has the team's settings cached now
    REQUIRE(as_admin(a.port(), "PATCH", "/api/v1/teams/" + teams[0], {{"name", "Renamed"}}).status == 200);
    CHECK(poll_until([&] { return name_on_b() == "Renamed"; }, std::chrono::seconds(5)));
    CHECK(as_admin(b.port(), "GET", "/api/v1/teams/" + teams[0]).json_body()["team"]["name"] == "Renamed");

    // `admin demo` from a shell, on the cluster.
    auto [status, out] = run_wolfpack({"--redis-cluster", c.seeds(), "admin", "demo", "--base-url", "http://floor"});
    INFO(out);
    CHECK(status == 0);
    CHECK(out.find("Demo team 'demo'") != std::string::npos);
    CHECK(out.find("http://floor/join#") != std::string::npos);  // a sign-in link per person, the wall's too

    // Live updates for every team: subscribed on b, logged on a.
    for (const auto& t : teams) {
        WsClient jake(b.port(), setups[t].tokens["jake"]);
        auto ack = jake.request({{"type", "subscribe"}, {"topic", "leaderboard:calls:day"}});
        REQUIRE(ack["type"] == "ack");
        jake.wait_for([](const json& f) { return f["type"] == "snapshot"; });
        REQUIRE(log_http(a.port(), setups[t].tokens["natalie"], "live-1", 3) == 201);
        auto update = jake.wait_for([](const json& f) {
            return f["type"] == "update" && count_of(f["data"], "natalie") == 3;
        });
        CHECK(update["topic"] == "leaderboard:calls:day");
    }

    // A challenge whose window closes while both instances run the finisher: finished once. A
    // milestone (10 today; one log announces one milestone): each webhook posted once.
    const auto& t = teams[1];
    WsClient natalie(a.port(), setups[t].tokens["natalie"]);
    auto end = wp::domain::format_rfc3339(wp::domain::now() + 1500ms);
    auto start = wp::domain::format_rfc3339(wp::domain::now() - 1000ms);
    auto created = natalie.request({{"type", "challenge.create"}, {"metric", "calls"}, {"kind", "target"},
                                    {"target", 5}, {"participants", json::array()},
                                    {"window", {{"start", start}, {"end", end}}}});
    REQUIRE(created["type"] == "ack");
    auto id = created["result"]["challenge"]["id"].get<std::string>();
    REQUIRE(log_http(b.port(), setups[t].tokens["natalie"], "ten", 10) == 201);
    REQUIRE(poll_until([&] {
        return wp::test::http_request(a.port(), "GET", "/api/v1/challenges/" + id, "", setups[t].tokens["jake"])
                   .json_body()["status"] == "finished";
    }, 10s));
    REQUIRE(poll_until([&] { return receiver.bodies().size() >= 2; }, 10s));
    std::this_thread::sleep_for(700ms);  // a second post of any of them would be here by now
    std::multiset<std::string> posted;
    for (const auto& body : receiver.bodies()) posted.insert(body["event"]["kind"].get<std::string>());
    CHECK(posted.count("challenge.finished") == 1);
    CHECK(posted.count("milestone") == 1);
    CHECK(posted.size() == 2);
    auto feed = c.command_for(wp::store::keys::feed(t), {"XRANGE", wp::store::keys::feed(t), "-", "+"});
    int finished = 0;
    for (const auto& entry : feed)
        if (entry[1][1].get<std::string>().find("\"challenge.finished\"") != std::string::npos) ++finished;
    CHECK(finished == 1);
    CHECK(a.log().find("redis.topology primaries=3 unserved_slots=0") != std::string::npos);

    // A primary that stops answering (SIGSTOP keeps its sockets open): its slots are not served,
    // so /readyz is 503 until it answers again.
    c.pause(2);
    CHECK(poll_until([&] { return wp::test::http_request(a.port(), "GET", "/readyz").status == 503; }, 8s));
    CHECK(log_http(a.port(), setups[teams[2]].tokens["natalie"], "paused") == 503);
    // The other shards serve: a rep of another team whose token key is not on the paused node.
    std::string other;
    for (const auto& team : {teams[0], teams[1]})
        for (std::string rep : {"natalie", "jake", "boss"})
            if (auto& token = setups[team].tokens[rep];
                other.empty() && c.owner(wp::store::key_slot(wp::store::keys::token(wp::store::token_hash(token)))) != 2)
                other = token;
    REQUIRE_FALSE(other.empty());
    CHECK(log_http(a.port(), other, "served") == 201);
    c.resume(2);
    CHECK(poll_until([&] { return wp::test::http_request(a.port(), "GET", "/readyz").status == 200; }, 8s));
    CHECK(log_http(a.port(), setups[teams[2]].tokens["natalie"], "paused") == 201);
}

TEST_CASE("cluster: partners on two shards challenge each other, home decides, the other shard copies") {
    auto& c = cluster();
    c.flushall();
    std::vector<std::string> args{"--set", "challenges.finisher_ms=100", "--set", "live.coalesce_ms=20"};
    wp::test::WolfpackServer a(c.seeds(), args), b(c.seeds(), args);
    auto home = team_on(0), away = team_on(1);
    auto h = make_team(a.port(), home), w = make_team(a.port(), away);
    auto invite = wp::test::http_request(a.port(), "POST", "/api/v1/teams/" + home + "/partner-invites",
                                         json{{"rep", "jake"}}.dump(), h.tokens["boss"]);
    REQUIRE(invite.status == 201);
    auto made = wp::test::http_request(b.port(), "POST", "/api/v1/teams/" + away + "/partner-invites/accept",
                                       json{{"code", invite.json_body()["code"]}, {"rep", "natalie"}}.dump(), w.tokens["boss"]);
    REQUIRE(made.status == 201);
    auto pair = made.json_body()["pair"]["id"].get<std::string>();
    WsClient jake(a.port(), h.tokens["jake"]), natalie(b.port(), w.tokens["natalie"]);
    auto created = jake.request({{"type", "challenge.create"}, {"pair", pair}, {"metric", "calls"}, {"kind", "race"},
                                 {"target", 4}, {"window", {{"period", "week"}}}});
    INFO(created.dump());
    REQUIRE(created["type"] == "ack");
    auto id = created["result"]["challenge"]["id"].get<std::string>();
    auto topic = "challenge:" + id;
    REQUIRE(natalie.request({{"type", "challenge.accept"}, {"challenge", id}})["type"] == "ack");
    auto ack = jake.request({{"type", "subscribe"}, {"topic", topic}});
    REQUIRE(ack["type"] == "ack");
    REQUIRE(log_http(b.port(), w.tokens["natalie"], "n1", 4) == 201);
    auto done = jake.wait_for([](const json& f) { return f["type"] == "update" && f["data"]["status"] == "finished"; });
    CHECK(done["data"]["winner"] == "natalie");
    CHECK(done["data"]["winner_team"] == away);
    auto status_in = [&](const std::string& team) {
        auto key = wp::store::keys::challenge(team, id);
        return c.command_for(key, {"HGET", key, "status"});
    };
    CHECK(status_in(home) == "finished");
    CHECK(poll_until([&] { return status_in(away) == "finished"; }, 5s));
}
