#pragma once
// One WebSocket connection of an authenticated rep: reads requests, hands them to the API on
// the home loop, and writes replies and hub frames through a bounded outbox.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <memory>
#include <string>
#include <vector>

#include "api/api.hpp"
#include "live/hub.hpp"
#include "net/connection_limits.hpp"
#include "net/options.hpp"
#include "net/outbox.hpp"
#include "net/rate_limiter.hpp"

namespace wp::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

using Nothrow = asio::as_tuple_t<asio::use_awaitable_t<>>;
using TcpStream = Nothrow::as_default_on_t<beast::tcp_stream>;
using WsStream = websocket::stream<TcpStream>;

struct NetCounters;

class WsSession final : public live::Subscriber, public std::enable_shared_from_this<WsSession> {
public:
    WsSession(TcpStream stream, domain::Rep rep, std::string session, live::Frame welcome, api::Api& api, live::Hub& hub,
              asio::any_io_executor home, const NetOptions& options, NetCounters& counters,
              ConnectionLimits::Slot slot, ConnectionLimits::Slot descriptor);
    ~WsSession() override;

    asio::awaitable<void> run(http::request<http::string_body> upgrade);
    void shutdown();  // server stopping: close with 1001 (call on executor())

    void deliver(live::Frame frame) override;
    void close(std::string_view reason) override;
    asio::any_io_executor executor() const override { return executor_; }
    const std::string& team() const override { return rep_.team; }
    const std::string& rep() const override { return rep_.id; }
    const std::string& session() const override { return session_; }

private:
    // One write in flight; its completion starts the next. A callback chain rather than a
    // coroutine parked on a timer: with 10,000 subscribers per update, waking and resuming a
    // writer for every frame cost about as much CPU as Beast's write itself.
    void write_next();
    void wrote(beast::error_code ec, bool counted);
    // Pings every options.ws_ping and closes a peer silent for options.ws_idle (no message,
    // pong or other frame). Beast's own idle timer cannot do both: it pings and drops on
    // one period (idle/2), so it would close after idle/2..idle of silence.
    asio::awaitable<void> keepalive_loop();
    void close_with(websocket::close_code code, std::string_view reason);
    // A display's connection reports itself alive, for the console's last-seen time.
    void report_seen(bool closing);

    WsStream ws_;
    asio::any_io_executor executor_;
    domain::Rep rep_;
    std::string session_;  // which of the rep's sign-ins: signing out of one device closes only its sockets
    live::Frame welcome_;
    api::Api& api_;
    live::Hub& hub_;
    asio::any_io_executor home_;
    const NetOptions& options_;
    NetCounters& counters_;
    Outbox outbox_;
    RateLimiter limiter_;
    int strikes_ = 0;  // rate-limited messages in a row
    // The topics subscribed (by hash: a few bytes each), at most options_.max_subscriptions.
    std::vector<std::size_t> topics_;
    std::chrono::steady_clock::time_point last_heard_;
    asio::steady_timer keepalive_;
    std::uint64_t conn_ = 0;
    std::optional<websocket::close_reason> closing_;
    bool writing_ = false;
    bool close_sent_ = false;
    ConnectionLimits::Slot slot_;        // this connection's place under the WebSocket caps, for its life
    ConnectionLimits::Slot descriptor_;  // ... and under the process's descriptor budget
};

}  // namespace wp::net
