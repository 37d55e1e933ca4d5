#pragma once
// The one way to Redis: a standalone server, or a Redis Cluster routed here (Debian 12 has no
// cluster-capable C or C++ client). In a cluster each command goes to the primary serving its
// key's slot, over one connection per primary; the slot table comes from CLUSTER SHARDS,
// refreshed on MOVED and every few seconds. MOVED updates the table and resends, ASK sends
// ASKING and the command together to the importing node, TRYAGAIN and CLUSTERDOWN back off
// within the command timeout; a node that is down answers `unavailable` at once.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/histogram.hpp"
#include "domain/result.hpp"
#include "store/cluster_topology.hpp"
#include "store/redis_connection.hpp"

namespace wp::store {

// Where Redis is: one endpoint (standalone), or a cluster's seed nodes.
struct RedisTarget {
    std::vector<RedisEndpoint> seeds;
    bool cluster = false;
    std::string describe() const;
    static RedisTarget standalone(RedisEndpoint endpoint) { return {{std::move(endpoint)}, false}; }
    // "host:port,host:port" (redis.cluster).
    static domain::Result<RedisTarget> parse_cluster(std::string_view seeds);
};

struct RedisRequest {
    std::string key;  // routes the command to its slot's primary; empty: any node
    std::vector<std::string> args;
    // args[*deadline_arg] is replaced by `deadline` on the clock of the node that runs it.
    std::optional<std::size_t> deadline_arg;
    std::chrono::system_clock::time_point deadline{};
};

class RedisClient {
public:
    RedisClient(asio::any_io_executor executor, RedisTarget target, RedisTimeouts timeouts = {});
    ~RedisClient();
    RedisClient(const RedisClient&) = delete;
    RedisClient& operator=(const RedisClient&) = delete;

    void start();
    void stop();
    // Every one of the 16,384 slots is served by a primary whose connection answers (for a
    // standalone server: it answers).
    bool ready() const;
    asio::awaitable<bool> wait_ready(std::chrono::milliseconds within);

    // Await on the executor. Redis error replies come back as replies of kind error.
    asio::awaitable<domain::Result<RedisReply>> run(RedisRequest request);
    asio::awaitable<domain::Result<RedisReply>> command(std::string key, std::vector<std::string> args);

    // For sharded pub/sub: the node serving a key now (its endpoint), and news of changes.
    std::optional<RedisEndpoint> endpoint_for(std::string_view key) const;
    void on_topology(std::function<void()> handler) { on_topology_ = std::move(handler); }
    // A node came back after being lost: what was published meanwhile is gone.
    void on_restored(std::function<void()> handler) { on_restored_ = std::move(handler); }
    // Sent by every node's connection in each of its handshakes (RedisConnection::preload): the
    // nodes known now and those found later.
    void preload(std::vector<std::vector<std::string>> commands);
    void note_moved(std::uint16_t slot, const NodeAddress& node);
    void refresh_soon();

    bool cluster() const { return target_.cluster; }
    const RedisTarget& target() const { return target_; }
    const RedisTimeouts& timeouts() const { return timeouts_; }
    asio::any_io_executor executor() const { return executor_; }
    const domain::Histogram& round_trips() const { return round_trips_; }

private:
    struct Node {
        std::shared_ptr<RedisConnection> connection;
        std::chrono::steady_clock::time_point created;
        bool seed = false;
        bool seen_up = false;
    };
    Node& node(const NodeAddress& address, bool seed = false);
    // The node serving `key` now, or nullptr (cluster: a slot nobody serves).
    std::shared_ptr<RedisConnection> connection_for(std::string_view key);
    asio::awaitable<void> topology_loop();
    asio::awaitable<bool> refresh();
    void apply(SlotTable table);
    RedisEndpoint endpoint_of(const NodeAddress& address) const;

    asio::any_io_executor executor_;
    RedisTarget target_;
    RedisTimeouts timeouts_;
    std::map<std::string, Node> nodes_;  // by "host:port" (standalone: its one endpoint)
    std::shared_ptr<RedisConnection> standalone_;
    SlotTable table_;
    asio::steady_timer refresh_wake_;
    StateWaiters ready_waiters_;  // wait_ready's, told whenever a node goes up or down or the table changes
    bool refresh_wanted_ = true;
    bool stopping_ = false;
    std::vector<std::vector<std::string>> preload_;
    std::function<void()> on_topology_;
    std::function<void()> on_restored_;
    domain::Histogram round_trips_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace wp::store
