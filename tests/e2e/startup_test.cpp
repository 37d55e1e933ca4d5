// The binary's start: configuration errors, the embedded Redis and its data-dir lock.
#include <doctest/doctest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "e2e/fixture.hpp"

using namespace wp::e2e;

namespace {
bool wait_ready(int port, std::chrono::seconds within) {
    auto deadline = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < deadline) {
        if (wp::test::http_request(port, "GET", "/readyz").status == 200) return true;
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

}  // namespace

TEST_CASE("configuration: an unknown key or a bad value stops the start and names the key") {
    auto [status, out] = run_wolfpack({"--set", "live.colesce_ms=5", "serve"});
    CHECK(status != 0);
    CHECK(out.find("live.colesce_ms") != std::string::npos);
    CHECK(out.find("unknown key") != std::string::npos);

    std::tie(status, out) = run_wolfpack({"serve"}, {{"WOLFPACK_LISTEN_PORT", "eighty"}});
    CHECK(status != 0);
    CHECK(out.find("listen.port") != std::string::npos);
    CHECK(out.find("WOLFPACK_LISTEN_PORT") != std::string::npos);

    auto dir = wp::test::temp_dir("wp-cfg");
    std::ofstream(dir + "/bad.json") << R"({"live": {"coalesce_ms": 0}})";
    std::tie(status, out) = run_wolfpack({"--config", dir + "/bad.json", "serve"});
    CHECK(status != 0);
    CHECK(out.find("live.coalesce_ms: 1..10000") != std::string::npos);

    std::tie(status, out) = run_wolfpack({"--set", "redis.url=http://nope", "serve"});
    CHECK(status != 0);
    CHECK(out.find("redis.url") != std::string::npos);

    // A misspelt variable stops the start, naming it, instead of starting an embedded Redis.
    auto data = wp::test::temp_dir("wp-env");
    std::tie(status, out) = run_wolfpack({"--data-dir", data, "serve"}, {{"WOLFPACK_REDIS_CLUSTR", "127.0.0.1:7000"}});
    CHECK(status == 2);
    CHECK(out.find("WOLFPACK_REDIS_CLUSTR") != std::string::npos);
    CHECK(out.find("unknown") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(data + "/redis.sock"));

    std::tie(status, out) = run_wolfpack({"--redis-url", "redis://127.0.0.1:1", "--redis-cluster", "127.0.0.1:2", "serve"});
    CHECK(status == 2);
    CHECK(out.find("redis.cluster") != std::string::npos);
    std::tie(status, out) = run_wolfpack({"--redis-cluster", "127.0.0.1", "serve"});
    CHECK(status == 2);
    CHECK(out.find("host:port") != std::string::npos);
}

TEST_CASE("a SELECT Redis refuses is an error: logged with its cause, and /readyz stays 503") {
    auto port = wp::test::free_port();
    wp::test::ChildProcess server;
    auto dir = wp::test::temp_dir("wp-select");
    server.start({wp::test::wolfpack_binary(), "--redis-url", shared_redis().url() + "/99", "--port", std::to_string(port),
                  "--address", "127.0.0.1", "serve"},
                 dir + "/out.log");
    REQUIRE(wp::test::poll_until([&] { return read_file(dir + "/out.log").find("SELECT 99 answered") != std::string::npos; }, 5s));
    CHECK(read_file(dir + "/out.log").find("DB index is out of range") != std::string::npos);
    CHECK(wp::test::http_request(port, "GET", "/readyz").status == 503);
}

TEST_CASE("config/wolfpack.json holds every key with its default") {
    auto [status, out] = run_wolfpack({"config"});
    REQUIRE(status == 0);
    auto defaults = json::parse(out);
    auto shipped = json::parse(read_file(std::string(WOLFPACK_SOURCE_DIR) + "/config/wolfpack.json"));
    CHECK(shipped == defaults);
    // The environment and flags win over the file, in that order.
    std::tie(status, out) = run_wolfpack({"--config", std::string(WOLFPACK_SOURCE_DIR) + "/config/wolfpack.json", "--port",
                                 "9001", "config"},
                                {{"WOLFPACK_LISTEN_PORT", "9000"}, {"WOLFPACK_LIVE_COALESCE_MS", "50"}});
    REQUIRE(status == 0);
    auto effective = json::parse(out);
    CHECK(effective["listen"]["port"] == 9001);
    CHECK(effective["live"]["coalesce_ms"] == 50);
}

TEST_CASE("embedded Redis: started on the data dir, persists, and a second server is refused") {
    auto data = wp::test::temp_dir("wp-embedded");
    int port = wp::test::free_port();
    std::vector<std::string> serve{wp::test::wolfpack_binary(), "--data-dir", data, "--port", std::to_string(port),
                                   "--address", "127.0.0.1", "--admin-token", wp::test::WolfpackServer::admin_token,
                                   "serve"};
    std::string token;
    {
        wp::test::ChildProcess first;
        first.start(serve, data + "/first.log");
        REQUIRE(wait_ready(port, 15s));
        auto team = make_team(port, "alpha");
        token = team.tokens["natalie"];
        REQUIRE(wp::test::http_request(port, "POST", "/api/v1/activities", R"({"metric":"calls","id":"keep-me"})", token)
                    .status == 201);

        auto [status, out] = run_wolfpack({"--data-dir", data, "--port", std::to_string(wp::test::free_port()), "serve"});
        CHECK(status != 0);
        CHECK(out.find("already uses data_dir") != std::string::npos);

        first.signal(SIGTERM);
        CHECK(first.wait(10s) == 0);
    }
    // A restart on the same data dir finds the activity (append-only file).
    wp::test::ChildProcess second;
    second.start(serve, data + "/second.log");
    REQUIRE(wait_ready(port, 15s));
    CHECK(count_of(leaderboard(port, token, "calls", "all"), "natalie") == 1);
    second.signal(SIGTERM);
    CHECK(second.wait(10s) == 0);
}
