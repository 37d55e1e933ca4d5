// Sign-in without a token in any URL: invite codes for device sessions, signing out one device
// or every one, the token as a WebSocket subprotocol, and the first-run setup link.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>

#include "e2e/fixture.hpp"
#include "store/tokens.hpp"

using namespace wp::e2e;
using wp::test::closes;
using wp::test::http_request;

namespace {
std::string invite_code(int port, const std::string& admin_token, const std::string& rep) {
    auto r = http_request(port, "POST", "/api/v1/teams/alpha/reps/" + rep + "/invite", "", admin_token);
    INFO(r.body);
    REQUIRE(r.status == 201);
    auto body = r.json_body();
    auto code = body["code"].get<std::string>();
    CHECK(code.size() >= 12);
    CHECK(body["url"] == "http://127.0.0.1:" + std::to_string(port) + "/join#" + code);
    return code;
}

wp::test::HttpResult redeem(int port, const std::string& code) {
    return http_request(port, "POST", "/api/v1/sessions", json{{"code", code}}.dump());
}

std::string session_token(int port, const std::string& admin_token, const std::string& rep) {
    auto r = redeem(port, invite_code(port, admin_token, rep));
    INFO(r.body);
    REQUIRE(r.status == 201);
    CHECK(r.json_body()["rep"]["id"] == rep);
    return r.json_body()["token"].get<std::string>();
}

wp::test::HttpResult check_setup(int port, const std::string& code) {
    return http_request(port, "POST", "/api/v1/setup/check", json{{"code", code}}.dump());
}

int me_status(int port, const std::string& token) { return http_request(port, "GET", "/api/v1/me", "", token).status; }

}  // namespace

TEST_CASE_FIXTURE(ServerCase, "invites: a code signs in one device once, a newer invite voids it, and it expires") {
    auto team = make_team(port(), "alpha");
    const auto& boss = team.tokens["boss"];
    auto code = invite_code(port(), boss, "priya");
    auto first = redeem(port(), code);
    REQUIRE(first.status == 201);
    auto token = first.json_body()["token"].get<std::string>();
    CHECK(first.json_body()["rep"] == json{{"id", "priya"}, {"name", "priya"}, {"role", "rep"}, {"team", "alpha"}});
    CHECK(me_status(port(), token) == 200);
    CHECK(http_request(port(), "GET", "/api/v1/me", "", token).json_body()["rep"]["id"] == "priya");
    auto again = redeem(port(), code);
    CHECK(again.status == 401);
    CHECK(again.json_body()["error"]["code"] == "unauthorized");

    auto older = invite_code(port(), boss, "jake");
    auto newer = invite_code(port(), boss, "jake");
    CHECK(redeem(port(), older).status == 401);
    CHECK(redeem(port(), newer).status == 201);

    // The code's key carries auth.invite_days (7) as its expiry, and an expired one is refused.
    auto expiring = invite_code(port(), boss, "natalie");
    auto key = "wp:inv:" + wp::store::token_hash(expiring);
    auto ttl = std::stoll(shared_redis().command({"TTL", key}));
    CHECK(ttl > 7 * 86400 - 60);
    CHECK(ttl <= 7 * 86400);
    shared_redis().command({"PEXPIRE", key, "1"});
    auto deadline = std::chrono::steady_clock::now() + 2s;
    while (shared_redis().command({"EXISTS", key}) != "0" && std::chrono::steady_clock::now() < deadline) {}
    CHECK(redeem(port(), expiring).status == 401);

    // Only a team's admin invites; ids are checked; an unknown rep is 404.
    CHECK(http_request(port(), "POST", "/api/v1/teams/alpha/reps/priya/invite", "", team.tokens["natalie"]).status == 403);
    CHECK(http_request(port(), "POST", "/api/v1/teams/alpha/reps/ghost/invite", "", boss).status == 404);
    CHECK(http_request(port(), "POST", "/api/v1/teams/alpha/reps/Pri:ya/invite", "", boss).status == 400);
    CHECK(redeem(port(), "").status == 400);
}

TEST_CASE_FIXTURE(ServerCase, "sign-in attempts: more than 10 a minute from one address are refused with 429") {
    make_team(port(), "alpha");
    for (int i = 0; i < 10; ++i) CHECK(redeem(port(), "not-a-real-code-" + std::to_string(i)).status == 401);
    auto refused = redeem(port(), "not-a-real-code-10");
    CHECK(refused.status == 429);
    CHECK(refused.json_body()["error"]["code"] == "rate_limited");
    CHECK(std::stoi(refused.headers["Retry-After"]) >= 1);
    CHECK(std::stoi(refused.headers["Retry-After"]) <= 61);
}

TEST_CASE_FIXTURE(ServerCase, "sign-out ends this device only, sign out everywhere ends every session and the API token") {
    auto team = make_team(port(), "alpha");
    const auto& boss = team.tokens["boss"];
    auto desk = session_token(port(), boss, "natalie");
    auto phone = session_token(port(), boss, "natalie");
    auto devices = [&] {
        auto t = http_request(port(), "GET", "/api/v1/teams/alpha", "", boss).json_body();
        for (const auto& r : t["reps"])
            if (r["id"] == "natalie") return r["sessions"].get<int>();
        return -1;
    };
    CHECK(devices() == 2);
    wp::test::WsClient desk_ws(port(), desk, wp::test::TokenIn::subprotocol);
    wp::test::WsClient phone_ws(port(), phone, wp::test::TokenIn::subprotocol);
    wp::test::WsClient api_ws(port(), team.tokens["natalie"], true);

    CHECK(http_request(port(), "DELETE", "/api/v1/sessions/current", "", desk).status == 204);
    CHECK(closes(desk_ws));
    CHECK(desk_ws.close_code() == 1008);
    CHECK(me_status(port(), desk) == 401);
    CHECK(phone_ws.request({{"type", "subscribe"}, {"topic", "feed"}})["type"] == "ack");
    CHECK(api_ws.is_open());
    CHECK(me_status(port(), phone) == 200);
    CHECK(devices() == 1);

    CHECK(http_request(port(), "DELETE", "/api/v1/teams/alpha/reps/natalie/sessions", "", team.tokens["jake"]).status == 403);
    CHECK(http_request(port(), "DELETE", "/api/v1/teams/alpha/reps/natalie/sessions", "", boss).status == 204);
    CHECK(closes(phone_ws));
    CHECK(closes(api_ws));
    CHECK(me_status(port(), phone) == 401);
    CHECK(me_status(port(), team.tokens["natalie"]) == 401);
    CHECK(devices() == 0);
    // Jake was not touched; a fresh invite signs Natalie in again.
    CHECK(me_status(port(), team.tokens["jake"]) == 200);
    CHECK(me_status(port(), session_token(port(), boss, "natalie")) == 200);
}

TEST_CASE_FIXTURE(ServerCase, "the WebSocket takes the token as a subprotocol and selects wolfpack.v1") {
    auto team = make_team(port(), "alpha");
    wp::test::WsClient ws(port(), team.tokens["jake"], wp::test::TokenIn::subprotocol);
    CHECK(ws.subprotocol() == "wolfpack.v1");
    CHECK(ws.welcome()["me"]["id"] == "jake");
    // A wrong token in the subprotocol is refused like any other.
    CHECK_THROWS(wp::test::WsClient(port(), "nope-nope-nope", wp::test::TokenIn::subprotocol));
}

TEST_CASE_FIXTURE(ServerCase, "first-run setup: serve logs a link on an empty Redis and the code makes one team and its admin") {
    // The fixture's server started on an empty Redis.
    std::smatch found;
    auto deadline = std::chrono::steady_clock::now() + 5s;
    std::string log;
    const std::regex line(R"(setup\.open url=http://localhost:(\d+)/admin#setup=([A-Za-z0-9_-]+))");
    while (!std::regex_search(log = server->log(), found, line) && std::chrono::steady_clock::now() < deadline) {}
    REQUIRE(!found.empty());
    CHECK(found[1] == std::to_string(port()));
    auto code = found[2].str();
    CHECK(check_setup(port(), code).json_body()["valid"] == true);

    auto body = [&](const std::string& team_id) {
        return json{{"code", code},
                    {"team", {{"id", team_id}, {"name", "Denver Sales"}, {"tz", "America/Denver"}, {"week_start", "sunday"},
                              {"metrics", {{{"id", "calls"}, {"label", "Calls"}}, {{"id", "qualified_leads"}, {"label", "Qualified leads"}}}}}},
                    {"manager", {{"id", "maria"}, {"name", "Maria"}}}}
            .dump();
    };
    // Bad input changes nothing and leaves the code valid.
    auto bad = json::parse(body("denver"));
    bad["team"]["tz"] = "Mars/Olympus";
    CHECK(http_request(port(), "POST", "/api/v1/setup", bad.dump()).status == 400);
    // A team id already taken: 409, and the code still works.
    CHECK(http_request(port(), "POST", "/api/v1/teams", R"({"id":"taken","name":"Taken","tz":"UTC"})",
                       wp::test::WolfpackServer::admin_token).status == 201);
    CHECK(http_request(port(), "POST", "/api/v1/setup", body("taken")).status == 409);
    auto made = http_request(port(), "POST", "/api/v1/setup", body("denver"));
    INFO(made.body);
    REQUIRE(made.status == 201);
    auto token = made.json_body()["token"].get<std::string>();
    CHECK(made.json_body()["rep"]["role"] == "admin");
    auto team = http_request(port(), "GET", "/api/v1/teams/denver", "", token).json_body();
    CHECK(team["team"]["tz"] == "America/Denver");
    CHECK(team["team"]["week_start"] == "sunday");
    CHECK(team["team"]["metrics"].size() == 2);
    CHECK(team["reps"].size() == 1);
    CHECK(team["reps"][0]["sessions"] == 1);
    CHECK(http_request(port(), "POST", "/api/v1/setup", body("denver2")).status == 401);
    CHECK(check_setup(port(), code).status == 401);

    // `wolfpack admin setup-link` prints a fresh one at any time.
    wp::test::ChildProcess cli;
    auto out = wp::test::temp_dir("setup-link") + "/out.txt";
    cli.start({wp::test::wolfpack_binary(), "--redis-url", shared_redis().url(), "--log-level", "warn", "admin", "setup-link",
               "--base-url", "http://localhost:" + std::to_string(port())},
              out);
    REQUIRE(cli.wait(10s) == 0);
    std::ifstream in(out);
    std::string printed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::smatch link;
    REQUIRE(std::regex_search(printed, link, std::regex(R"(/admin#setup=([A-Za-z0-9_-]+))")));
    CHECK(check_setup(port(), link[1].str()).status == 200);
}
