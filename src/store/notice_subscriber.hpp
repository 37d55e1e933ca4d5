#pragma once
// Change notices of the teams this instance serves, by sharded pub/sub: each team's channel
// is SSUBSCRIBEd on the primary that owns the team's slot (standalone: the one server), only
// while the instance has someone of that team connected. When the slot moves (the node
// sends `sunsubscribe`, the topology changes, or SSUBSCRIBE answers MOVED), or the node's
// connection comes back, the channel is subscribed again where it lives now, and the team's
// topics are read afresh: what was published in between reached no one here.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "store/redis_client.hpp"
#include "store/redis_connection.hpp"

namespace wp::store {

class NoticeSubscriber {
public:
    using Handler = std::function<void(std::string_view team, std::string_view payload)>;
    // The team's channel is subscribed (again): gap = notices may have been missed since it
    // was last subscribed, so subscribers need fresh snapshots.
    using Live = std::function<void(const std::string& team, bool gap)>;

    NoticeSubscriber(asio::any_io_executor executor, RedisClient& client, Handler on_notice, Live on_live,
                     RedisTimeouts timeouts = {});
    ~NoticeSubscriber();
    void start();
    void stop();
    void want(const std::string& team);  // the instance's first connection of the team
    void drop(const std::string& team);  // its last one went
    // Every node connection in use answers (and none is wanted without one).
    bool healthy() const;
    std::size_t subscribed() const;  // channels confirmed by their node

private:
    enum class Op { subscribe, unsubscribe };
    struct Channel {
        std::string team;
        std::string link;  // the node it is (being) subscribed on; empty: nowhere yet
        bool confirmed = false;
        bool ever_confirmed = false;
    };
    struct Link {
        std::shared_ptr<RedisConnection> connection;
        std::deque<std::pair<Op, std::string>> pending;  // sent, not answered yet, in order
    };
    Link& link(const RedisEndpoint& endpoint);
    void place_unplaced();                 // subscribe every wanted channel that is nowhere
    void place(const std::string& channel, Channel& c);
    void unplace(Channel& c, bool send_unsubscribe);
    void on_push(const std::string& link, const RedisReply& reply);
    void on_link_state(const std::string& link, bool up);
    void on_topology();
    asio::awaitable<void> tick_loop();

    asio::any_io_executor executor_;
    RedisClient& client_;
    Handler on_notice_;
    Live on_live_;
    RedisTimeouts timeouts_;
    std::map<std::string, Channel> channels_;  // by channel name
    std::map<std::string, Link> links_;        // by endpoint
    asio::steady_timer tick_;
    bool stopping_ = false;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace wp::store
