// Challenges, check-ins, cheers, milestones and the feed through the real binary and Redis.
#include <doctest/doctest.h>

#include <csignal>
#include <thread>

#include "domain/time.hpp"
#include "e2e/fixture.hpp"

using namespace wp::e2e;
using wp::test::WsClient;

namespace {

json subscribe(WsClient& ws, const std::string& topic) {
    auto ack = ws.request({{"type", "subscribe"}, {"topic", topic}});
    INFO(ack.dump());
    REQUIRE(ack["type"] == "ack");
    return ws.wait_for([&](const json& f) { return f["type"] == "snapshot" && f["topic"] == topic; });
}

json next_update(WsClient& ws, const std::string& topic, const std::function<bool(const json&)>& data_matches,
                 std::chrono::milliseconds within = 3000ms) {
    return ws.wait_for(
        [&](const json& f) { return f["type"] == "update" && f["topic"] == topic && data_matches(f["data"]); }, within);
}

long long count_in(const json& challenge, const std::string& rep) {
    for (const auto& p : challenge["participants"])
        if (p["rep"] == rep) return p["count"].get<long long>();
    return -1;
}

json log(WsClient& ws, const std::string& metric, const std::string& id, int delta = 1) {
    auto a = ws.request({{"type", "log"}, {"metric", metric}, {"id", id}, {"delta", delta}});
    INFO(a.dump());
    REQUIRE(a["type"] == "ack");
    return a;
}

std::string in(std::chrono::milliseconds offset) {
    return wp::domain::format_rfc3339(wp::domain::now() + offset);
}

// The team's feed as stored, oldest first.
std::vector<json> feed_events(int port, const std::string& token) {
    WsClient reader(port, token);
    auto snap = subscribe(reader, "feed");
    std::vector<json> events(snap["data"]["events"].begin(), snap["data"]["events"].end());
    std::reverse(events.begin(), events.end());
    return events;
}

int count_kind(const std::vector<json>& events, const std::string& kind, const std::string& challenge = "") {
    return static_cast<int>(std::count_if(events.begin(), events.end(), [&](const json& e) {
        return e["kind"] == kind && (challenge.empty() || e.value("challenge", "") == challenge);
    }));
}

}  // namespace

TEST_CASE_FIXTURE(ServerCase, "most calls this week: propose, accept, score live, pair card, rules") {
    auto team = make_team(port(), "alpha");
    WsClient jake(port(), team.tokens["jake"]);
    WsClient natalie(port(), team.tokens["natalie"]);
    WsClient wall(port(), team.tokens["wall"]);
    log(natalie, "calls", "before-1");  // this week, before the challenge: counts for a week window
    auto mine = subscribe(natalie, "challenges:me");
    CHECK(mine["data"]["challenges"].empty());
    subscribe(wall, "feed");

    auto created = jake.request({{"type", "challenge.create"}, {"metric", "calls"}, {"kind", "most"},
                                 {"participants", {"natalie"}}, {"window", {{"period", "week"}}},
                                 {"stakes", "loser buys coffee"}});
    INFO(created.dump());
    REQUIRE(created["type"] == "ack");
    auto challenge = created["result"]["challenge"];
    CHECK(wp::test::frame_violation({{"type", "snapshot"}, {"topic", "challenge:x"}, {"seq", 1}, {"data", challenge}}) == "");
    const auto id = challenge["id"].get<std::string>();
    CHECK(challenge["status"] == "proposed");
    CHECK(challenge["creator"] == "jake");
    CHECK(challenge["stakes"] == "loser buys coffee");
    CHECK(count_in(challenge, "natalie") == 1);  // seeded from this week's board
    CHECK(count_in(challenge, "jake") == 0);

    auto proposed = next_update(natalie, "challenges:me", [](const json& d) { return d["challenges"].size() == 1; });
    CHECK(proposed["data"]["challenges"][0]["id"] == id);
    auto event = wall.wait_for([](const json& f) { return f["type"] == "event"; });
    CHECK(event["event"]["kind"] == "challenge.proposed");
    CHECK(event["event"]["challenge"] == id);

    // Rules: only the creator cancels; a stranger cannot answer; display tokens cannot create.
    auto not_creator = natalie.request({{"type", "challenge.cancel"}, {"challenge", id}});
    CHECK(not_creator["code"] == "forbidden");
    WsClient priya(port(), team.tokens["priya"]);
    CHECK(priya.request({{"type", "challenge.accept"}, {"challenge", id}})["code"] == "forbidden");
    CHECK(wall.request({{"type", "challenge.create"}, {"metric", "calls"}, {"kind", "most"}, {"participants", {"jake"}},
                        {"window", {{"period", "week"}}}})["code"] == "forbidden");
    CHECK(natalie.request({{"type", "challenge.accept"}, {"challenge", "c999"}})["code"] == "not_found");

    subscribe(jake, "challenge:" + id);
    auto accepted = natalie.request({{"type", "challenge.accept"}, {"challenge", id}});
    REQUIRE(accepted["type"] == "ack");
    CHECK(accepted["result"]["challenge"]["status"] == "active");
    CHECK(natalie.request({{"type", "challenge.accept"}, {"challenge", id}})["code"] == "conflict");
    CHECK(natalie.request({{"type", "challenge.decline"}, {"challenge", id}})["code"] == "conflict");
    next_update(jake, "challenge:" + id, [](const json& d) { return d["status"] == "active"; });
    auto started = wall.wait_for([](const json& f) { return f["type"] == "event"; });
    CHECK(started["event"]["kind"] == "challenge.started");

    // Live scores: each log moves the challenge on the other's connection.
    log(natalie, "calls", "n-1", 2);
    auto moved = next_update(jake, "challenge:" + id, [](const json& d) { return count_in(d, "natalie") == 3; });
    CHECK(count_in(moved["data"], "jake") == 0);
    log(jake, "calls", "j-1", 4);
    next_update(jake, "challenge:" + id, [](const json& d) { return count_in(d, "jake") == 4; });
    log(jake, "appointments", "j-2");  // another metric: no change
    CHECK(count_in(wp::test::http_request(port(), "GET", "/api/v1/challenges/" + id, "", team.tokens["jake"]).json_body(),
                   "jake") == 4);

    // The pair card: both reps' counts per metric and period, and the challenge between them.
    auto pair = subscribe(natalie, "pair:p1");
    const auto& reps = pair["data"]["reps"];
    REQUIRE(reps.size() == 2);
    for (const auto& r : reps) {
        if (r["rep"] == "natalie") CHECK(r["counts"]["calls"]["week"] == 3);
        if (r["rep"] == "jake") {
            CHECK(r["counts"]["calls"]["day"] == 4);
            CHECK(r["counts"]["appointments"]["week"] == 1);
        }
        CHECK(r["checkin"].is_null());
    }
    REQUIRE(pair["data"]["challenges"].size() == 1);
    CHECK(pair["data"]["challenges"][0]["id"] == id);
    log(jake, "calls", "j-3");
    next_update(natalie, "pair:p1", [](const json& d) {
        for (const auto& r : d["reps"])
            if (r["rep"] == "jake") return r["counts"]["calls"]["week"] == 5;
        return false;
    });

    // The creator cancels: the challenge closes and stays in challenges:me as cancelled.
    REQUIRE(jake.request({{"type", "challenge.cancel"}, {"challenge", id}})["type"] == "ack");
    auto closed = next_update(natalie, "challenges:me", [&](const json& d) {
        return d["challenges"].size() == 1 && d["challenges"][0]["status"] == "cancelled";
    });
    CHECK(closed["data"]["challenges"][0]["id"] == id);
    CHECK(jake.request({{"type", "challenge.cancel"}, {"challenge", id}})["code"] == "conflict");
    log(natalie, "calls", "after-cancel");
    CHECK(count_in(wp::test::http_request(port(), "GET", "/api/v1/challenges/" + id, "", team.tokens["jake"]).json_body(),
                   "natalie") == 3);
}

TEST_CASE_FIXTURE(ServerCase, "a race is decided the moment someone reaches the target") {
    auto team = make_team(port(), "alpha");
    WsClient jake(port(), team.tokens["jake"]);
    WsClient natalie(port(), team.tokens["natalie"]);
    auto created = jake.request({{"type", "challenge.create"}, {"metric", "proposals"}, {"kind", "race"},
                                 {"participants", {"natalie"}}, {"target", 3},
                                 {"window", {{"start", in(-1000ms)}, {"end", in(std::chrono::hours(48))}}}});
    REQUIRE(created["type"] == "ack");
    auto id = created["result"]["challenge"]["id"].get<std::string>();
    log(natalie, "proposals", "early");  // counts: inside the window, before acceptance
    REQUIRE(natalie.request({{"type", "challenge.accept"}, {"challenge", id}})["type"] == "ack");
    subscribe(jake, "challenge:" + id);
    log(jake, "proposals", "j1", 2);
    log(natalie, "proposals", "n2", 2);  // natalie reaches 3 first
    auto done = next_update(jake, "challenge:" + id, [](const json& d) { return d["status"] == "finished"; });
    CHECK(done["data"]["winner"] == "natalie");
    CHECK(done["data"]["reached"] == json::array({"natalie"}));
    CHECK(done["data"]["finished_at"].is_string());
    log(jake, "proposals", "j2", 5);  // after the finish: nothing changes
    auto after = wp::test::http_request(port(), "GET", "/api/v1/challenges/" + id, "", team.tokens["jake"]).json_body();
    CHECK(after["winner"] == "natalie");
    CHECK(count_in(after, "jake") == 2);
    auto events = feed_events(port(), team.tokens["priya"]);
    CHECK(count_kind(events, "challenge.finished", id) == 1);
}

TEST_CASE("a most challenge whose window ends while two instances run finishes once") {
    shared_redis().flushall();
    std::vector<std::string> fast{"--set", "challenges.finisher_ms=100", "--set", "live.coalesce_ms=20"};
    wp::test::WolfpackServer a(shared_redis().url(), fast), b(shared_redis().url(), fast);
    auto team = make_team(a.port(), "alpha");
    WsClient jake(a.port(), team.tokens["jake"]);
    WsClient natalie(b.port(), team.tokens["natalie"]);
    auto created = jake.request({{"type", "challenge.create"}, {"metric", "calls"}, {"kind", "most"},
                                 {"participants", {"natalie"}},
                                 {"window", {{"start", in(-1000ms)}, {"end", in(2500ms)}}}});
    REQUIRE(created["type"] == "ack");
    auto id = created["result"]["challenge"]["id"].get<std::string>();
    REQUIRE(natalie.request({{"type", "challenge.accept"}, {"challenge", id}})["type"] == "ack");
    subscribe(natalie, "challenge:" + id);
    subscribe(jake, "challenge:" + id);
    log(natalie, "calls", "n1", 3);
    log(jake, "calls", "j1", 1);
    auto on_b = next_update(natalie, "challenge:" + id, [](const json& d) { return d["status"] == "finished"; }, 6000ms);
    auto on_a = next_update(jake, "challenge:" + id, [](const json& d) { return d["status"] == "finished"; }, 6000ms);
    CHECK(on_b["data"]["winner"] == "natalie");
    CHECK(on_a["data"]["winner"] == "natalie");
    std::this_thread::sleep_for(500ms);  // both finishers have run several more times
    auto events = feed_events(a.port(), team.tokens["priya"]);
    CHECK(count_kind(events, "challenge.finished", id) == 1);
    auto finished_logs = [](const std::string& log) {
        int n = 0;
        for (auto p = log.find("challenge.finished"); p != std::string::npos; p = log.find("challenge.finished", p + 1)) ++n;
        return n;
    };
    CHECK(finished_logs(a.log()) + finished_logs(b.log()) == 1);
    // Activity after the window does not count.
    log(natalie, "calls", "late", 5);
    auto after = wp::test::http_request(a.port(), "GET", "/api/v1/challenges/" + id, "", team.tokens["jake"]).json_body();
    CHECK(count_in(after, "natalie") == 3);
}

TEST_CASE("a challenge whose window ended while no server ran finishes at the next start") {
    shared_redis().flushall();
    std::string id, token;
    int port = 0;
    {
        wp::test::WolfpackServer server(shared_redis().url());
        port = server.port();
        auto team = make_team(port, "alpha");
        token = team.tokens["priya"];
        WsClient jake(port, team.tokens["jake"]);
        auto created = jake.request({{"type", "challenge.create"}, {"metric", "calls"}, {"kind", "target"},
                                     {"participants", json::array()}, {"target", 2},
                                     {"window", {{"start", in(-1000ms)}, {"end", in(1500ms)}}}});
        REQUIRE(created["type"] == "ack");
        CHECK(created["result"]["challenge"]["status"] == "active");  // a personal goal starts at once
        id = created["result"]["challenge"]["id"].get<std::string>();
        log(jake, "calls", "j1", 2);
        server.stop(SIGKILL);
    }
    std::this_thread::sleep_for(2000ms);
    CHECK(shared_redis().command({"HGET", "wp:{t:alpha}:ch:" + id, "status"}) == "active");
    wp::test::WolfpackServer again(shared_redis().url());
    json data;
    for (int i = 0; i < 50; ++i) {
        data = wp::test::http_request(again.port(), "GET", "/api/v1/challenges/" + id, "", token).json_body();
        if (data["status"] == "finished") break;
        std::this_thread::sleep_for(100ms);
    }
    CHECK(data["status"] == "finished");
    CHECK(data["winner"].is_null());
    CHECK(data["reached"] == json::array({"jake"}));
}

TEST_CASE_FIXTURE(ServerCase, "activity outside an explicit window does not count") {
    auto team = make_team(port(), "alpha");
    WsClient jake(port(), team.tokens["jake"]);
    WsClient natalie(port(), team.tokens["natalie"]);
    auto created = jake.request({{"type", "challenge.create"}, {"metric", "calls"}, {"kind", "most"},
                                 {"participants", {"natalie"}},
                                 {"window", {{"start", in(-3600000ms)}, {"end", in(std::chrono::hours(24))}}}});
    REQUIRE(created["type"] == "ack");
    auto id = created["result"]["challenge"]["id"].get<std::string>();
    auto two_hours_ago = in(-7200000ms);
    REQUIRE(natalie.request({{"type", "log"}, {"metric", "calls"}, {"id", "old"}, {"at", two_hours_ago}})["type"] == "ack");
    auto thirty_min_ago = in(-1800000ms);
    REQUIRE(natalie.request({{"type", "log"}, {"metric", "calls"}, {"id", "in"}, {"at", thirty_min_ago}})["type"] == "ack");
    auto data = wp::test::http_request(port(), "GET", "/api/v1/challenges/" + id, "", team.tokens["jake"]).json_body();
    CHECK(count_in(data, "natalie") == 1);
}

TEST_CASE_FIXTURE(ServerCase, "create rules over the wire change nothing") {
    auto team = make_team(port(), "alpha");
    WsClient jake(port(), team.tokens["jake"]);
    struct Case { const char* what; json message; const char* code; };
    const std::vector<Case> cases{
        {"unknown metric", {{"metric", "golf"}, {"kind", "most"}, {"participants", {"natalie"}}, {"window", {{"period", "week"}}}}, "bad_request"},
        {"unknown kind", {{"metric", "calls"}, {"kind", "fastest"}, {"participants", {"natalie"}}, {"window", {{"period", "week"}}}}, "bad_request"},
        {"race without target", {{"metric", "calls"}, {"kind", "race"}, {"participants", {"natalie"}}, {"window", {{"period", "week"}}}}, "bad_request"},
        {"stranger", {{"metric", "calls"}, {"kind", "most"}, {"participants", {"ghost"}}, {"window", {{"period", "week"}}}}, "not_found"},
        {"display participant", {{"metric", "calls"}, {"kind", "most"}, {"participants", {"wall"}}, {"window", {{"period", "week"}}}}, "not_found"},
        {"alone, most", {{"metric", "calls"}, {"kind", "most"}, {"participants", json::array()}, {"window", {{"period", "week"}}}}, "bad_request"},
        {"day window", {{"metric", "calls"}, {"kind", "most"}, {"participants", {"natalie"}}, {"window", {{"period", "day"}}}}, "bad_request"},
        {"backwards window", {{"metric", "calls"}, {"kind", "most"}, {"participants", {"natalie"}}, {"window", {{"start", in(3600000ms)}, {"end", in(60000ms)}}}}, "bad_request"},
        {"window over 366 days", {{"metric", "calls"}, {"kind", "most"}, {"participants", {"natalie"}}, {"window", {{"start", in(0ms)}, {"end", in(std::chrono::hours(24 * 367))}}}}, "bad_request"},
        {"stakes too long", {{"metric", "calls"}, {"kind", "most"}, {"participants", {"natalie"}}, {"window", {{"period", "week"}}}, {"stakes", std::string(141, 's')}}, "bad_request"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        auto m = c.message;
        m["type"] = "challenge.create";
        auto reply = jake.request(m);
        CHECK(reply["type"] == "error");
        CHECK(reply["code"] == c.code);
    }
    CHECK(shared_redis().command({"EXISTS", "wp:{t:alpha}:seq:ch"}) == "0");
    // At most 20 open challenges per rep.
    for (int i = 0; i < 20; ++i)
        REQUIRE(jake.request({{"type", "challenge.create"}, {"metric", "calls"}, {"kind", "most"}, {"participants", {"natalie"}},
                              {"window", {{"period", "month"}}}})["type"] == "ack");
    auto over = jake.request({{"type", "challenge.create"}, {"metric", "calls"}, {"kind", "most"}, {"participants", {"priya"}},
                              {"window", {{"period", "month"}}}});
    CHECK(over["code"] == "conflict");
}

TEST_CASE_FIXTURE(ServerCase, "check-ins show on the pair: cheers reach the recipient and are limited") {
    auto team = make_team(port(), "alpha");
    WsClient jake(port(), team.tokens["jake"]);
    WsClient natalie(port(), team.tokens["natalie"]);
    subscribe(jake, "pair:p1");
    auto posted = natalie.request({{"type", "checkin.post"}, {"commitment", "Five new outreach attempts"}});
    REQUIRE(posted["type"] == "ack");
    auto card = next_update(jake, "pair:p1", [](const json& d) {
        for (const auto& r : d["reps"])
            if (r["rep"] == "natalie") return r["checkin"].is_object();
        return false;
    });
    for (const auto& r : card["data"]["reps"])
        if (r["rep"] == "natalie") CHECK(r["checkin"]["commitment"] == "Five new outreach attempts");
    // Posting again replaces it.
    REQUIRE(natalie.request({{"type", "checkin.post"}, {"commitment", "Five new outreach attempts"},
                             {"reflection", "Did six."}})["type"] == "ack");
    next_update(jake, "pair:p1", [](const json& d) {
        for (const auto& r : d["reps"])
            if (r["rep"] == "natalie") return r["checkin"]["reflection"] == "Did six.";
        return false;
    });

    // A cheer reaches Jake without any subscription.
    REQUIRE(natalie.request({{"type", "cheer"}, {"to", "jake"}, {"text", "Go get them!"}})["type"] == "ack");
    auto cheer = jake.wait_for([](const json& f) { return f["type"] == "event"; });
    CHECK(cheer["event"]["kind"] == "cheer");
    CHECK(cheer["event"]["rep"] == "natalie");
    CHECK(cheer["event"]["to"] == "jake");
    CHECK(cheer["event"]["text"] == "Go get them!");
    CHECK(natalie.request({{"type", "cheer"}, {"to", "natalie"}})["code"] == "bad_request");
    CHECK(natalie.request({{"type", "cheer"}, {"to", "jake"}, {"text", std::string(141, 'x')}})["code"] == "bad_request");
    CHECK(natalie.request({{"type", "cheer"}, {"to", "jake"}, {"text", "two\nlines"}})["code"] == "bad_request");
    // 140 characters is allowed (and counts against the limit below).
    REQUIRE(natalie.request({{"type", "cheer"}, {"to", "jake"}, {"text", std::string(140, 'x')}})["type"] == "ack");
    CHECK(natalie.request({{"type", "cheer"}, {"to", "ghost"}})["code"] == "not_found");
    int accepted = 2, limited = 0;
    for (int i = 0; i < 11; ++i) {
        auto r = natalie.request({{"type", "cheer"}, {"to", "jake"}});
        if (r["type"] == "ack") ++accepted;
        else if (r["code"] == "rate_limited") ++limited;
    }
    CHECK(accepted == 10);
    CHECK(limited == 3);
    auto events = feed_events(port(), team.tokens["priya"]);
    CHECK(count_kind(events, "cheer") == 10);
    CHECK(count_kind(events, "checkin") == 2);
}

TEST_CASE_FIXTURE(ServerCase, "milestones: round numbers once per day, one per tap, as feed events") {
    auto team = make_team(port(), "alpha");
    WsClient priya(port(), team.tokens["priya"]);
    WsClient wall(port(), team.tokens["wall"]);
    subscribe(wall, "feed");
    log(priya, "calls", "m1", 9);
    log(priya, "calls", "m2", 2);  // 11: passes 10 for the day and the week, announced once: today's
    auto m = wall.wait_for([](const json& fr) { return fr["type"] == "event" && fr["event"]["kind"] == "milestone"; })["event"];
    CHECK(m["rep"] == "priya");
    CHECK(m["count"] == 10);
    CHECK(m["period"] == "day");
    log(priya, "calls", "m3", -2);
    log(priya, "calls", "m4", 2);  // back over 10: no second milestone
    auto events = feed_events(port(), team.tokens["priya"]);
    CHECK(count_kind(events, "milestone") == 1);
    CHECK(count_kind(events, "activity") == 4);
}
