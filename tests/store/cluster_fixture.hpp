#pragma once
// The store against a real 3-primary Redis Cluster (one per test binary, flushed per case):
// a RedisClient and Store on an io thread of their own, so the test thread can move slots
// while the store runs.
#include <doctest/doctest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <future>
#include <thread>

#include "store/slot.hpp"
#include "store/store.hpp"
#include "support/redis_cluster.hpp"

namespace wp::cluster_test {

namespace asio = boost::asio;
using namespace std::chrono_literals;

inline test::RedisCluster& cluster() {
    static test::RedisCluster c(3);
    return c;
}

// A team id whose slot the given node serves (and that no other call returned).
inline std::string team_on(int node, const std::string& prefix = "t") {
    static int next = 0;
    for (;; ++next) {
        auto id = prefix + std::to_string(next);
        if (cluster().owner(store::key_slot("{t:" + id + "}")) == node) {
            ++next;
            return id;
        }
    }
}

class ClusterStore {
public:
    explicit ClusterStore(store::RedisTimeouts timeouts = {})
        : client_(io_.get_executor(), *store::RedisTarget::parse_cluster(cluster().seeds()), timeouts),
          store_(client_, checked()) {
        asio::post(io_, [this] { client_.start(); });
        thread_ = std::thread([this] {
            auto guard = asio::make_work_guard(io_);
            io_.run();
        });
        REQUIRE(run([this]() -> asio::awaitable<bool> { co_return co_await client_.wait_ready(10s); }));
    }
    ~ClusterStore() {
        asio::post(io_, [this] {
            client_.stop();
            io_.stop();
        });
        thread_.join();
    }
    // Runs a coroutine on the store's thread and waits for its value.
    template <class F>
    auto run(F make) -> typename decltype(make())::value_type {
        using T = typename decltype(make())::value_type;
        std::promise<T> done;
        asio::co_spawn(io_, make(), [&done](std::exception_ptr e, T value) {
            if (e) done.set_exception(e);
            else done.set_value(std::move(value));
        });
        return done.get_future().get();
    }
    store::Store& store() { return store_; }
    store::RedisClient& client() { return client_; }
    asio::io_context& io() { return io_; }

private:
    static store::StoreOptions checked() {
        store::StoreOptions o;
        o.check_declared_keys = true;
        return o;
    }
    asio::io_context io_{1};
    store::RedisClient client_;
    store::Store store_;
    std::thread thread_;
};

struct FreshCluster {
    FreshCluster() { cluster().flushall(); }
};

}  // namespace wp::cluster_test
