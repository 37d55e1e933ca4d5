#pragma once
// One WebSocket connection of an authenticated rep, on its bare socket: it reads every frame
// into its loop's one buffer (net/ws_frames.hpp), hands requests to the API on the home loop one
// at a time, and writes replies and hub frames straight to the socket (a header on the stack,
// the shared payload, one sendmsg), queueing in a bounded outbox only what the socket does not
// take at once. Pings and the silence check come from the loop's SessionSweep.
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "api/api.hpp"
#include "live/hub.hpp"
#include "net/connection_limits.hpp"
#include "net/options.hpp"
#include "net/outbox.hpp"
#include "net/rate_limiter.hpp"
#include "net/session_sweep.hpp"
#include "net/ws_frames.hpp"

namespace wp::net {

namespace asio = boost::asio;

struct NetCounters;

class WsSession final : public live::Subscriber,
                        public SessionSweep::Swept,
                        public std::enable_shared_from_this<WsSession> {
public:
    using Socket = asio::ip::tcp::socket;
    WsSession(Socket socket, domain::Rep rep, std::string session, api::Api& api, live::Hub& hub,
              asio::any_io_executor home, const NetOptions& options, NetCounters& counters,
              ConnectionLimits::Slot slot, ConnectionLimits::Slot descriptor, SessionSweep& sweep);
    ~WsSession() override;

    // On executor(), once the 101 is written: the welcome, then reading. `checked_at`: the hub's
    // sign_in_epoch() from before the token was checked (live::Hub::attach).
    void start(live::Frame welcome, std::uint64_t checked_at);
    // Server stopping: close with 1001 (call on executor()). `drained` is held until the
    // session has ended: the server learns that all have when the last holder lets go.
    void shutdown(std::shared_ptr<void> drained);

    using live::Subscriber::deliver;
    void deliver(live::Frame frame, live::Topical of) override;
    void close(std::string_view reason) override;
    asio::any_io_executor executor() const override { return executor_; }
    const std::string& team() const override { return rep_.team; }
    const std::string& rep() const override { return rep_.id; }
    const std::string& session() const override { return session_; }
    domain::Role role() const override { return rep_.role; }
    void tick(SessionSweep::Clock::time_point now) override;

private:
    // Reads once the socket is readable, never while a request is with the API: one at a time,
    // in order, and a flooding client waits in its own socket buffer, not in ours.
    void wait_readable();
    void on_readable();
    void on_event(ws::FrameReader::Event& ev);
    void on_message(std::string text);
    void answer_next();
    void answered(api::WsReply reply);
    void queue(live::Frame frame, ws::Opcode op, live::Topical of = {});
    // Writes what the socket takes now; the rest waits for it to become writable.
    void flush();
    void close_with(std::uint16_t code, std::string_view reason);
    void end();  // the connection is over: left the hub, socket closed, counted
    // A display's connection reports itself alive, for the console's last-seen time.
    void report_seen(bool closing);

    Socket socket_;
    asio::any_io_executor executor_;
    domain::Rep rep_;
    std::string session_;  // which of the rep's sign-ins: signing out of one device closes only its sockets
    api::Api& api_;
    live::Hub& hub_;
    asio::any_io_executor home_;
    const NetOptions& options_;
    NetCounters& counters_;
    SessionSweep& sweep_;
    Outbox outbox_;
    ws::FrameReader reader_;
    RateLimiter limiter_;
    std::vector<std::string> inbox_;  // requests read, not yet handed to the API
    // The topics subscribed (by hash: a few bytes each), at most options_.max_subscriptions.
    std::vector<std::size_t> topics_;
    SessionSweep::Clock::time_point last_heard_, next_ping_, closing_since_;
    std::uint64_t conn_ = 0;
    int strikes_ = 0;  // rate-limited messages in a row
    bool reading_ = false;     // a wait for readable is pending
    bool answering_ = false;   // a request is with the API
    bool write_waiting_ = false;
    bool closing_ = false;     // our close frame is queued
    bool close_received_ = false;
    bool ended_ = false;
    std::shared_ptr<void> drained_;  // see shutdown()
    ConnectionLimits::Slot slot_;        // this connection's place under the WebSocket caps, for its life
    ConnectionLimits::Slot descriptor_;  // ... and under the process's descriptor budget
};

}  // namespace wp::net
