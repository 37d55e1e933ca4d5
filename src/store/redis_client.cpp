#include "store/redis_client.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <set>

#include "store/backoff.hpp"
#include "store/nothrow.hpp"
#include "store/on_escape.hpp"
#include "store/redirect.hpp"
#include "store/redis_args.hpp"
#include "store/redis_errors.hpp"

namespace wp::store {

namespace {
constexpr std::chrono::milliseconds refresh_period{5000}, refresh_spacing{100};
// TRYAGAIN and CLUSTERDOWN: a slot being moved key by key is usually back within milliseconds.
constexpr std::chrono::milliseconds retry_min{10}, retry_max{200};

}  // namespace

std::string RedisTarget::describe() const {
    if (!cluster) return seeds.empty() ? std::string("(none)") : seeds.front().describe();
    std::string out = "cluster:";
    for (std::size_t i = 0; i < seeds.size(); ++i) out += (i ? "," : "") + seeds[i].host + ":" + std::to_string(seeds[i].port);
    return out;
}

domain::Result<RedisTarget> RedisTarget::parse_cluster(std::string_view text) {
    RedisTarget target;
    target.cluster = true;
    while (!text.empty()) {
        auto comma = text.find(',');
        auto seed = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
        while (!seed.empty() && seed.front() == ' ') seed.remove_prefix(1);
        while (!seed.empty() && seed.back() == ' ') seed.remove_suffix(1);
        if (seed.empty()) continue;
        auto address = NodeAddress::parse(seed);
        if (!address || address->host.empty())
            return domain::bad_request("redis.cluster: '" + std::string(seed) +
                                       "' is not host:port (seed nodes: host:port,host:port)");
        RedisEndpoint ep;
        ep.host = address->host;
        ep.port = address->port;
        target.seeds.push_back(std::move(ep));
    }
    if (target.seeds.empty()) return domain::bad_request("redis.cluster: at least one seed node host:port");
    return target;
}

RedisClient::RedisClient(asio::any_io_executor executor, RedisTarget target, RedisTimeouts timeouts)
    : executor_(executor), target_(std::move(target)), timeouts_(timeouts), refresh_wake_(executor), ready_waiters_(executor) {}

RedisClient::~RedisClient() {
    *alive_ = false;
    for (auto& [_, n] : nodes_) n.connection->stop();
}

RedisEndpoint RedisClient::endpoint_of(const NodeAddress& address) const {
    RedisEndpoint ep;
    ep.host = address.host;
    ep.port = address.port;
    if (!target_.seeds.empty()) ep.password = target_.seeds.front().password;
    return ep;
}

RedisClient::Node& RedisClient::node(const NodeAddress& address, bool seed) {
    auto key = address.text();
    auto [it, added] = nodes_.try_emplace(key);
    auto& n = it->second;
    n.seed = n.seed || seed;
    if (!added) return n;
    auto ep = target_.cluster ? endpoint_of(address) : target_.seeds.front();
    n.connection = std::make_shared<RedisConnection>(executor_, ep, target_.cluster ? "cmd " + key : "cmd", timeouts_);
    n.created = std::chrono::steady_clock::now();
    n.connection->preload(preload_);
    n.connection->on_state([this, alive = alive_, key](bool up) {
        if (!*alive) return;
        auto found = nodes_.find(key);
        if (found == nodes_.end()) return;
        ready_waiters_.changed();
        if (!up) {
            if (target_.cluster) refresh_soon();  // a failover may have moved its slots
            return;
        }
        if (found->second.seen_up && on_restored_) on_restored_();
        found->second.seen_up = true;
    });
    if (!stopping_) n.connection->start();
    return n;
}

void RedisClient::preload(std::vector<std::vector<std::string>> commands) {
    preload_ = std::move(commands);
    for (auto& [_, n] : nodes_) n.connection->preload(preload_);
}

void RedisClient::start() {
    stopping_ = false;
    if (!target_.cluster) {
        const auto& ep = target_.seeds.front();
        standalone_ = node(NodeAddress{ep.unix_path.empty() ? ep.host : ep.unix_path, ep.port}, true).connection;
        return;
    }
    for (const auto& seed : target_.seeds) node(NodeAddress{seed.host, seed.port}, true);
    asio::co_spawn(executor_, topology_loop(), on_escape("redis.topology"));
}

void RedisClient::stop() {
    stopping_ = true;
    refresh_wake_.cancel();
    for (auto& [_, n] : nodes_) n.connection->stop();
}

bool RedisClient::ready() const {
    if (!target_.cluster) return standalone_ && standalone_->up();
    std::vector<char> up;
    for (const auto& address : table_.nodes()) {
        auto it = nodes_.find(address.text());
        up.push_back(it != nodes_.end() && it->second.connection->up());
    }
    for (unsigned s = 0; s < slot_count; ++s) {
        auto owner = table_.owner(static_cast<std::uint16_t>(s));
        if (owner == SlotTable::none || !up[static_cast<std::size_t>(owner)]) return false;
    }
    return true;
}

asio::awaitable<bool> RedisClient::wait_ready(std::chrono::milliseconds within) {
    co_return co_await ready_waiters_.until([this] { return ready(); }, within);
}

std::shared_ptr<RedisConnection> RedisClient::connection_for(std::string_view key) {
    if (!target_.cluster) return standalone_;
    if (key.empty()) {
        for (auto& [_, n] : nodes_)
            if (n.connection->up()) return n.connection;
        return nodes_.empty() ? nullptr : nodes_.begin()->second.connection;
    }
    auto owner = table_.owner(key_slot(key));
    if (owner == SlotTable::none) return nullptr;
    return node(table_.nodes()[static_cast<std::size_t>(owner)]).connection;
}

std::optional<RedisEndpoint> RedisClient::endpoint_for(std::string_view key) const {
    if (!target_.cluster) return target_.seeds.front();
    auto owner = table_.owner(key_slot(key));
    if (owner == SlotTable::none) return std::nullopt;
    return endpoint_of(table_.nodes()[static_cast<std::size_t>(owner)]);
}

void RedisClient::note_moved(std::uint16_t slot, const NodeAddress& address) {
    auto owner = table_.owner(slot);
    bool changed = owner == SlotTable::none || !(table_.nodes()[static_cast<std::size_t>(owner)] == address);
    table_.move(slot, address);
    node(address);
    refresh_soon();
    if (changed && on_topology_) on_topology_();
}

void RedisClient::refresh_soon() {
    if (!target_.cluster || refresh_wanted_) return;
    refresh_wanted_ = true;
    refresh_wake_.cancel();
}

asio::awaitable<void> RedisClient::topology_loop() {
    auto alive = alive_;
    auto last = std::chrono::steady_clock::time_point{};
    auto started = std::chrono::steady_clock::now();
    bool warned = false;
    while (!stopping_) {
        auto due = last + (refresh_wanted_ ? refresh_spacing : refresh_period);
        if (std::chrono::steady_clock::now() >= due) {
            refresh_wanted_ = false;
            bool ok = co_await refresh();
            if (!*alive) co_return;
            last = std::chrono::steady_clock::now();
            if (!ok) {
                refresh_wanted_ = true;
                // The seeds are still connecting at first: say so only once that had time.
                if (!warned && last - started >= timeouts_.connect)
                    spdlog::warn("redis.topology_failed seeds={} cause=\"no node answered CLUSTER SHARDS\" "
                                 "retry=100ms fix=\"start the cluster, or correct redis.cluster\"",
                                 target_.describe());
                warned = warned || last - started >= timeouts_.connect;
            } else {
                warned = false;
            }
            continue;
        }
        refresh_wake_.expires_at(due);
        (void)co_await refresh_wake_.async_wait(nothrow);
        if (!*alive) co_return;
    }
}

asio::awaitable<bool> RedisClient::refresh() {
    auto alive = alive_;
    std::vector<std::shared_ptr<RedisConnection>> asked;
    for (int seeds_first = 1; seeds_first >= 0; --seeds_first)
        for (auto& [_, n] : nodes_)
            if (n.seed == (seeds_first == 1) && n.connection->up()) asked.push_back(n.connection);
    for (auto& connection : asked) {
        auto reply = co_await connection->command(args("CLUSTER", "SHARDS"));
        if (!*alive || stopping_) co_return false;
        if (!reply) continue;
        auto table = parse_cluster_shards(*reply);
        if (!table) {
            spdlog::warn("redis.topology_unreadable node={} cause=\"{}\"", connection->endpoint().describe(),
                         table.error().message);
            continue;
        }
        apply(std::move(*table));
        co_return true;
    }
    co_return false;
}

void RedisClient::apply(SlotTable table) {
    std::set<std::string> serving;
    bool changed = false;
    for (unsigned s = 0; s < slot_count; ++s) {
        auto slot = static_cast<std::uint16_t>(s);
        auto owner = table.owner(slot), before = table_.owner(slot);
        std::string now = owner == SlotTable::none ? "" : table.nodes()[static_cast<std::size_t>(owner)].text();
        std::string was = before == SlotTable::none ? "" : table_.nodes()[static_cast<std::size_t>(before)].text();
        if (now != was) changed = true;
        if (!now.empty()) serving.insert(now);
    }
    table_ = std::move(table);
    ready_waiters_.changed();
    for (const auto& address : table_.nodes())
        if (serving.contains(address.text())) node(address);
    for (auto it = nodes_.begin(); it != nodes_.end();) {
        if (!it->second.seed && !serving.contains(it->first)) {
            it->second.connection->stop();  // in-flight commands hold their own reference
            it = nodes_.erase(it);
        } else {
            ++it;
        }
    }
    if (!changed) return;
    spdlog::info("redis.topology primaries={} unserved_slots={}", serving.size(), table_.unserved());
    if (on_topology_) on_topology_();
}

asio::awaitable<domain::Result<RedisReply>> RedisClient::command(std::string key, std::vector<std::string> args) {
    RedisRequest request{std::move(key), std::move(args), std::nullopt, {}};
    co_return co_await run(std::move(request));
}

asio::awaitable<domain::Result<RedisReply>> RedisClient::run(RedisRequest request) {
    using std::chrono::duration_cast;
    using std::chrono::milliseconds;
    auto alive = alive_;
    auto started = std::chrono::steady_clock::now();
    auto give_up_at = started + timeouts_.command;
    RouteDecider decider;
    Backoff backoff(retry_min, retry_max);
    std::optional<NodeAddress> asking;
    asio::steady_timer wait(executor_);
    for (;;) {
        auto left = duration_cast<milliseconds>(give_up_at - std::chrono::steady_clock::now());
        auto connection = asking ? node(*asking).connection : connection_for(request.key);
        if (!connection) {
            refresh_soon();
            if (backoff.peek() >= left) co_return redis_unavailable("no node serves the slot of " + request.key);
            wait.expires_after(backoff.next());
            (void)co_await wait.async_wait(nothrow);
            if (!*alive) co_return redis_unavailable("stopped");
            continue;
        }
        if (!connection->up()) {
            // A node just learnt of (a MOVED, a new topology) is still making its first connect:
            // give it that long. One that was lost answers `unavailable` at once.
            auto found = nodes_.find(connection->endpoint().host + ":" + std::to_string(connection->endpoint().port));
            bool fresh = target_.cluster && found != nodes_.end() && !found->second.seen_up &&
                         std::chrono::steady_clock::now() - found->second.created < timeouts_.connect;
            if (!fresh || !co_await connection->wait_up(std::min(left, timeouts_.connect))) {
                if (!*alive) co_return redis_unavailable("stopped");
                refresh_soon();
                co_return redis_unavailable(connection->last_error().empty() ? "not connected" : connection->last_error());
            }
        }
        auto argv = request.args;  // kept for a resend
        if (request.deadline_arg) argv[*request.deadline_arg] = std::to_string(connection->redis_time_ms(request.deadline));
        domain::Result<RedisReply> reply = redis_unavailable("not sent");
        if (asking) {
            std::vector<std::vector<std::string>> both;
            both.push_back(args("ASKING"));
            both.push_back(std::move(argv));
            auto replies = co_await connection->pipeline(std::move(both));
            if (!replies) reply = replies.error();
            else reply = std::move(replies->back());
        } else {
            reply = co_await connection->command(std::move(argv));
        }
        if (!*alive) co_return redis_unavailable("stopped");
        if (!reply) co_return reply;
        if (!target_.cluster) {
            round_trips_.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
            co_return reply;
        }
        left = duration_cast<milliseconds>(give_up_at - std::chrono::steady_clock::now());
        auto step = decider.decide(*reply, left, backoff.peek());
        using K = RouteDecider::Step::Kind;
        if (step.refresh_topology) refresh_soon();
        switch (step.kind) {
            case K::done:
                round_trips_.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
                co_return reply;
            case K::resend:
                asking.reset();
                note_moved(key_slot(request.key), step.node);
                break;
            case K::resend_asking:
                asking = step.node;
                break;
            case K::wait_and_resend:
                asking.reset();
                wait.expires_after(backoff.next());
                (void)co_await wait.async_wait(nothrow);
                if (!*alive) co_return redis_unavailable("stopped");
                break;
            case K::give_up:
                co_return redis_unavailable(step.why);
        }
    }
}

}  // namespace wp::store
