#pragma once
// The listener and HTTP sessions: static web/, health, the REST API and WebSocket upgrades.
// One io_context per core; a connection never changes loop. Loop 0 ("home") owns Redis,
// the hub and the API handlers; sessions reach them with co_spawn(home, ...).
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "api/api.hpp"
#include "live/hub.hpp"
#include "net/options.hpp"

namespace wp::net {

namespace asio = boost::asio;

struct NetCounters {
    std::atomic<std::uint64_t> http_requests{0};
    std::atomic<std::int64_t> http_connections{0};  // open now, not upgraded
    std::atomic<std::uint64_t> http_refused{0};     // at accept, by a cap
    std::atomic<std::uint64_t> http_evicted{0};     // closed while waiting, to make room
    std::atomic<std::uint64_t> accept_failed{0};
    std::atomic<std::uint64_t> ws_connections{0};  // open now
    std::atomic<std::uint64_t> ws_messages_in{0};
    std::atomic<std::uint64_t> ws_frames_out{0};
    std::atomic<std::uint64_t> slow_consumers_dropped{0};
    std::atomic<std::uint64_t> rate_limited{0};
    std::atomic<std::uint64_t> ws_refused{0};  // upgrades refused by a cap or the origin check
};

class Server {
public:
    // ready: is the store usable (for /readyz); called on the home loop.
    Server(std::vector<asio::io_context*> loops, api::Api& api, live::Hub& hub, NetOptions options,
           std::function<bool()> ready);
    ~Server();

    // Binds now (so a taken port fails the start with a clear message), accepts from run().
    void listen();
    void start();
    // Stops accepting; open WebSockets get 1001. `closed` is called (on any loop) once every
    // one has ended.
    void stop(std::function<void()> closed = {});
    std::uint16_t port() const;
    NetCounters& counters() { return counters_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    NetCounters counters_;
};

}  // namespace wp::net
