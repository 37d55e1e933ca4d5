#pragma once
// What a cluster node's answer asks of the client, decided without a socket: MOVED (the
// slot lives elsewhere now: update the table, resend), ASK (this one command goes to the
// importing node, after ASKING), TRYAGAIN and CLUSTERDOWN (wait a little, then resend, all
// within the command timeout), or done.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "store/cluster_topology.hpp"
#include "store/redis_reply.hpp"

namespace wp::store {

struct Redirect {
    enum class Kind { none, moved, ask, try_again, cluster_down };
    Kind kind = Kind::none;
    std::uint16_t slot = 0;
    NodeAddress node;  // moved and ask
};

// An error reply's redirect, if it is one ("MOVED 3999 127.0.0.1:6381", "ASK ...",
// "TRYAGAIN ...", "CLUSTERDOWN ..."). Anything else is Kind::none.
Redirect parse_redirect(const RedisReply& reply);

struct RouteLimits {
    int max_redirects = 5;  // MOVED and ASK hops for one command
};

// One routed command's progress, fed each answer in turn.
class RouteDecider {
public:
    struct Step {
        enum class Kind { done, resend, resend_asking, wait_and_resend, give_up };
        Kind kind = Kind::done;
        NodeAddress node;                      // resend, resend_asking: where
        std::chrono::milliseconds wait{0};     // wait_and_resend
        bool refresh_topology = false;         // MOVED or CLUSTERDOWN: the table is stale
        std::string why;                       // give_up: for the `unavailable` message
    };
    // left: how much of the command timeout remains; backoff: the wait a retry would take.
    Step decide(const RedisReply& reply, std::chrono::milliseconds left, std::chrono::milliseconds backoff);
    int redirects() const { return redirects_; }

private:
    RouteLimits limits_;
    int redirects_ = 0;
};

}  // namespace wp::store
