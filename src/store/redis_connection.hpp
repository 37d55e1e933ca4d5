#pragma once
// One connection to one Redis node: Asio sockets (TCP or Unix), RESP2 through hiredis's
// reader, and the life cycle of ConnectionFsm (connect -> handshake -> serve -> fail pending
// -> back off). Commands are pipelined: each waits for its own reply with a timeout (Redis
// has none), and answers `unavailable` at once while the node is down.
//
// A push connection (sharded pub/sub) hands every reply after the handshake to its push
// handler instead; it has its own liveness check (PING), since a stopped Redis keeps its
// sockets open.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "store/clock_offset.hpp"
#include "store/connection_fsm.hpp"
#include "store/redis_endpoint.hpp"
#include "store/redis_reply.hpp"
#include "store/resp.hpp"
#include "store/socket_connect.hpp"
#include "store/state_waiters.hpp"

namespace wp::store {

namespace asio = boost::asio;

struct RedisTimeouts {
    std::chrono::milliseconds connect{2000};
    std::chrono::milliseconds command{3000};
    std::chrono::milliseconds health_interval{1000};  // TIME (commands) or PING (push) period
    std::chrono::milliseconds backoff_min{100};
    std::chrono::milliseconds backoff_max{2000};
};

class RedisConnection {
public:
    enum class Mode { commands, push };
    using PushHandler = std::function<void(const RedisReply&)>;
    using StateHandler = std::function<void(bool up)>;

    // name: for logs ("cmd 127.0.0.1:7001", "pubsub ...").
    RedisConnection(asio::any_io_executor executor, RedisEndpoint endpoint, std::string name,
                    RedisTimeouts timeouts = {}, Mode mode = Mode::commands);
    ~RedisConnection();
    RedisConnection(const RedisConnection&) = delete;
    RedisConnection& operator=(const RedisConnection&) = delete;

    void on_push(PushHandler handler) { on_push_ = std::move(handler); }
    // Called on the executor when the connection becomes usable (true) or is lost (false).
    void on_state(StateHandler handler) { on_state_ = std::move(handler); }
    // Commands sent in every handshake of a commands connection, before it counts as up: the
    // store's SCRIPT LOADs, so that no EVALSHA meets the empty script cache of a Redis that
    // (re)started. An error answer is logged, not fatal. Takes effect from the next handshake.
    void preload(std::vector<std::vector<std::string>> commands) { preload_ = std::move(commands); }

    void start();  // connects and keeps reconnecting until stop()
    void stop();
    bool up() const { return fsm_.serving(); }
    // Resolves once the connection is up or `within` passes; true when up.
    asio::awaitable<bool> wait_up(std::chrono::milliseconds within);

    // Must be awaited on this connection's executor. Redis errors come back as RedisReply of
    // kind error; a lost or absent connection, or no answer in time, as Errc::unavailable.
    asio::awaitable<domain::Result<RedisReply>> command(std::vector<std::string> args);
    // Commands written together, in order, nothing of another caller between them (ASKING and
    // the command it applies to). The replies, in order.
    asio::awaitable<domain::Result<std::vector<RedisReply>>> pipeline(std::vector<std::vector<std::string>> commands);
    // Push connections: writes a command whose answer arrives through the push handler.
    void send(const std::vector<std::string>& args);

    const RedisEndpoint& endpoint() const { return endpoint_; }
    const RedisTimeouts& timeouts() const { return timeouts_; }
    const std::string& name() const { return name_; }
    const std::string& last_error() const { return last_error_; }
    // `at` (our clock) on this node's clock, in ms since the epoch: for a script that must
    // not run once the server has given up on it. The offset is measured with TIME on every
    // connect and health check (to within half a round trip).
    std::int64_t redis_time_ms(std::chrono::system_clock::time_point at) const { return clock_.redis_ms(at); }

private:
    struct Waiter;
    asio::awaitable<void> run();
    asio::awaitable<bool> open_socket();
    asio::awaitable<bool> handshake();
    asio::awaitable<void> serve();
    asio::awaitable<void> read_loop(std::uint64_t session);
    asio::awaitable<void> write_loop(std::uint64_t session);
    asio::awaitable<void> health_loop();
    // TIME: proves Redis answers and measures the clocks' offset.
    asio::awaitable<domain::Result<RedisReply>> check_time(bool handshake);
    asio::awaitable<domain::Result<std::vector<RedisReply>>> exchange(std::vector<std::vector<std::string>> commands,
                                                                      std::chrono::milliseconds within);
    void fail_pending();
    void close_socket(std::string_view why);

    asio::any_io_executor executor_;
    RedisEndpoint endpoint_;
    std::string name_;
    RedisTimeouts timeouts_;
    Mode mode_;
    PushHandler on_push_;
    StateHandler on_state_;
    std::vector<std::vector<std::string>> preload_;

    ConnectionFsm fsm_;
    StreamSocket socket_;
    asio::steady_timer session_end_;  // cancelled when the session's read loop ends
    asio::steady_timer write_wake_;
    asio::steady_timer backoff_timer_;
    asio::steady_timer pong_;  // push mode: cancelled when a reply arrives after a PING
    StateWaiters up_waiters_;  // wait_up's, told whenever up() may have changed
    std::unique_ptr<RespReader> reader_;
    std::string out_;  // commands not yet written
    std::deque<std::shared_ptr<Waiter>> waiters_;
    std::uint64_t session_ = 0;  // grows with every socket, so old loops stop
    bool socket_open_ = false;
    bool stopping_ = false;
    bool running_ = false;
    bool ping_outstanding_ = false;
    std::string last_error_;
    ClockOffset clock_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace wp::store
