// One token flooding: the REST activity budget (limits.api_activities_per_minute) and the feed
// paced for a display that reads, slowly, through a flood by one rep.
#include <doctest/doctest.h>

#include <thread>

#include "e2e/fixture.hpp"
#include "support/raw_socket.hpp"
#include "support/wait.hpp"

using namespace wp::e2e;
using wp::test::WsClient;

namespace {

wp::test::HttpResult post(int port, const std::string& token, const json& body) {
    return wp::test::http_request(port, "POST", "/api/v1/activities", body.dump(), token);
}

json batch(const std::string& prefix, int count) {
    json items = json::array();
    for (int i = 0; i < count; ++i) items.push_back({{"metric", "calls"}, {"id", prefix + std::to_string(i)}});
    return {{"activities", items}};
}

}  // namespace

TEST_CASE("limits.api_activities_per_minute: N+1 activities in a minute from one token: N recorded, the rest 429 with Retry-After") {
    shared_redis().flushall();
    wp::test::WolfpackServer server(shared_redis().url(), {"--set", "limits.api_activities_per_minute=10"});
    const int port = server.port();
    auto team = make_team(port, "alpha");
    const auto& natalie = team.tokens["natalie"];
    for (int i = 0; i < 6; ++i) REQUIRE(post(port, natalie, {{"metric", "calls"}, {"id", "one-" + std::to_string(i)}}).status == 201);
    auto four = post(port, natalie, batch("batch-", 4));  // a batch counts its items: 10 in all
    REQUIRE(four.status == 200);
    auto results = four.json_body()["results"];  // a copy: the body is a temporary
    for (const auto& r : results) CHECK(r["ok"] == true);

    auto refused = post(port, natalie, {{"metric", "calls"}, {"id", "eleventh"}});
    CHECK(refused.status == 429);
    CHECK(refused.json_body()["error"]["code"] == "rate_limited");
    CHECK(refused.json_body()["error"]["message"].get<std::string>().find("limits.api_activities_per_minute") !=
          std::string::npos);
    REQUIRE(refused.headers.contains("Retry-After"));
    auto retry = std::stoi(refused.headers["Retry-After"]);
    CHECK(retry >= 1);
    CHECK(retry <= 6);  // one comes back every 6 s
    auto refused_batch = post(port, natalie, batch("late-", 2));
    CHECK(refused_batch.status == 429);
    CHECK(refused_batch.headers.contains("Retry-After"));
    auto too_big = post(port, natalie, batch("huge-", 11));
    CHECK(too_big.status == 429);
    CHECK(too_big.json_body()["error"]["message"].get<std::string>().find("smaller batches") != std::string::npos);

    // Exactly the ten; nothing of the refused requests; another token is unaffected.
    CHECK(count_of(leaderboard(port, natalie, "calls", "all"), "natalie") == 10);
    CHECK(post(port, team.tokens["jake"], {{"metric", "calls"}, {"id", "jake-1"}}).status == 201);
    auto board = leaderboard(port, natalie, "calls", "all");
    CHECK(board["total"] == 11);
    CHECK(count_of(board, "jake") == 1);
    // The budget is the REST path's: the same rep over its WebSocket still logs.
    WsClient ws(port, natalie);
    CHECK(ws.request({{"type", "log"}, {"metric", "calls"}, {"id", "ws-1"}})["type"] == "ack");
    CHECK(count_of(leaderboard(port, natalie, "calls", "all"), "natalie") == 11);
}

TEST_CASE("a flood of 5,000 activities by one rep: a display reading slowly is never dropped and gets them as bursts") {
    shared_redis().flushall();
    // A small send queue and receive buffer, as in the stalled-client test: without the pace the
    // display below is dropped within the first batch.
    wp::test::WolfpackServer server(shared_redis().url(), {"--set", "limits.send_queue_frames=32", "--set",
                                                           "limits.api_activities_per_minute=1000000"});
    const int port = server.port();
    auto team = make_team(port, "alpha");
    wp::test::RawWs wall(port, "/ws?token=" + team.tokens["wall"], wp::test::RawWs::with_receive_buffer(4096));
    REQUIRE(wall.status == 101);
    for (const char* topic : {"feed", "leaderboard:calls:day"})
        wall.send_text(json{{"type", "subscribe"}, {"topic", topic}}.dump());
    REQUIRE(wp::test::poll_until([&] { return wp::test::metric(port, "wolfpack_subscriptions") == 2; }, 5s));

    constexpr int total = 5000;
    std::thread flood([&] {
        for (int b = 0; b < total / 500; ++b)
            CHECK(wp::test::http_request(port, "POST", "/api/v1/activities", batch("f" + std::to_string(b) + "-", 500).dump(),
                                         team.tokens["natalie"]).status == 200);
    });
    // Reads a frame, then takes 10 ms over it: at most about 100 frames a second.
    long long singles = 0, summarised = 0, bursts = 0, frames = 0, on_board = 0;
    auto deadline = std::chrono::steady_clock::now() + 60s;
    while ((singles + summarised < total || on_board < total) && std::chrono::steady_clock::now() < deadline) {
        auto f = wall.read_frame(5s);
        if (!f) break;
        if (f->opcode != 0x1) continue;
        ++frames;
        auto frame = json::parse(f->payload);
        INFO(f->payload.substr(0, 300));
        REQUIRE(wp::test::frame_violation(frame) == "");
        if (frame["type"] == "event" && frame["event"]["rep"] == "natalie") {
            if (frame["event"]["kind"] == "activity") ++singles;
            if (frame["event"]["kind"] == "activity.burst") {
                ++bursts;
                summarised += frame["event"]["count"].get<long long>();
                CHECK(frame["event"]["metrics"]["calls"] == frame["event"]["count"]);
            }
        }
        if (frame["type"] == "update" && frame["topic"] == "leaderboard:calls:day") on_board = count_of(frame["data"], "natalie");
        std::this_thread::sleep_for(10ms);
    }
    flood.join();
    MESSAGE(total << " activities reached the display as " << singles << " events and " << bursts << " bursts ("
                  << frames << " frames in all)");
    CHECK_FALSE(wall.closed);
    CHECK(singles + summarised == total);  // every activity, one way or the other
    CHECK(bursts >= 1);
    CHECK(singles + bursts < total / 10);
    CHECK(on_board == total);
    CHECK(wp::test::metric(port, "wolfpack_slow_consumers_dropped_total") == 0);
}
