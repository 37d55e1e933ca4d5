#pragma once
// The store tests' fixture: one redis-server per test binary on a free port, flushed per case,
// and a Store on a fresh client to it.
#include <doctest/doctest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>

#include <nlohmann/json.hpp>

#include "store/keys.hpp"
#include "store/notice_subscriber.hpp"
#include "store/redis_args.hpp"
#include "store/store.hpp"
#include "support/processes.hpp"

namespace wp::store_test {

namespace asio = boost::asio;
using namespace wp;
using namespace std::chrono_literals;

inline wp::test::RedisServer& redis() {
    static wp::test::RedisServer server;  // one per test binary, flushed by each fixture
    return server;
}

// The current case's client: what a test sends beside the store (the store itself is the only
// door for the server's code, its command() is private).
inline store::RedisClient*& current_client() {
    static store::RedisClient* client = nullptr;
    return client;
}
// A command routed by its key (args[1]); Redis error replies come back as replies.
inline asio::awaitable<domain::Result<store::RedisReply>> raw_command(std::vector<std::string> args) {
    REQUIRE(current_client());
    auto key = args.size() > 1 ? args[1] : std::string();
    co_return co_await current_client()->command(std::move(key), std::move(args));
}

// Runs `body(store)` to completion on a fresh connection to the test Redis.
template <class Body>
void with_store(Body body, store::StoreOptions options = {}) {
    options.check_declared_keys = true;
    asio::io_context io(1);
    auto endpoint = store::RedisEndpoint::parse(redis().url());
    REQUIRE(endpoint);
    store::RedisTimeouts timeouts;
    timeouts.command = 1000ms;
    store::RedisClient connection(io.get_executor(), store::RedisTarget::standalone(*endpoint), timeouts);
    store::Store store(connection, options);
    current_client() = &connection;
    connection.start();
    std::exception_ptr failure;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        { auto awaited = co_await connection.wait_ready(3s); REQUIRE(awaited); }
        co_await body(store);
        connection.stop();
    }, [&](std::exception_ptr e) { failure = e; io.stop(); });
    io.run();
    current_client() = nullptr;
    if (failure) std::rethrow_exception(failure);
}

inline domain::Team demo_team(std::string id = "wolves", std::string tz = "Europe/London") {
    auto team = domain::make_team(std::move(id), "The Wolves", std::move(tz), domain::WeekStart::monday, {});
    REQUIRE(team);
    return *team;
}

inline domain::Activity activity(std::string rep, std::string id, int delta, domain::TimePoint at,
                          std::string metric = "calls") {
    return {std::move(rep), std::move(metric), std::move(id), delta, at};
}

inline const std::vector<std::string>& names() {
    static const std::vector<std::string> ids{"natalie", "jake", "priya"};
    return ids;
}

using Counts = std::array<std::int64_t, 5>;
inline Counts counts_of(std::int64_t n) { return {n, n, n, n, n}; }

struct Fresh {
    Fresh() { redis().flushall(); }
};

}  // namespace wp::store_test
