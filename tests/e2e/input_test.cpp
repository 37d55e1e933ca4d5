// Bad input gets protocol.md's error code, changes nothing, and the connection stays open.
// Also the HTTP edges: auth, static files that must not escape web/, limits, health.
#include <doctest/doctest.h>

#include <thread>

#include "e2e/fixture.hpp"
#include "domain/time.hpp"

using namespace wp::e2e;
using wp::test::WsClient;

namespace {

std::string rfc3339(std::chrono::system_clock::duration from_now) {
    return wp::domain::format_rfc3339(wp::domain::now() + std::chrono::duration_cast<std::chrono::milliseconds>(from_now));
}

}  // namespace

TEST_CASE_FIXTURE(ServerCase, "bad WebSocket requests: the right code, nothing recorded, still open") {
    auto team = make_team(port(), "alpha");
    WsClient natalie(port(), team.tokens["natalie"]);
    struct Case {
        const char* what;
        std::string text;
        const char* code;
    };
    const std::vector<Case> cases{
        {"not JSON", "{nope", "bad_request"},
        {"not an object", "[1,2]", "bad_request"},
        {"unknown type", R"({"type":"dance","req":1})", "bad_request"},
        {"no type", R"({"req":1,"metric":"calls"})", "bad_request"},
        // A `req` the envelope refuses is not echoed (every frame is checked against proto/).
        {"req an object", R"({"type":"log","req":{"a":1},"metric":"calls","id":"a"})", "bad_request"},
        {"req a fraction", R"({"type":"log","req":2.5,"metric":"calls","id":"a"})", "bad_request"},
        {"req too long", R"({"type":"log","req":")" + std::string(65, 'r') + R"(","metric":"calls","id":"a"})",
         "bad_request"},
        {"missing id", R"({"type":"log","req":1,"metric":"calls"})", "bad_request"},
        {"missing metric", R"({"type":"log","req":1,"id":"a"})", "bad_request"},
        {"unknown metric", R"({"type":"log","req":1,"metric":"golf","id":"a"})", "bad_request"},
        {"delta 0", R"({"type":"log","req":1,"metric":"calls","id":"a","delta":0})", "bad_request"},
        {"delta 101", R"({"type":"log","req":1,"metric":"calls","id":"a","delta":101})", "bad_request"},
        {"delta -101", R"({"type":"log","req":1,"metric":"calls","id":"a","delta":-101})", "bad_request"},
        {"delta as text", R"({"type":"log","req":1,"metric":"calls","id":"a","delta":"1"})", "bad_request"},
        {"delta fraction", R"({"type":"log","req":1,"metric":"calls","id":"a","delta":1.5})", "bad_request"},
        {"id with a space", R"({"type":"log","req":1,"metric":"calls","id":"a b"})", "bad_request"},
        {"id too long", R"({"type":"log","req":1,"metric":"calls","id":")" + std::string(65, 'x') + R"("})",
         "bad_request"},
        {"at in the future",
         R"({"type":"log","req":1,"metric":"calls","id":"a","at":")" + rfc3339(std::chrono::hours(1)) + R"("})",
         "bad_request"},
        {"at too old",
         R"({"type":"log","req":1,"metric":"calls","id":"a","at":")" + rfc3339(-std::chrono::hours(24 * 8)) + R"("})",
         "bad_request"},
        {"at not a time", R"({"type":"log","req":1,"metric":"calls","id":"a","at":"yesterday"})", "bad_request"},
        {"subscribe unknown topic", R"({"type":"subscribe","req":1,"topic":"gossip"})", "not_found"},
        {"subscribe bad period", R"({"type":"subscribe","req":1,"topic":"leaderboard:calls:fortnight"})",
         "bad_request"},
        {"subscribe unknown metric", R"({"type":"subscribe","req":1,"topic":"leaderboard:golf:week"})", "not_found"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        natalie.send_text(c.text);
        auto reply = natalie.wait_for([](const json& f) { return f["type"] == "error" || f["type"] == "ack"; });
        CHECK(reply["type"] == "error");
        CHECK(reply["code"] == c.code);
        CHECK_FALSE(reply["message"].get<std::string>().empty());
        if (c.text.find("\"req\":1") != std::string::npos) CHECK(reply["req"] == 1);
        CHECK(natalie.is_open());
    }
    // Messages name the field and its rule, not the schema keyword that failed.
    auto spaced = natalie.request({{"type", "log"}, {"metric", "calls"}, {"id", "a b"}});
    CHECK(spaced["message"] == "id: 1-64 characters of [A-Za-z0-9_-]");
    auto zero = natalie.request({{"type", "log"}, {"metric", "calls"}, {"id", "z"}, {"delta", 0}});
    CHECK(zero["message"] == "delta: a whole number in -100..100, not 0");
    // A valid request still works on the same connection, and nothing else was recorded.
    auto ok = natalie.request({{"type", "log"}, {"metric", "calls"}, {"id", "good"}});
    REQUIRE(ok["type"] == "ack");
    CHECK(ok["result"]["counts"]["all"] == 1);
    // An `at` inside the 7 days is fine.
    auto backdated = natalie.request({{"type", "log"}, {"metric", "calls"}, {"id", "yesterday"}, {"at", rfc3339(-std::chrono::hours(30))}});
    CHECK(backdated["type"] == "ack");
    CHECK(leaderboard(port(), team.tokens["natalie"], "calls", "all")["total"] == 2);
}

TEST_CASE_FIXTURE(ServerCase, "a display token reads but never writes") {
    auto team = make_team(port(), "alpha");
    WsClient wall(port(), team.tokens["wall"]);
    auto refused = wall.request({{"type", "log"}, {"metric", "calls"}, {"id", "w1"}});
    CHECK(refused["type"] == "error");
    CHECK(refused["code"] == "forbidden");
    CHECK(wall.request({{"type", "subscribe"}, {"topic", "leaderboard:calls:week"}})["type"] == "ack");
    auto http = wp::test::http_request(port(), "POST", "/api/v1/activities", R"({"metric":"calls","id":"w2"})",
                                       team.tokens["wall"]);
    CHECK(http.status == 403);
    CHECK(http.json_body()["error"]["code"] == "forbidden");
    CHECK(leaderboard(port(), team.tokens["wall"], "calls", "all")["total"] == 0);
}

TEST_CASE_FIXTURE(ServerCase, "who logs for whom: a rep only for itself, a team admin for its reps over HTTP") {
    auto team = make_team(port(), "alpha");
    auto beta = make_team(port(), "beta");
    auto post = [&](const std::string& token, const json& body) {
        return wp::test::http_request(port(), "POST", "/api/v1/activities", body.dump(), token);
    };
    auto as_jake = post(team.tokens["natalie"], {{"rep", "jake"}, {"metric", "calls"}, {"id", "n1"}});
    CHECK(as_jake.status == 403);
    CHECK(as_jake.json_body()["error"]["code"] == "forbidden");
    // Naming oneself is allowed.
    CHECK(post(team.tokens["natalie"], {{"rep", "natalie"}, {"metric", "calls"}, {"id", "n2"}}).status == 201);
    // A team admin logs for a rep of its own team (another team's jake is another rep), never
    // for an unknown one.
    auto for_jake = post(team.tokens["boss"], {{"rep", "jake"}, {"metric", "calls"}, {"id", "b1"}, {"delta", 3}});
    CHECK(for_jake.status == 201);
    CHECK(for_jake.json_body()["counts"]["all"] == 3);
    auto stranger = post(team.tokens["boss"], {{"rep", "ghost"}, {"metric", "calls"}, {"id", "b2"}});
    CHECK(stranger.status == 404);
    CHECK(stranger.json_body()["error"]["code"] == "not_found");
    CHECK(post(beta.tokens["boss"], {{"rep", "jake"}, {"metric", "calls"}, {"id", "b3"}}).status == 201);
    // The server-wide admin token manages teams; activities need a team's token.
    CHECK(post(wp::test::WolfpackServer::admin_token, {{"rep", "jake"}, {"metric", "calls"}, {"id", "b4"}}).status == 403);
    auto board = leaderboard(port(), team.tokens["natalie"], "calls", "all");
    CHECK(count_of(board, "jake") == 3);
    CHECK(count_of(board, "natalie") == 1);
    CHECK(board["total"] == 4);
    auto beta_board = leaderboard(port(), beta.tokens["natalie"], "calls", "all");
    CHECK(count_of(beta_board, "jake") == 1);
    CHECK(beta_board["total"] == 1);
}

TEST_CASE_FIXTURE(ServerCase, "HTTP errors: status, JSON body with code and message, nothing recorded") {
    auto team = make_team(port(), "alpha");
    const auto& token = team.tokens["natalie"];
    struct Case {
        const char* what;
        std::string method, target, body, bearer;
        int status;
        const char* code;
    };
    const std::vector<Case> cases{
        {"no token", "POST", "/api/v1/activities", R"({"metric":"calls","id":"a"})", "", 401, "unauthorized"},
        {"wrong token", "POST", "/api/v1/activities", R"({"metric":"calls","id":"a"})", "nope", 401, "unauthorized"},
        {"bad JSON", "POST", "/api/v1/activities", "{", token, 400, "bad_request"},
        {"unknown metric", "POST", "/api/v1/activities", R"({"metric":"golf","id":"a"})", token, 400, "bad_request"},
        {"batch over 500", "POST", "/api/v1/activities",
         [] {
             json items = json::array();
             for (int i = 0; i < 501; ++i) items.push_back({{"metric", "calls"}, {"id", "i" + std::to_string(i)}});
             return json{{"activities", items}}.dump();
         }(),
         token, 400, "bad_request"},
        {"board without metric", "GET", "/api/v1/leaderboard?period=week", "", token, 400, "bad_request"},
        {"board of unknown metric", "GET", "/api/v1/leaderboard?metric=golf&period=week", "", token, 404, "not_found"},
        {"unknown API path", "GET", "/api/v1/nothing", "", token, 404, "not_found"},
        {"rep admin of another team", "POST", "/api/v1/teams/beta/reps", R"({"id":"x","name":"X"})",
         team.tokens["boss"], 403, "forbidden"},
        {"rep creating a team", "POST", "/api/v1/teams", R"({"id":"x","name":"X","tz":"UTC"})", token, 403,
         "forbidden"},
        {"team with unknown tz", "POST", "/api/v1/teams", R"({"id":"x","name":"X","tz":"Mars/Olympus"})",
         wp::test::WolfpackServer::admin_token, 400, "bad_request"},
        {"team id taken", "POST", "/api/v1/teams", R"({"id":"alpha","name":"X","tz":"UTC"})",
         wp::test::WolfpackServer::admin_token, 409, "conflict"},
        {"rep id invalid", "POST", "/api/v1/teams/alpha/reps", R"({"id":"Bad Id","name":"X"})",
         wp::test::WolfpackServer::admin_token, 400, "bad_request"},
        {"pair with a stranger", "POST", "/api/v1/teams/alpha/pairs", R"({"reps":["natalie","ghost"]})",
         wp::test::WolfpackServer::admin_token, 404, "not_found"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        auto r = wp::test::http_request(port(), c.method, c.target, c.body, c.bearer);
        CHECK(r.status == c.status);
        auto body = r.json_body();
        CHECK(body["error"]["code"] == c.code);
        CHECK(body["error"]["message"].is_string());
    }
    CHECK(leaderboard(port(), token, "calls", "all")["total"] == 0);
    auto over = wp::test::http_request(port(), "POST", "/api/v1/activities", std::string(2 << 20, ' '), token);
    CHECK(over.status == 413);
}

TEST_CASE_FIXTURE(ServerCase, "WebSocket upgrade: no or bad token is 401 and no socket opens") {
    CHECK(wp::test::ws_upgrade_status(port(), "/ws") == 401);
    CHECK(wp::test::ws_upgrade_status(port(), "/ws?token=nope") == 401);
    CHECK(wp::test::ws_upgrade_status(port(), "/ws", "nope") == 401);
    auto team = make_team(port(), "alpha");
    CHECK(wp::test::ws_upgrade_status(port(), "/ws?token=" + team.tokens["jake"]) == 101);
}

TEST_CASE_FIXTURE(ServerCase, "static files: content types, and nothing outside web/") {
    auto index = wp::test::http_request(port(), "GET", "/");
    CHECK(index.status == 200);
    CHECK(index.headers["Content-Type"].starts_with("text/html"));
    auto wall = wp::test::http_request(port(), "GET", "/wall");
    CHECK(wall.status == 200);
    CHECK(wall.headers["Content-Type"].starts_with("text/html"));
    for (const char* escape : {"/../CMakeLists.txt", "/..%2fCMakeLists.txt", "/%2e%2e/CMakeLists.txt",
                               "/%2E%2E%2FCMakeLists.txt", "/web/../../etc/passwd", "/.git/config",
                               "/..\\CMakeLists.txt", "/%00index.html", "/nothing-here.js"}) {
        CAPTURE(escape);
        auto r = wp::test::http_request(port(), "GET", escape);
        CHECK(r.status == 404);
        CHECK(r.body.find("cmake_minimum_required") == std::string::npos);
    }
}

TEST_CASE_FIXTURE(ServerCase, "health, readiness and metrics") {
    CHECK(wp::test::http_request(port(), "GET", "/healthz").status == 200);
    CHECK(wp::test::http_request(port(), "GET", "/readyz").status == 200);
    auto team = make_team(port(), "alpha");
    {
        WsClient natalie(port(), team.tokens["natalie"]);
        REQUIRE(natalie.request({{"type", "log"}, {"metric", "calls"}, {"id", "m1"}})["type"] == "ack");
        REQUIRE(natalie.request({{"type", "log"}, {"metric", "golf"}, {"id", "m2"}})["type"] == "error");
        REQUIRE(natalie.request({{"type", "dance"}})["type"] == "error");
    }
    CHECK(wp::test::http_request(port(), "POST", "/api/v1/activities", "{", team.tokens["natalie"]).status == 400);
    auto metrics = wp::test::http_request(port(), "GET", "/metrics");
    CHECK(metrics.status == 200);
    CHECK(metrics.headers["Content-Type"].starts_with("text/plain"));
    CHECK(metrics.body.find("wolfpack_ws_connections") != std::string::npos);
    CHECK(metrics.body.find("wolfpack_ws_messages_total{type=\"log\"} 2\n") != std::string::npos);
    CHECK(metrics.body.find("wolfpack_ws_messages_total{type=\"unknown\"} 1\n") != std::string::npos);
    CHECK(metrics.body.find("wolfpack_errors_total{code=\"bad_request\"} 3\n") != std::string::npos);
    CHECK(metrics.body.find("wolfpack_log_seconds_count 1\n") != std::string::npos);
    CHECK(metrics.body.find("wolfpack_redis_round_trip_seconds_bucket{le=\"+Inf\"}") != std::string::npos);
}

TEST_CASE("readyz follows Redis: 503 while it is down, 200 once it is back") {
    wp::test::RedisServer own;
    wp::test::WolfpackServer server(own.url());
    CHECK(wp::test::http_request(server.port(), "GET", "/readyz").status == 200);
    own.kill9();
    int status = 200;
    for (int i = 0; i < 100 && status == 200; ++i) {
        std::this_thread::sleep_for(50ms);
        status = wp::test::http_request(server.port(), "GET", "/readyz").status;
    }
    CHECK(status == 503);
    own.start();
    for (int i = 0; i < 100 && status != 200; ++i) {
        std::this_thread::sleep_for(50ms);
        status = wp::test::http_request(server.port(), "GET", "/readyz").status;
    }
    CHECK(status == 200);
}

TEST_CASE_FIXTURE(ServerCase, "the access log: one line per HTTP request, without the query or tokens") {
    auto team = make_team(port(), "alpha");
    const auto& token = team.tokens["natalie"];
    CHECK(wp::test::http_request(port(), "GET", "/api/v1/leaderboard?metric=calls&period=week&token=" + token, "", token)
              .status == 200);
    // The line is written once the answer is sent: wait for it rather than race it.
    std::string log;
    for (int i = 0; i < 100; ++i) {
        log = server->log();
        if (log.find("path=/api/v1/leaderboard status=200") != std::string::npos) break;
        std::this_thread::sleep_for(20ms);
    }
    CHECK(log.find("http.request method=GET path=/api/v1/leaderboard status=200") != std::string::npos);
    CHECK(log.find("path=/api/v1/teams/alpha/reps status=201") != std::string::npos);
    CHECK(log.find(token) == std::string::npos);
    CHECK(log.find("period=week") == std::string::npos);
}
