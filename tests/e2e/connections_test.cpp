// What an unauthenticated client can hold: half-open HTTP connections against a server under a
// low open-file limit, the per-address and total HTTP caps, eviction of the connection waiting
// longest, the accept loop out of descriptors, and the topics one WebSocket may hold.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <vector>

#include "e2e/fixture.hpp"
#include "support/raw_socket.hpp"
#include "support/wait.hpp"

using namespace wp::e2e;
using wp::test::metric;
using wp::test::poll_until;
using wp::test::RawTcp;
using wp::test::WsClient;

namespace {

using Flood = std::vector<std::unique_ptr<RawTcp>>;

// `count` connections that each send half a request head and then nothing, spread over the
// given client addresses.
Flood half_open(int port, int count, const std::vector<std::string>& sources) {
    Flood flood;
    for (int i = 0; i < count; ++i) {
        flood.push_back(std::make_unique<RawTcp>(port, sources[static_cast<std::size_t>(i) % sources.size()]));
        flood.back()->write_all("GET /healthz HTTP/1.1\r\nHost: x\r\n");
    }
    return flood;
}

// A whole request on a fresh connection from `source`, answered within `within` (status 0 if not).
wp::test::HttpResult healthz_from(int port, const std::string& source, std::chrono::milliseconds within) {
    RawTcp c(port, source);
    c.write_all("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    return c.read_response(within);
}

// Log lines other than the access log's (one per request the test itself makes).
std::size_t lines(const std::string& log) {
    std::size_t n = 0;
    for (std::size_t at = 0, end; (end = log.find('\n', at)) != std::string::npos; at = end + 1)
        if (log.compare(at, end - at, "http.request") != 0 && log.substr(at, end - at).find(" http.request ") == std::string::npos) ++n;
    return n;
}

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

std::size_t descriptors_of(pid_t pid) {
    auto dir = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd");
    return static_cast<std::size_t>(std::distance(dir, std::filesystem::directory_iterator{}));
}

}  // namespace

TEST_CASE("300 half-open connections under a 256-descriptor limit: /healthz answers within a second, a few log lines, serving after") {
    shared_redis().flushall();
    wp::test::WolfpackServer server(shared_redis().url(), {}, {.web_root = "", .open_files = 256});
    const int port = server.port();
    auto before = lines(server.log());
    // More than the 192 descriptors the server gives connections, from three addresses that
    // each stay under their own cap (limits.max_http_connections_per_ip, 200).
    auto flood = half_open(port, 300, {"127.0.0.2", "127.0.0.3", "127.0.0.4"});
    auto during = healthz_from(port, "127.0.0.1", 1s);
    CHECK(during.status == 200);
    auto in_use = descriptors_of(server.pid());
    auto written = lines(server.log()) - before;
    MESSAGE("during the flood: " << in_use << " descriptors open, " << written << " log lines, "
                                 << metric(port, "wolfpack_http_evicted_total") << " connections evicted");
    CHECK(written < 100);
    CHECK(metric(port, "wolfpack_http_evicted_total") >= 100);

    flood.clear();
    REQUIRE(poll_until([&] { return metric(port, "wolfpack_http_connections") == 1; }, 5s));  // /metrics' own
    for (const char* source : {"127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"}) {
        CAPTURE(source);
        CHECK(healthz_from(port, source, 5s).status == 200);
    }
    CHECK(lines(server.log()) - before < 100);
}

TEST_CASE("a server out of descriptors backs its accept loop off, logs a line a second, and serves once they close") {
    shared_redis().flushall();
    // So low that the descriptors run out before the connection budget does: accept fails.
    wp::test::WolfpackServer server(shared_redis().url(), {}, {.web_root = "", .open_files = 28});
    const int port = server.port();
    auto before = lines(server.log());
    auto flood = half_open(port, 40, {"127.0.0.2"});
    // Three warnings: it has been out of descriptors for two seconds (one line a second).
    REQUIRE(poll_until([&] { return occurrences(server.log(), "net.accept_failed") >= 3; }, 10s));
    auto written = lines(server.log()) - before;
    MESSAGE("about 2 s out of descriptors: " << written << " log lines");
    CHECK(written < 20);
    flood.clear();
    // The half-open connections it did accept time out or end with the flood; then it serves.
    CHECK(poll_until([&] { return healthz_from(port, "127.0.0.1", 1s).status == 200; }, 10s));
    // A few failed accepts, 10 ms doubling to 1 s apart; a loop retrying at once makes millions.
    auto failed = metric(port, "wolfpack_accept_failed_total");
    MESSAGE("failed accepts while out of descriptors: " << failed);
    CHECK(failed >= 1);
    CHECK(failed < 100);
}

TEST_CASE("limits.max_http_connections_per_ip: the surplus is answered 503 naming the key, other addresses are served") {
    shared_redis().flushall();
    wp::test::WolfpackServer server(shared_redis().url(), {"--set", "limits.max_http_connections_per_ip=20"});
    const int port = server.port();
    auto flood = half_open(port, 20, {"127.0.0.5"});
    REQUIRE(poll_until([&] { return metric(port, "wolfpack_http_connections") == 21; }, 5s));  // and /metrics'
    auto refused = healthz_from(port, "127.0.0.5", 5s);
    CHECK(refused.status == 503);
    CHECK(refused.headers["Retry-After"] == "5");
    auto body = refused.json_body();
    CHECK(body["error"]["code"] == "unavailable");
    CHECK(body["error"]["message"].get<std::string>().find("limits.max_http_connections_per_ip") != std::string::npos);
    CHECK(healthz_from(port, "127.0.0.1", 5s).status == 200);
    CHECK(metric(port, "wolfpack_http_refused_total") == 1);
    CHECK(metric(port, "wolfpack_http_evicted_total") == 0);  // an address over its cap evicts nobody
    for (auto& c : flood) CHECK_FALSE(c->closed_by_server_within(0ms));

    flood.pop_back();  // a free place for that address again
    CHECK(poll_until([&] { return healthz_from(port, "127.0.0.5", 1s).status == 200; }, 5s));
}

TEST_CASE("limits.max_http_connections: a new connection to a full server evicts the one waiting longest") {
    shared_redis().flushall();
    wp::test::WolfpackServer server(shared_redis().url(), {"--set", "limits.max_http_connections=10"});
    const int port = server.port();
    Flood flood;  // accepted in the order they connect: the kernel's queue is first in, first out
    for (int i = 0; i < 10; ++i) flood.push_back(std::move(half_open(port, 1, {"127.0.0." + std::to_string(10 + i)}).front()));
    CHECK(healthz_from(port, "127.0.0.1", 5s).status == 200);
    CHECK(flood.front()->closed_by_server_within(5s));  // the oldest made room
    for (std::size_t i = 1; i < flood.size(); ++i) CHECK_FALSE(flood[i]->closed_by_server_within(0ms));
    CHECK(metric(port, "wolfpack_http_evicted_total") >= 1);
}

TEST_CASE("limits.max_subscriptions: one topic more is answered conflict naming the key, nothing subscribed") {
    shared_redis().flushall();
    wp::test::WolfpackServer server(shared_redis().url(), {"--set", "limits.max_subscriptions=5"});
    const int port = server.port();
    auto team = make_team(port, "alpha");
    WsClient wall(port, team.tokens["wall"]);
    std::vector<std::string> topics{"feed", "leaderboard:calls:day", "leaderboard:calls:week", "pair:p1",
                                    "challenges:me"};
    for (const auto& t : topics) wp::test::subscribe_snapshot(wall, t);
    REQUIRE(poll_until([&] { return metric(port, "wolfpack_subscriptions") == 5; }, 5s));
    auto over = wall.request({{"type", "subscribe"}, {"topic", "leaderboard:calls:month"}});
    CHECK(over["type"] == "error");
    CHECK(over["code"] == "conflict");
    CHECK(over["message"].get<std::string>().find("limits.max_subscriptions") != std::string::npos);
    CHECK(wall.request({{"type", "subscribe"}, {"topic", "feed"}})["type"] == "ack");  // held already: no new place
    // Nothing changed: a log moves the day board, and the refused month board never comes.
    REQUIRE(wall.request({{"type", "unsubscribe"}, {"topic", "pair:p1"}})["type"] == "ack");
    WsClient natalie(port, team.tokens["natalie"]);
    REQUIRE(natalie.request({{"type", "log"}, {"metric", "calls"}, {"id", "one"}})["type"] == "ack");
    for (;;) {
        auto f = wall.read(5s);
        REQUIRE(f);
        CHECK((*f).value("topic", "") != "leaderboard:calls:month");
        if ((*f)["type"] == "update" && (*f)["topic"] == "leaderboard:calls:day") break;
    }
    CHECK(metric(port, "wolfpack_subscriptions") == 4);
    wp::test::subscribe_snapshot(wall, "leaderboard:calls:month");  // the place freed by the unsubscribe
    CHECK(metric(port, "wolfpack_subscriptions") == 5);
}
