// One token flooding: the REST activity budget (limits.api_activities_per_minute) and the feed
// paced for a display that reads, slowly, through a flood by one rep.
#include <doctest/doctest.h>

#include "e2e/fixture.hpp"

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
    for (const auto& r : four.json_body()["results"]) CHECK(r["ok"] == true);

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
