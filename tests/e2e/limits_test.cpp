// Limits and abuse over real connections: a client that stops reading, frames over the limit,
// a message flood, 1,000 malformed messages (the connection limits: connection_limits_test.cpp).
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <random>

#include "domain/time.hpp"
#include "e2e/fixture.hpp"
#include "support/raw_socket.hpp"
#include "support/wait.hpp"

using namespace wp::e2e;
using wp::test::WsClient;

namespace {

using Clock = std::chrono::steady_clock;
using wp::test::metric;
using wp::test::poll_until;
using wp::test::RawWs;
using wp::test::slurp;

}  // namespace

TEST_CASE("a client that stops reading is dropped when its send queue is full: the others get every update") {
    shared_redis().flushall();
    wp::test::WolfpackServer server(shared_redis().url(),
                                    {"--set", "limits.send_queue_frames=16", "--set", "live.coalesce_ms=20", "--set",
                                     "limits.api_activities_per_minute=1000000", "--set",
                                     "live.feed_events_per_second=100000"});  // unpaced: a flood to fill its queue
    const int port = server.port();
    auto team = make_team(port, "alpha");
    WsClient jake(port, team.tokens["jake"]);
    wp::test::subscribe_snapshot(jake, "leaderboard:calls:all");

    // Subscribed to the busiest topics, then never reads again (a small receive buffer makes
    // the server's writes block sooner). The queue of 16 frames absorbs the bursts a reading
    // client sees (frames posted faster than one write completes), not a client that stopped.
    RawWs stalled(port, "/ws?token=" + team.tokens["priya"], RawWs::with_receive_buffer(4096));
    REQUIRE(stalled.status == 101);
    for (const char* topic : {"feed", "leaderboard:calls:day", "leaderboard:calls:week", "leaderboard:calls:all"})
        stalled.send_text(json{{"type", "subscribe"}, {"topic", topic}}.dump());
    REQUIRE(poll_until([&] { return metric(port, "wolfpack_subscriptions") == 4 + 1; }, 3s));

    int logged = 0;
    for (int batch = 0; batch < 60 && metric(port, "wolfpack_slow_consumers_dropped_total") < 1; ++batch) {
        json items = json::array();
        for (int i = 0; i < 500; ++i) items.push_back({{"metric", "calls"}, {"id", "b" + std::to_string(logged + i)}});
        auto r = wp::test::http_request(port, "POST", "/api/v1/activities", json{{"activities", items}}.dump(),
                                        team.tokens["natalie"]);
        REQUIRE(r.status == 200);
        logged += 500;
    }
    MESSAGE("activities logged until the stalled client was dropped: " << logged);
    REQUIRE(metric(port, "wolfpack_slow_consumers_dropped_total") == 1);
    CHECK(stalled.closed_by_server_within(5s));
    CHECK(server.log().find("ws.slow_consumer") != std::string::npos);

    // The reading subscriber is still there and sees the exact final count.
    CHECK(jake.is_open());
    // Generous deadlines: under ASan the server is still working through the notices of
    // thousands of activities when this arrives.
    // The update with Jake's log may come before its ack (a flush for Natalie's backlog reads the
    // board after the script ran): both are awaited in either order, as request() would drop it.
    jake.send({{"type", "log"}, {"metric", "calls"}, {"id", "last"}, {"req", "last"}});
    json update;
    for (bool acked = false; !acked || update.is_null();) {
        auto f = jake.wait_for([&](const json& x) {
            return (x["type"] == "ack" && x.value("req", json()) == "last") ||
                   (x["type"] == "update" && count_of(x["data"], "jake") == 1);
        }, 20s);
        if (f["type"] == "ack") acked = true;
        else update = f;
    }
    CHECK(count_of(update["data"], "natalie") == logged);
    CHECK(update["data"]["total"] == logged + 1);
    CHECK(metric(port, "wolfpack_ws_connections") == 1);
}

TEST_CASE_FIXTURE(ServerCase, "a message over limits.max_frame_bytes closes with 1009: one at the limit is answered") {
    auto team = make_team(port(), "alpha");
    WsClient natalie(port(), team.tokens["natalie"]);
    auto sized = [](std::size_t bytes) {
        std::string head = R"({"type":"log","req":7,"metric":"calls","id":"big","pad":")", tail = "\"}";
        return head + std::string(bytes - head.size() - tail.size(), 'x') + tail;
    };
    natalie.send_text(sized(65536));
    auto answer = natalie.wait_ack(7);
    CHECK(answer["type"] == "error");
    CHECK(answer["code"] == "bad_request");  // "pad" is not a field of `log`
    CHECK(natalie.is_open());

    natalie.send_text(sized(65537));
    CHECK_FALSE(natalie.read(3s).has_value());
    CHECK_FALSE(natalie.is_open());
    CHECK(natalie.close_code() == 1009);

    WsClient again(port(), team.tokens["natalie"]);
    CHECK(again.request({{"type", "log"}, {"metric", "calls"}, {"id", "small"}})["type"] == "ack");
    CHECK(leaderboard(port(), team.tokens["natalie"], "calls", "all")["total"] == 1);
}

TEST_CASE_FIXTURE(ServerCase, "a message flood: rate_limited answers that change nothing, then persistent abuse is closed with 1008") {
    auto team = make_team(port(), "alpha");
    WsClient natalie(port(), team.tokens["natalie"]);
    constexpr int sent = 300;  // defaults: a burst of 100, 20 a second, closed after 100 refusals in a row
    for (int i = 0; i < sent; ++i)
        natalie.send({{"type", "log"}, {"req", i}, {"metric", "calls"}, {"id", "flood-" + std::to_string(i)}});
    int acked = 0, limited = 0, other = 0;
    while (true) {
        auto f = natalie.read(5s);
        if (!f) break;
        if ((*f)["type"] == "ack") ++acked;
        else if ((*f)["type"] == "error" && (*f)["code"] == "rate_limited") {
            ++limited;
            CHECK((*f)["req"].is_number_integer());  // the client learns which request to send again
        } else
            ++other;
    }
    MESSAGE("flood of " << sent << ": " << acked << " acked, " << limited << " rate_limited, then 1008");
    CHECK(natalie.close_code() == 1008);
    CHECK(acked >= 100);
    CHECK(limited >= 100);
    CHECK(acked + limited <= sent);
    CHECK(other == 0);
    // Only what was acknowledged counts.
    CHECK(count_of(leaderboard(port(), team.tokens["natalie"], "calls", "all"), "natalie") == acked);
    CHECK(metric(port(), "wolfpack_rate_limited_total") >= limited);
    // Another connection of the same rep is not punished.
    WsClient fresh(port(), team.tokens["natalie"]);
    CHECK(fresh.request({{"type", "log"}, {"metric", "calls"}, {"id", "after-flood"}})["type"] == "ack");
}

TEST_CASE("1,000 malformed messages of assorted kinds: each answered with an error, nothing recorded, still serving") {
    shared_redis().flushall();
    wp::test::WolfpackServer server(shared_redis().url(), {"--set", "limits.rate_burst=100000", "--set",
                                                           "limits.rate_per_second=100000", "--log-level", "trace"});
    const int port = server.port();
    auto team = make_team(port, "alpha");
    WsClient natalie(port, team.tokens["natalie"]);

    std::mt19937 rng(5);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    auto garbage = [&](int max_len) {
        std::string s;
        int n = 1 + pick(max_len);
        for (int i = 0; i < n; ++i) s += static_cast<char>(32 + pick(95));
        return s;
    };
    auto with = [](json base, const json& patch) {
        base.merge_patch(patch);
        return base.dump();
    };
    const json log = {{"type", "log"}, {"req", 1}, {"metric", "calls"}, {"id", "ok-id"}};
    auto at = [](std::chrono::hours offset) { return wp::domain::format_rfc3339(wp::domain::now() + offset); };
    const std::vector<std::function<std::string()>> kinds{
        [&] { return garbage(200); },                                              // not JSON (or a bare scalar)
        [&] { auto s = log.dump(); return s.substr(0, static_cast<std::size_t>(pick(static_cast<int>(s.size())))); },  // truncated
        [&] { return std::vector<std::string>{"null", "true", "42", "-0.5e3", "\"log\"", "[]", "[{\"type\":\"log\"}]", "{}"}[static_cast<std::size_t>(pick(8))]; },
        [&] { return with(log, {{"type", std::vector<json>{nullptr, 1, json::array(), json::object(), "", std::string(65, 't')}[static_cast<std::size_t>(pick(6))]}}); },
        [&] { return with(log, {{"type", "x" + garbage(20)}}); },                // unknown type
        [&] { return with(log, {{"metric", std::vector<json>{"golf", 3, nullptr, "", "CALLS", json::array({"calls"})}[static_cast<std::size_t>(pick(6))]}}); },
        [&] { return std::vector<std::string>{R"({"type":"log","req":1,"metric":"calls","id":"d","delta":0})",
                                              R"({"type":"log","req":1,"metric":"calls","id":"d","delta":101})",
                                              R"({"type":"log","req":1,"metric":"calls","id":"d","delta":-101})",
                                              R"({"type":"log","req":1,"metric":"calls","id":"d","delta":1.5})",
                                              R"({"type":"log","req":1,"metric":"calls","id":"d","delta":"1"})",
                                              R"({"type":"log","req":1,"metric":"calls","id":"d","delta":1e400})",
                                              R"({"type":"log","req":1,"metric":"calls","id":"d","delta":99999999999999999999999})",
                                              R"({"type":"log","req":1,"metric":"calls","id":"d","delta":-9223372036854775808})"}[static_cast<std::size_t>(pick(8))]; },
        [&] { return with(log, {{"id", std::vector<json>{"", std::string(65, 'i'), "a b", "a/b", "caf\u00e9", "a.b", 7, nullptr}[static_cast<std::size_t>(pick(8))]}}); },
        [&] { return with(log, {{"at", std::vector<json>{"yesterday", at(std::chrono::hours(2)), at(-std::chrono::hours(24 * 8)), "2026-13-45T00:00:00Z", 1700000000, ""}[static_cast<std::size_t>(pick(6))]}}); },
        [&] { return with(log, {{"rep", "jake"}}); },                              // no such field over WebSocket
        [&] { return json{{"type", pick(2) ? "subscribe" : "unsubscribe"}, {"req", 2},
                          {"topic", std::vector<json>{"", "gossip", "leaderboard:calls", "leaderboard:golf:week", "leaderboard:calls:fortnight",
                                                      "pair:UPPER", "challenge:../x", "leaderboard:calls:week:extra", 5, garbage(40)}[static_cast<std::size_t>(pick(10))]}}.dump(); },
        [&] { return json{{"type", "challenge.create"}, {"req", 3}, {"metric", "calls"},
                          {"kind", std::vector<json>{"most", "race", "target", "best"}[static_cast<std::size_t>(pick(4))]},
                          {"participants", std::vector<json>{json::array({"ghost"}), "jake", json::array(), json::array({1})}[static_cast<std::size_t>(pick(4))]},
                          {"window", std::vector<json>{{{"period", "fortnight"}}, "week", {{"start", "x"}, {"end", "y"}}}[static_cast<std::size_t>(pick(3))]},
                          {"target", -pick(5)}, {"stakes", std::string(141, 's')}}.dump(); },
        [&] { return json{{"type", std::vector<std::string>{"challenge.accept", "challenge.decline", "challenge.cancel"}[static_cast<std::size_t>(pick(3))]},
                          {"req", 4}, {"challenge", std::vector<json>{"nope", "BAD ID", 9, ""}[static_cast<std::size_t>(pick(4))]}}.dump(); },
        [&] { return json{{"type", "checkin.post"}, {"req", 5}, {"commitment", std::vector<json>{std::string(501, 'c'), 5, nullptr}[static_cast<std::size_t>(pick(3))]}}.dump(); },
        [&] { return json{{"type", "cheer"}, {"req", 6}, {"to", std::vector<json>{"ghost", "", 1, "Jake"}[static_cast<std::size_t>(pick(4))]}}.dump(); },
        [&] { return json{{"type", "cheer"}, {"req", 6}, {"to", "jake"}, {"text", std::string(141, 't')}}.dump(); },
        [&] {  // deep nesting
            int depth = 100 + pick(20000);
            return pick(2) ? std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']')
                           : std::string(static_cast<std::size_t>(depth), '[');
        },
        [&] { return std::vector<std::string>{R"({"type":"log","req":1,"metric":"calls","id":"\ud800"})",
                                              R"({"type":"log","req":1,"metric":"calls","id":"\x"})",
                                              "{\"type\":\"log\",\"req\":1,\"metric\":\"calls\",\"id\":\"a\tb\"}",
                                              R"({"type":"log","type":"dance","req":1,"metric":"calls","id":"ok"})",
                                              R"({"type":"log","req":1,"metric":"calls","id":"ok","id":"bad id"})",
                                              R"({"type":"log","req":1,"metric":"calls","id":"ok"} trailing)",
                                              "\xef\xbb\xbf{}"}[static_cast<std::size_t>(pick(7))]; },
    };
    std::map<std::string, int> codes;
    for (int i = 0; i < 1000; ++i) {
        auto text = kinds[static_cast<std::size_t>(i) % kinds.size()]();
        CAPTURE(i);
        CAPTURE(text.substr(0, 300));
        natalie.send_text(text);
        auto reply = natalie.wait_for([](const json& f) { return f["type"] == "error" || f["type"] == "ack"; });
        REQUIRE(reply["type"] == "error");
        ++codes[reply["code"].get<std::string>()];
    }
    MESSAGE("error codes of the 1,000 malformed messages: " << json(codes).dump());
    CHECK(codes["bad_request"] >= 800);
    CHECK(natalie.is_open());
    // Nothing was recorded: no board moved, no event was written.
    for (const char* m : {"calls", "appointments", "proposals"})
        CHECK(leaderboard(port, team.tokens["natalie"], m, "all")["total"] == 0);
    WsClient reader(port, team.tokens["jake"]);
    CHECK(wp::test::subscribe_snapshot(reader, "feed")["data"]["events"].empty());
    // Still serving: the same connection, a new one, HTTP.
    auto ok = natalie.request({{"type", "log"}, {"metric", "calls"}, {"id", "after-1000"}});
    REQUIRE(ok["type"] == "ack");
    CHECK(ok["result"]["counts"]["all"] == 1);
    WsClient another(port, team.tokens["priya"]);
    CHECK(another.welcome()["me"]["id"] == "priya");
    CHECK(wp::test::http_request(port, "GET", "/healthz").status == 200);
    CHECK(metric(port, "wolfpack_ws_messages_in_total") >= 1001);

    // Never a token in the log, even at trace level with tokens in URLs and headers.
    auto server_log = server.log();
    CHECK(server_log.find("coroutine.escaped") == std::string::npos);
    CHECK(server_log.find("handler_failed") == std::string::npos);
    CHECK(server_log.find(wp::test::WolfpackServer::admin_token) == std::string::npos);
    for (const auto& [rep, token] : team.tokens) {
        CAPTURE(rep);
        CHECK(server_log.find(token) == std::string::npos);
    }
}
