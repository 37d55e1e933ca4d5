// The wall as a kiosk, its routes: a TV pairs by code (no token in any URL), the team's admin
// programs, reloads, identifies and removes it; every answer to bad input is exact.
#include <doctest/doctest.h>

#include <regex>

#include "domain/time.hpp"
#include "e2e/fixture.hpp"

using namespace wp::e2e;
using wp::test::closes;
using wp::test::http_request;
using wp::test::WsClient;

namespace {

struct Tv {
    std::string code, secret;
};

Tv new_tv(int port) {
    auto r = http_request(port, "POST", "/api/v1/displays/pairing", "");
    INFO(r.body);
    REQUIRE(r.status == 201);
    auto body = r.json_body();
    return {body["code"].get<std::string>(), body["secret"].get<std::string>()};
}

wp::test::HttpResult poll(int port, const Tv& tv, const std::string& secret = "") {
    return http_request(port, "GET", "/api/v1/displays/pairing/" + tv.code, "", secret.empty() ? tv.secret : secret);
}

std::string message(const wp::test::HttpResult& r) { return r.json_body()["error"]["message"].get<std::string>(); }

// A display paired through the routes; returns its id and device session token.
std::pair<std::string, std::string> paired(int port, const std::string& boss, const std::string& name) {
    auto tv = new_tv(port);
    auto bound = http_request(port, "POST", "/api/v1/teams/alpha/displays", json{{"code", tv.code}, {"name", name}}.dump(), boss);
    INFO(bound.body);
    REQUIRE(bound.status == 201);
    auto got = poll(port, tv);
    REQUIRE(got.status == 200);
    return {bound.json_body()["display"]["id"].get<std::string>(), got.json_body()["token"].get<std::string>()};
}

json display_me(WsClient& ws, const std::string& type = "snapshot") {
    return ws.wait_for([&](const json& f) { return f["type"] == type && f["topic"] == "display:me"; })["data"];
}

}  // namespace

TEST_CASE_FIXTURE(ServerCase, "pairing: a TV shows a code, the admin types it, the TV binds itself with its secret") {
    auto team = make_team(port(), "alpha");
    const auto& boss = team.tokens["boss"];
    auto tv = new_tv(port());
    CHECK(std::regex_match(tv.code, std::regex("^[2-9A-HJ-NP-Z]{6}$")));
    CHECK(tv.secret.size() >= 32);
    CHECK(shared_redis().command({"PTTL", "wp:pair:" + tv.code}) != "-2");
    CHECK(std::stoll(shared_redis().command({"PTTL", "wp:pair:" + tv.code})) > 590000);

    // Waiting: 202 {} with the secret; without it 401; with another one as unknown, 404.
    auto waiting = poll(port(), tv);
    CHECK(waiting.status == 202);
    CHECK(waiting.json_body() == json::object());
    auto bare = http_request(port(), "GET", "/api/v1/displays/pairing/" + tv.code, "");
    CHECK(bare.status == 401);
    CHECK(message(bare) == "send Authorization: Bearer SECRET (from POST /api/v1/displays/pairing)");
    auto stranger = poll(port(), tv, "not-the-secret-0123456789");
    CHECK(stranger.status == 404);
    auto malformed = http_request(port(), "GET", "/api/v1/displays/pairing/abc123", "", tv.secret);
    CHECK(malformed.status == 400);
    CHECK(message(malformed) == "pairing: the 6 characters of [A-Z0-9] the TV shows");

    // The admin's side: every rule answered exactly, nothing made.
    auto bind = [&](const json& body, const std::string& token) {
        return http_request(port(), "POST", "/api/v1/teams/alpha/displays", body.dump(), token);
    };
    struct Case { json body; int status; std::string message; };
    for (const auto& c : std::vector<Case>{
             {{{"code", "ABC"}, {"name", "Lobby"}}, 400, "code: the 6 characters the TV shows (letters and digits)"},
             {{{"code", "ABCDE0"}, {"name", "Lobby"}}, 400, "code: the 6 characters the TV shows (letters and digits)"},
             {{{"code", tv.code}, {"name", ""}}, 400, ""},
             {{{"code", tv.code}, {"name", "Lobby\nTV"}}, 400, "name: 1-60 printable characters"},
             {{{"code", tv.code}}, 400, ""},
             {{{"code", "ZZZZZZ"}, {"name", "Lobby"}}, 404,
              "code: no TV shows this code now (codes last 10 minutes): check the screen, or reload it for a new one"}}) {
        CAPTURE(c.body.dump());
        auto r = bind(c.body, boss);
        CHECK(r.status == c.status);
        if (!c.message.empty()) CHECK(message(r) == c.message);
    }
    CHECK(bind({{"code", tv.code}, {"name", "Lobby"}}, team.tokens["natalie"]).status == 403);
    CHECK(bind({{"code", tv.code}, {"name", "Lobby"}}, team.tokens["wall"]).status == 403);
    CHECK(poll(port(), tv).status == 202);

    // Typed as people type it: lower case, a space in the middle.
    std::string typed = tv.code.substr(0, 3) + " " + tv.code.substr(3);
    for (auto& ch : typed) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    auto made = bind({{"code", typed}, {"name", "Sales floor"}}, boss);
    INFO(made.body);
    REQUIRE(made.status == 201);
    CHECK(made.json_body()["display"] == json{{"id", "tv1"}, {"name", "Sales floor"}});
    CHECK(bind({{"code", tv.code}, {"name", "Twice"}}, boss).status == 404);  // bound already

    auto got = poll(port(), tv);
    INFO(got.body);
    REQUIRE(got.status == 200);
    CHECK(got.json_body()["display"] == json{{"id", "tv1"}, {"name", "Sales floor"}, {"team", "alpha"}});
    auto token = got.json_body()["token"].get<std::string>();
    CHECK(poll(port(), tv).status == 404);  // spent
    CHECK(shared_redis().command({"EXISTS", "wp:pair:" + tv.code}) == "0");

    // The token is a device session of a display: it reads, never logs.
    WsClient ws(port(), token, wp::test::TokenIn::subprotocol);
    CHECK(ws.welcome()["me"]["role"] == "display");
    CHECK(ws.request({{"type", "log"}, {"metric", "calls"}, {"id", "x1"}})["code"] == "forbidden");
    REQUIRE(ws.request({{"type", "subscribe"}, {"topic", "display:me"}})["type"] == "ack");
    auto me = display_me(ws);
    CHECK(me["display"] == json{{"id", "tv1"}, {"name", "Sales floor"}, {"team", "alpha"}});
    CHECK(me["default_playlist"] == true);
    CHECK(me["reload_seq"] == 0);
    CHECK(me["quiet_hours"].is_null());
    auto team_view = http_request(port(), "GET", "/api/v1/teams/alpha", "", boss).json_body();
    bool listed = false;
    for (const auto& r : team_view["reps"]) listed = listed || (r["id"] == "tv1" && r["role"] == "display" && r["sessions"] == 1);
    CHECK(listed);

    // Listed for the console, seen since it connected.
    // Listed by id: tv1, and "wall" of the fixture, which never connected.
    auto deadline = std::chrono::steady_clock::now() + 3s;
    json shown;
    do {
        shown = http_request(port(), "GET", "/api/v1/teams/alpha/displays", "", boss).json_body();
    } while (std::chrono::steady_clock::now() < deadline &&
             !(shown["displays"].size() == 2 && shown["displays"][0]["online"] == true));
    REQUIRE(shown["displays"].size() == 2);
    CHECK(shown["displays"][0]["id"] == "tv1");
    CHECK(shown["displays"][0]["online"] == true);
    CHECK(shown["displays"][0]["last_seen"].is_string());
    CHECK(shown["displays"][1]["id"] == "wall");
    CHECK(shown["displays"][1]["last_seen"].is_null());
    CHECK(shown["displays"][1]["online"] == false);
    CHECK(http_request(port(), "GET", "/api/v1/teams/alpha/displays", "", team.tokens["natalie"]).status == 403);
}

TEST_CASE_FIXTURE(ServerCase, "pairing: an expired code is 404 on both sides, and 10 codes a minute per address") {
    auto team = make_team(port(), "alpha");
    auto tv = new_tv(port());
    shared_redis().command({"PEXPIRE", "wp:pair:" + tv.code, "1"});
    auto deadline = std::chrono::steady_clock::now() + 2s;
    while (shared_redis().command({"EXISTS", "wp:pair:" + tv.code}) != "0" && std::chrono::steady_clock::now() < deadline) {}
    CHECK(poll(port(), tv).status == 404);
    auto late = http_request(port(), "POST", "/api/v1/teams/alpha/displays", json{{"code", tv.code}, {"name", "Late"}}.dump(),
                             team.tokens["boss"]);
    CHECK(late.status == 404);
    // Nothing was made for it.
    CHECK(http_request(port(), "GET", "/api/v1/teams/alpha/displays", "", team.tokens["boss"]).json_body()["displays"].size() == 1);

    for (int i = 0; i < 9; ++i) CHECK(http_request(port(), "POST", "/api/v1/displays/pairing", "").status == 201);
    auto refused = http_request(port(), "POST", "/api/v1/displays/pairing", "");
    CHECK(refused.status == 429);
    CHECK(message(refused) == "too many pairing codes from this address; wait a minute");
    CHECK(std::stoi(refused.headers["Retry-After"]) >= 1);
    CHECK(std::stoi(refused.headers["Retry-After"]) <= 61);
    // Polling is not limited: a TV asks every few seconds for 10 minutes.
    for (int i = 0; i < 30; ++i) CHECK(poll(port(), tv).status == 404);
}

TEST_CASE_FIXTURE(ServerCase, "playlists: checked, applied live on display:me, reload and identify, back to the default") {
    auto team = make_team(port(), "alpha");
    const auto& boss = team.tokens["boss"];
    auto [id, token] = paired(port(), boss, "Lobby");
    WsClient ws(port(), token, wp::test::TokenIn::subprotocol);
    REQUIRE(ws.request({{"type", "subscribe"}, {"topic", "display:me"}})["type"] == "ack");
    auto first = display_me(ws);
    CHECK(first["playlist"].size() == 11);  // the default: boards, challenges, pairs, movers, feed, review
    auto put = [&](const json& body, const std::string& who) {
        return http_request(port(), "PUT", "/api/v1/teams/alpha/displays/" + id, body.dump(), who);
    };
    json playlist = {{{"slide", "board"}, {"seconds", 20}, {"metric", "appointments"}, {"period", "week"}},
                     {{"slide", "challenges"}, {"seconds", 10}},
                     {{"slide", "review"}, {"seconds", 30}}};
    auto changed = put({{"playlist", playlist}, {"quiet_mode", "black"}, {"sound", true}}, boss);
    INFO(changed.body);
    REQUIRE(changed.status == 200);
    CHECK(changed.json_body()["display"]["playlist"] == playlist);
    auto live = display_me(ws, "update");
    CHECK(live["playlist"] == playlist);
    CHECK(live["default_playlist"] == false);
    CHECK(live["quiet_mode"] == "black");
    CHECK(live["sound"] == true);

    auto before = http_request(port(), "GET", "/api/v1/teams/alpha/displays", "", boss).json_body();
    struct Case { json body; std::string message; };
    for (const auto& c : std::vector<Case>{
             {{{"playlist", json::array()}}, "playlist: 1-20 slides"},
             {{{"playlist", {{{"slide", "clock"}, {"seconds", 10}}}}}, "playlist[0].slide: board, pairs, challenges, movers, feed or review"},
             {{{"playlist", {{{"slide", "feed"}, {"seconds", 10}}, {{"slide", "feed"}, {"seconds", 3}}}}}, "playlist[1].seconds: 5-600"},
             {{{"playlist", {{{"slide", "board"}, {"seconds", 10}, {"metric", "dials"}}}}}, "playlist[0].metric: 'dials' is not one of this team's metrics"},
             {{{"playlist", {{{"slide", "feed"}, {"seconds", 10}, {"period", "week"}}}}}, "playlist[0].period: only board and pairs slides take a period"},
             {{{"playlist", {{{"slide", "feed"}, {"seconds", "10"}}}}}, ""},
             {{{"quiet_mode", "off"}}, ""},
             {json::object(), "body: any of name, playlist, quiet_mode, sound"},
             {{{"name", "A\tB"}}, "name: 1-60 printable characters"}}) {
        CAPTURE(c.body.dump());
        auto r = put(c.body, boss);
        CHECK(r.status == 400);
        if (!c.message.empty()) CHECK(message(r) == c.message);
    }
    CHECK(http_request(port(), "GET", "/api/v1/teams/alpha/displays", "", boss).json_body() == before);
    CHECK(put({{"name", "X"}}, team.tokens["natalie"]).status == 403);
    CHECK(http_request(port(), "PUT", "/api/v1/teams/alpha/displays/natalie", R"({"name":"X"})", boss).status == 404);
    CHECK(http_request(port(), "PUT", "/api/v1/teams/alpha/displays/ghost", R"({"name":"X"})", boss).status == 404);
    CHECK(http_request(port(), "PUT", "/api/v1/teams/alpha/displays/Bad!", R"({"name":"X"})", boss).status == 400);

    // Reload: reload_seq grows by one per request; identify: the name shows for 10 s.
    CHECK(http_request(port(), "POST", "/api/v1/teams/alpha/displays/" + id + "/reload", "", boss).status == 202);
    CHECK(display_me(ws, "update")["reload_seq"] == 1);
    auto identify = http_request(port(), "POST", "/api/v1/teams/alpha/displays/" + id + "/identify", "", boss);
    CHECK(identify.status == 202);
    auto shown = display_me(ws, "update");
    REQUIRE(shown["identify_until"].is_string());
    auto until = *wp::domain::parse_rfc3339(shown["identify_until"].get<std::string>());
    CHECK(until > wp::domain::now() + 8s);
    CHECK(until <= wp::domain::now() + 10s);
    CHECK(http_request(port(), "POST", "/api/v1/teams/alpha/displays/natalie/reload", "", boss).status == 404);
    CHECK(http_request(port(), "POST", "/api/v1/teams/alpha/displays/" + id + "/identify", "", team.tokens["jake"]).status == 403);

    // A rename shows on the screen; null goes back to the default playlist.
    CHECK(put({{"name", "Lobby TV"}, {"playlist", nullptr}}, boss).status == 200);
    auto back = ws.wait_for([](const json& f) {
        return f["topic"] == "display:me" && f["data"]["display"]["name"] == "Lobby TV" && f["data"]["default_playlist"] == true;
    });
    CHECK(back["data"]["playlist"].size() == 11);

    // A retired metric's slides drop out of what plays.
    CHECK(put({{"playlist", {{{"slide", "board"}, {"seconds", 10}, {"metric", "proposals"}}, {{"slide", "feed"}, {"seconds", 10}}}}}, boss).status == 200);
    CHECK(http_request(port(), "PATCH", "/api/v1/teams/alpha",
                       R"({"metrics":[{"id":"calls","label":"Calls"},{"id":"appointments","label":"Appointments"}]})", boss).status == 200);
    ws.wait_for([](const json& f) {
        return f["topic"] == "display:me" && f["data"]["playlist"] == json{{{"slide", "feed"}, {"seconds", 10}}};
    });
    // Only displays have a display:me.
    WsClient rep(port(), team.tokens["natalie"]);
    auto refused = rep.request({{"type", "subscribe"}, {"topic", "display:me"}});
    CHECK(refused["code"] == "forbidden");
    CHECK(refused["message"] == "topic: display:me is a display's own; a screen signs in by its pairing code on /wall");
}

TEST_CASE_FIXTURE(ServerCase, "revoking a display closes its socket and ends its sign-in") {
    auto team = make_team(port(), "alpha");
    const auto& boss = team.tokens["boss"];
    auto [id, token] = paired(port(), boss, "Lobby");
    WsClient ws(port(), token, wp::test::TokenIn::subprotocol);
    REQUIRE(ws.request({{"type", "subscribe"}, {"topic", "feed"}})["type"] == "ack");
    CHECK(http_request(port(), "DELETE", "/api/v1/teams/alpha/displays/natalie", "", boss).status == 404);
    CHECK(http_request(port(), "DELETE", "/api/v1/teams/alpha/displays/" + id, "", team.tokens["natalie"]).status == 403);
    CHECK(http_request(port(), "DELETE", "/api/v1/teams/alpha/displays/" + id, "", boss).status == 204);
    CHECK(closes(ws));
    CHECK(ws.close_code() == 1008);
    CHECK(http_request(port(), "GET", "/api/v1/me", "", token).status == 401);
    CHECK(wp::test::ws_upgrade_status(port(), "/ws", token) == 401);
    CHECK(http_request(port(), "DELETE", "/api/v1/teams/alpha/displays/" + id, "", boss).status == 404);
    auto left = http_request(port(), "GET", "/api/v1/teams/alpha/displays", "", boss).json_body()["displays"];
    REQUIRE(left.size() == 1);
    CHECK(left[0]["id"] == "wall");
    // The next TV paired gets a new id: ids are never handed out twice.
    CHECK(paired(port(), boss, "Kitchen").first == "tv2");
}
