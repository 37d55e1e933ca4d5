#include "store/notice_subscriber.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "store/keys.hpp"
#include "store/nothrow.hpp"
#include "store/on_escape.hpp"
#include "store/redirect.hpp"
#include "store/redis_args.hpp"

namespace wp::store {

namespace {
constexpr std::chrono::milliseconds retry_every{500};

bool is_push(const RedisReply& r, std::string_view kind, std::size_t min_elements) {
    return r.kind == RedisReply::Kind::array && r.elements.size() >= min_elements && r.elements[0].str == kind;
}
}  // namespace

NoticeSubscriber::NoticeSubscriber(asio::any_io_executor executor, RedisClient& client, Handler on_notice,
                                   Live on_live, RedisTimeouts timeouts)
    : executor_(executor), client_(client), on_notice_(std::move(on_notice)), on_live_(std::move(on_live)),
      timeouts_(timeouts), tick_(executor) {}

NoticeSubscriber::~NoticeSubscriber() {
    *alive_ = false;
    for (auto& [_, l] : links_) l.connection->stop();
}

void NoticeSubscriber::start() {
    stopping_ = false;
    client_.on_topology([this, alive = alive_] {
        if (*alive) on_topology();
    });
    asio::co_spawn(executor_, tick_loop(), on_escape("pubsub.tick"));
}

void NoticeSubscriber::stop() {
    stopping_ = true;
    tick_.cancel();
    for (auto& [_, l] : links_) l.connection->stop();
}

NoticeSubscriber::Link& NoticeSubscriber::link(const RedisEndpoint& endpoint) {
    auto key = endpoint.describe();
    auto [it, added] = links_.try_emplace(key);
    if (!added) return it->second;
    auto name = client_.cluster() ? "pubsub " + endpoint.host + ":" + std::to_string(endpoint.port) : std::string("pubsub");
    auto connection = std::make_shared<RedisConnection>(executor_, endpoint, name, timeouts_, RedisConnection::Mode::push);
    connection->on_push([this, alive = alive_, key](const RedisReply& reply) {
        if (*alive) on_push(key, reply);
    });
    connection->on_state([this, alive = alive_, key](bool up) {
        if (*alive) on_link_state(key, up);
    });
    it->second.connection = std::move(connection);
    if (!stopping_) it->second.connection->start();
    return it->second;
}

void NoticeSubscriber::want(const std::string& team) {
    auto channel = keys::changes(team);
    auto [it, added] = channels_.try_emplace(channel);
    if (!added) return;
    it->second.team = team;
    place(channel, it->second);
}

void NoticeSubscriber::drop(const std::string& team) {
    auto it = channels_.find(keys::changes(team));
    if (it == channels_.end()) return;
    unplace(it->second, true);
    channels_.erase(it);
}

void NoticeSubscriber::place(const std::string& channel, Channel& c) {
    auto endpoint = client_.endpoint_for(channel);
    if (!endpoint) {  // nobody serves the slot right now: the tick tries again
        client_.refresh_soon();
        return;
    }
    auto& l = link(*endpoint);
    c.link = endpoint->describe();
    c.confirmed = false;
    if (!l.connection->up()) return;  // subscribed once the link is up
    l.connection->send(args("SSUBSCRIBE", channel));
    l.pending.emplace_back(Op::subscribe, channel);
}

void NoticeSubscriber::unplace(Channel& c, bool send_unsubscribe) {
    if (c.link.empty()) return;
    auto it = links_.find(c.link);
    if (send_unsubscribe && it != links_.end() && it->second.connection->up()) {
        auto channel = keys::changes(c.team);
        it->second.connection->send(args("SUNSUBSCRIBE", channel));
        it->second.pending.emplace_back(Op::unsubscribe, channel);
    }
    c.link.clear();
    c.confirmed = false;
}

void NoticeSubscriber::place_unplaced() {
    for (auto& [channel, c] : channels_)
        if (c.link.empty()) place(channel, c);
}

void NoticeSubscriber::on_link_state(const std::string& key, bool up) {
    auto l = links_.find(key);
    if (l == links_.end()) return;
    l->second.pending.clear();  // a new session: nothing of the old one will be answered
    for (auto& [channel, c] : channels_) {
        if (c.link != key) continue;
        c.confirmed = false;
        if (!up) continue;
        l->second.connection->send(args("SSUBSCRIBE", channel));
        l->second.pending.emplace_back(Op::subscribe, channel);
    }
    if (!up && client_.cluster()) client_.refresh_soon();  // a failover may have moved its slots
}

void NoticeSubscriber::on_push(const std::string& key, const RedisReply& reply) {
    auto l = links_.find(key);
    if (l == links_.end()) return;
    auto& pending = l->second.pending;
    if (is_push(reply, "smessage", 3)) {
        auto team = keys::team_of_channel(reply.elements[1].str);
        if (!team.empty() && on_notice_) on_notice_(team, reply.elements[2].str);
        return;
    }
    bool subscribed = is_push(reply, "ssubscribe", 2), unsubscribed = is_push(reply, "sunsubscribe", 2);
    if (subscribed || unsubscribed) {
        const auto& channel = reply.elements[1].str;
        auto op = subscribed ? Op::subscribe : Op::unsubscribe;
        bool answer = !pending.empty() && pending.front().first == op && pending.front().second == channel;
        if (answer) pending.pop_front();
        auto it = channels_.find(channel);
        if (it == channels_.end() || it->second.link != key) return;
        auto& c = it->second;
        if (subscribed) {
            if (c.confirmed) return;
            bool gap = c.ever_confirmed;
            c.confirmed = c.ever_confirmed = true;
            spdlog::info("pubsub.subscribed team={} link={} gap={}", c.team, key, gap);
            if (on_live_) on_live_(c.team, gap);
        } else if (!answer) {
            // Not ours: the node no longer serves the channel's slot. Subscribe where it lives now.
            spdlog::info("pubsub.slot_moved team={} from={}", c.team, key);
            c.link.clear();
            c.confirmed = false;
            client_.refresh_soon();
            place(channel, c);
        }
        return;
    }
    if (!reply.is_error()) return;  // PING's pong
    if (pending.empty()) {
        spdlog::warn("pubsub.unexpected_error link={} error=\"{}\"", key, reply.str);
        return;
    }
    auto [op, channel] = pending.front();
    pending.pop_front();
    auto it = channels_.find(channel);
    if (op != Op::subscribe || it == channels_.end() || it->second.link != key) return;
    auto& c = it->second;
    c.link.clear();
    c.confirmed = false;
    auto redirect = parse_redirect(reply);
    if (redirect.kind == Redirect::Kind::moved) {
        client_.note_moved(redirect.slot, redirect.node);  // may place it through on_topology
        if (c.link.empty()) place(channel, c);
        return;
    }
    // TRYAGAIN, CLUSTERDOWN or worse: the tick tries again.
    spdlog::warn("pubsub.subscribe_failed team={} link={} error=\"{}\" retry_ms={}", c.team, key, reply.str,
                 retry_every.count());
}

void NoticeSubscriber::on_topology() {
    for (auto& [channel, c] : channels_) {
        auto endpoint = client_.endpoint_for(channel);
        if (!endpoint) continue;
        if (c.link == endpoint->describe()) continue;
        unplace(c, true);
        place(channel, c);
    }
}

asio::awaitable<void> NoticeSubscriber::tick_loop() {
    auto alive = alive_;
    while (!stopping_) {
        tick_.expires_after(retry_every);
        (void)co_await tick_.async_wait(nothrow);
        if (!*alive || stopping_) co_return;
        place_unplaced();
        // Links no channel uses any more (a node that left, teams that went quiet).
        for (auto it = links_.begin(); it != links_.end();) {
            bool used = it->second.pending.size() > 0;
            for (const auto& [_, c] : channels_) used = used || c.link == it->first;
            if (used) {
                ++it;
                continue;
            }
            it->second.connection->stop();
            it = links_.erase(it);
        }
    }
}

bool NoticeSubscriber::healthy() const {
    for (const auto& [_, c] : channels_) {
        if (c.link.empty()) return false;
        auto it = links_.find(c.link);
        if (it == links_.end() || !it->second.connection->up()) return false;
    }
    return true;
}

std::size_t NoticeSubscriber::subscribed() const {
    std::size_t n = 0;
    for (const auto& [_, c] : channels_) n += c.confirmed;
    return n;
}

}  // namespace wp::store
