#pragma once
// What the store tests share: one redis-server per test binary (flushed by each case's fixture),
// a Store on a fresh connection to it, and a demo team and activities to log.
#include <doctest/doctest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <nlohmann/json.hpp>

#include "store/keys.hpp"
#include "store/redis_args.hpp"
#include "store/store.hpp"
#include "support/processes.hpp"

namespace wp::store_test {
namespace asio = boost::asio;
using namespace std::chrono_literals;

inline wp::test::RedisServer& redis() {
    static wp::test::RedisServer server;  // one per test binary, flushed by each fixture
    return server;
}

// Runs `body(store)` to completion on a fresh connection to the test Redis.
template <class Body>
void with_store(Body body, store::StoreOptions options = {}) {
    asio::io_context io(1);
    auto endpoint = store::RedisEndpoint::parse(redis().url());
    REQUIRE(endpoint);
    store::RedisTimeouts timeouts;
    timeouts.command = 1000ms;
    store::RedisConnection connection(io.get_executor(), *endpoint, "test", timeouts);
    store::Store store(connection, options);
    connection.start();
    std::exception_ptr failure;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        { auto awaited = co_await connection.wait_up(3s); REQUIRE(awaited); }
        co_await body(store);
        connection.stop();
    }, [&](std::exception_ptr e) { failure = e; io.stop(); });
    io.run();
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
