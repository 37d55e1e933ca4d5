#pragma once
// One hiredis async connection driven by Asio, with reconnect, backoff and health checks.
// hiredis 0.14 has no timeouts, no RESP3 and frees its context from inside its own calls;
// this class owns those traps so the rest of the store sees awaitable commands that answer
// `unavailable` at once while Redis is down.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/histogram.hpp"
#include "domain/result.hpp"
#include "store/redis_endpoint.hpp"
#include "store/redis_reply.hpp"

struct redisAsyncContext;

namespace wp::store {

namespace asio = boost::asio;

struct RedisTimeouts {
    std::chrono::milliseconds connect{2000};
    std::chrono::milliseconds command{3000};
    std::chrono::milliseconds health_interval{1000};  // PING period on a command connection
    std::chrono::milliseconds backoff_min{100};
    std::chrono::milliseconds backoff_max{2000};
};

class RedisConnection {
public:
    using MessageHandler = std::function<void(std::string_view channel, std::string_view payload)>;
    using StateHandler = std::function<void(bool up)>;

    // name: for logs ("cmd", "pubsub").
    RedisConnection(asio::any_io_executor executor, RedisEndpoint endpoint, std::string name,
                    RedisTimeouts timeouts = {});
    ~RedisConnection();
    RedisConnection(const RedisConnection&) = delete;
    RedisConnection& operator=(const RedisConnection&) = delete;

    // Turns this into a pub/sub connection: the patterns are (re)subscribed on every connect.
    // Call before start().
    void psubscribe(std::vector<std::string> patterns, MessageHandler on_message);
    // Called on the executor when the connection becomes usable (true) or is lost (false).
    void on_state(StateHandler handler) { on_state_ = std::move(handler); }

    void start();  // connects and keeps reconnecting until stop()
    void stop();
    // Drops the current connection (if any); the run loop reconnects with backoff. Used when
    // the other connection to the same Redis found it unresponsive (a stopped Redis keeps
    // its sockets open, so a pub/sub connection alone would never notice).
    void reconnect(std::string_view why);
    // The hiredis context goes before the run loop notices; either means down.
    bool up() const { return up_ && context_ != nullptr; }
    // Resolves once the connection is up or `within` passes; true when up.
    asio::awaitable<bool> wait_up(std::chrono::milliseconds within);

    // Must be awaited on this connection's executor. Redis errors come back as RedisReply of
    // kind error; a lost or absent connection, or no answer in time, as Errc::unavailable.
    asio::awaitable<domain::Result<RedisReply>> command(std::vector<std::string> args);

    const RedisEndpoint& endpoint() const { return endpoint_; }
    const RedisTimeouts& timeouts() const { return timeouts_; }
    // A time on Redis's clock, in ms since the epoch, `after` from now here: for a script
    // that must not run once command() has given up on it. The clocks' offset is measured
    // with TIME on every connect (to within half a round trip).
    std::int64_t redis_time_ms(std::chrono::milliseconds after) const;
    // Round trips of command(), sent to answered.
    const domain::Histogram& round_trips() const { return round_trips_; }

private:
    struct Socket;
    struct Waiter;
    asio::awaitable<void> run();
    asio::awaitable<void> health_loop();
    asio::awaitable<bool> connect_once();
    // TIME: proves Redis answers and measures the clocks' offset. The handshake's is sent
    // before the connection counts as up; the health check's goes through command().
    asio::awaitable<domain::Result<RedisReply>> check_time(bool handshake);
    // Sends without checking up_ (the handshake's PING) and waits at most `within`.
    asio::awaitable<domain::Result<RedisReply>> send_and_wait(std::vector<std::string> args,
                                                              std::chrono::milliseconds within);
    void send(std::vector<std::string> const& args, void (*callback)(redisAsyncContext*, void*, void*),
              void* privdata);
    void drop_connection(std::string_view why);
    void set_up(bool up);

    static void on_connect(const redisAsyncContext* ac, int status);
    static void on_disconnect(const redisAsyncContext* ac, int status);
    static void on_reply(redisAsyncContext* ac, void* reply, void* privdata);
    static void on_pubsub_reply(redisAsyncContext* ac, void* reply, void* privdata);

    domain::Histogram round_trips_;
    asio::any_io_executor executor_;
    RedisEndpoint endpoint_;
    std::string name_;
    RedisTimeouts timeouts_;
    std::vector<std::string> patterns_;
    MessageHandler on_message_;
    StateHandler on_state_;

    redisAsyncContext* context_ = nullptr;
    std::shared_ptr<Socket> socket_;
    asio::steady_timer event_;  // woken by connect/disconnect callbacks and stop()
    int connect_status_ = 0;    // 0 pending, 1 connected, -1 failed
    bool up_ = false;
    bool stopping_ = false;
    bool running_ = false;
    std::string last_error_;
    std::chrono::milliseconds clock_offset_{0};  // Redis's clock minus ours
    bool clock_measured_ = false;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace wp::store
