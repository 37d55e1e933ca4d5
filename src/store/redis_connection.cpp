#include "store/redis_connection.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <optional>

#include "store/nothrow.hpp"
#include "store/on_escape.hpp"
#include "store/redis_args.hpp"
#include "store/redis_errors.hpp"

namespace wp::store {

// One command's reply: the reader fills `result` and wakes the timer, whose deadline is the
// command timeout Redis lacks.
struct RedisConnection::Waiter {
    explicit Waiter(asio::any_io_executor ex) : timer(ex) {}
    asio::steady_timer timer;
    std::optional<domain::Result<RedisReply>> result;
};

RedisConnection::RedisConnection(asio::any_io_executor executor, RedisEndpoint endpoint, std::string name,
                                 RedisTimeouts timeouts, Mode mode)
    : executor_(executor), endpoint_(std::move(endpoint)), name_(std::move(name)), timeouts_(timeouts), mode_(mode),
      fsm_(Backoff(timeouts.backoff_min, timeouts.backoff_max)), socket_(executor), session_end_(executor),
      write_wake_(executor), backoff_timer_(executor), pong_(executor), up_waiters_(executor) {}

RedisConnection::~RedisConnection() {
    *alive_ = false;
    stopping_ = true;
    fail_pending();
}

void RedisConnection::start() {
    if (running_) return;
    running_ = true;
    stopping_ = false;
    asio::co_spawn(executor_, run(), on_escape("redis.run"));
    asio::co_spawn(executor_, health_loop(), on_escape("redis.health"));
}

void RedisConnection::stop() {
    stopping_ = true;
    close_socket("stopping");
    backoff_timer_.cancel();
}

void RedisConnection::close_socket(std::string_view why) {
    if (!socket_open_) return;
    socket_open_ = false;
    if (!why.empty() && !stopping_) last_error_ = std::string(why);
    boost::system::error_code ignored;
    socket_.close(ignored);
    write_wake_.cancel();
    session_end_.cancel();
    pong_.cancel();
}

void RedisConnection::fail_pending() {
    close_socket("");
    out_.clear();
    auto waiters = std::move(waiters_);
    waiters_.clear();
    for (auto& w : waiters) {
        w->result = domain::Result<RedisReply>(redis_unavailable("connection lost: " + last_error_));
        w->timer.cancel();
    }
}

asio::awaitable<void> RedisConnection::run() {
    using A = ConnectionFsm::Action;
    using E = ConnectionFsm::Event;
    auto alive = alive_;
    auto step = fsm_.resume(E::start);
    for (;;) {
        switch (step.action) {
            case A::connect: {
                bool ok = co_await open_socket();
                if (!*alive) co_return;
                step = fsm_.resume(stopping_ ? E::stop : ok ? E::connected : E::connect_failed);
                break;
            }
            case A::handshake: {
                bool ok = co_await handshake();
                if (!*alive) co_return;
                step = fsm_.resume(stopping_ ? E::stop : ok ? E::handshake_done : E::handshake_failed);
                break;
            }
            case A::serve:
                spdlog::info("redis.connected conn={} endpoint={} clock_offset_ms={}", name_, endpoint_.describe(),
                             clock_.offset().count());
                up_waiters_.changed();
                if (on_state_) on_state_(true);
                co_await serve();
                if (!*alive) co_return;
                step = fsm_.resume(stopping_ ? E::stop : E::lost);
                break;
            case A::fail_pending:
                fail_pending();
                if (step.went_down) {
                    if (!stopping_)
                        spdlog::warn("redis.disconnected conn={} endpoint={} cause=\"{}\"", name_, endpoint_.describe(),
                                     last_error_);
                    up_waiters_.changed();
                    if (on_state_) on_state_(false);
                } else if (step.log_failure) {
                    spdlog::warn("redis.connect_failed conn={} endpoint={} cause=\"{}\" retry=backoff "
                                 "fix=\"start or resume Redis, or correct redis.url / redis.cluster\"",
                                 name_, endpoint_.describe(), last_error_);
                }
                if (!*alive) co_return;
                step = fsm_.resume(E::pending_failed);
                break;
            case A::wait: {
                backoff_timer_.expires_after(step.wait);
                (void)co_await backoff_timer_.async_wait(nothrow);
                if (!*alive) co_return;
                step = fsm_.resume(stopping_ ? E::stop : E::waited);
                break;
            }
            case A::done:
                running_ = false;
                co_return;
        }
    }
}

asio::awaitable<bool> RedisConnection::open_socket() {
    auto alive = alive_;
    auto session = ++session_;
    auto opened = co_await connect_socket(executor_, endpoint_, timeouts_.connect);
    if (!*alive) co_return false;
    if (!opened || stopping_) {
        if (!opened) last_error_ = opened.error().message;
        co_return false;
    }
    socket_ = std::move(*opened);
    socket_open_ = true;
    reader_ = std::make_unique<RespReader>();
    asio::co_spawn(executor_, read_loop(session), on_escape("redis.read"));
    asio::co_spawn(executor_, write_loop(session), on_escape("redis.write"));
    co_return true;
}

asio::awaitable<bool> RedisConnection::handshake() {
    auto alive = alive_;
    // Queued ahead of anything else on this connection. A TCP connect succeeds even to a
    // stopped (SIGSTOP) Redis, since the kernel completes it: only an answer proves Redis is
    // there. A wrong password or db fails here instead of failing every later command.
    std::vector<std::vector<std::string>> setup;
    std::vector<std::string> what;
    if (!endpoint_.password.empty()) {
        setup.push_back(args("AUTH", endpoint_.password));
        what.push_back("AUTH");
    }
    if (endpoint_.db != 0) {
        setup.push_back(args("SELECT", std::to_string(endpoint_.db)));
        what.push_back("SELECT " + std::to_string(endpoint_.db));
    }
    setup.push_back(args("PING"));
    what.push_back("PING");
    if (mode_ == Mode::commands) setup.insert(setup.end(), preload_.begin(), preload_.end());
    auto replies = co_await exchange(std::move(setup), timeouts_.connect);
    if (!*alive) co_return false;
    if (!replies) {
        last_error_ = "no answer to " + what.back() + " after connecting (" + replies.error().message + ")";
        co_return false;
    }
    for (std::size_t i = 0; i < what.size(); ++i)
        if ((*replies)[i].is_error()) {
            last_error_ = what[i] + " answered " + (*replies)[i].str;
            co_return false;
        }
    for (std::size_t i = what.size(); i < replies->size(); ++i)
        if ((*replies)[i].is_error())
            spdlog::warn("redis.preload_failed conn={} command={} answer=\"{}\" effect=\"sent again when first needed\"",
                         name_, preload_[i - what.size()].front(), (*replies)[i].str);
    if (mode_ == Mode::push) co_return true;
    // The clocks' offset must be known before the first write script (its deadline).
    auto time = co_await check_time(true);
    if (!*alive) co_return false;
    if (!time) last_error_ = time.error().message;
    co_return time.has_value();
}

asio::awaitable<void> RedisConnection::serve() {
    auto alive = alive_;
    while (socket_open_ && !stopping_) {
        session_end_.expires_at(asio::steady_timer::time_point::max());
        (void)co_await session_end_.async_wait(nothrow);
        if (!*alive) co_return;
    }
}

asio::awaitable<void> RedisConnection::read_loop(std::uint64_t session) {
    auto alive = alive_;
    std::array<char, 16384> buffer;
    while (true) {
        auto [ec, n] = co_await socket_.async_read_some(asio::buffer(buffer), nothrow);
        if (!*alive || session != session_) co_return;
        if (ec) {
            close_socket(ec == asio::error::eof ? "connection closed by Redis" : ec.message());
            co_return;
        }
        reader_->feed(std::string_view(buffer.data(), n));
        while (auto reply = reader_->next()) {
            if (ping_outstanding_) {
                ping_outstanding_ = false;
                pong_.cancel();
            }
            if (mode_ == Mode::push && fsm_.serving()) {
                if (on_push_) on_push_(*reply);
            } else if (!waiters_.empty()) {
                auto waiter = std::move(waiters_.front());
                waiters_.pop_front();
                waiter->result = std::move(*reply);
                waiter->timer.cancel();
            } else {
                spdlog::warn("redis.unexpected_reply conn={} reply=\"{}\"", name_, reply->str);
            }
            if (!*alive || session != session_ || !socket_open_) co_return;
        }
        if (!reader_->error().empty()) {
            close_socket("protocol error: " + reader_->error());
            co_return;
        }
    }
}

asio::awaitable<void> RedisConnection::write_loop(std::uint64_t session) {
    auto alive = alive_;
    std::string writing;
    while (true) {
        while (out_.empty()) {
            write_wake_.expires_at(asio::steady_timer::time_point::max());
            (void)co_await write_wake_.async_wait(nothrow);
            if (!*alive || session != session_ || !socket_open_) co_return;
        }
        writing = std::move(out_);
        out_.clear();
        auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(writing), nothrow);
        if (!*alive || session != session_) co_return;
        if (ec) {
            close_socket("write failed: " + ec.message());
            co_return;
        }
    }
}

asio::awaitable<void> RedisConnection::health_loop() {
    auto alive = alive_;
    asio::steady_timer tick(executor_);
    while (*alive && !stopping_) {
        tick.expires_after(timeouts_.health_interval);
        (void)co_await tick.async_wait(nothrow);
        if (!*alive || stopping_) co_return;
        if (!up()) continue;
        auto session = session_;
        if (mode_ == Mode::commands) {
            // TIME rather than PING: it also keeps the clocks' offset current after a clock step.
            auto reply = co_await check_time(false);
            if (!*alive) co_return;
            // A stopped (SIGSTOP) or wedged Redis answers nothing, and TCP would wait forever.
            if (!reply && session == session_) close_socket("no answer to the health check (TIME)");
            continue;
        }
        ping_outstanding_ = true;
        send(args("PING"));
        pong_.expires_after(timeouts_.command);
        (void)co_await pong_.async_wait(nothrow);
        if (!*alive) co_return;
        if (ping_outstanding_ && session == session_) close_socket("no answer to the health check (PING)");
        ping_outstanding_ = false;
    }
}

asio::awaitable<domain::Result<RedisReply>> RedisConnection::check_time(bool handshake) {
    using namespace std::chrono;
    auto sent = system_clock::now();
    domain::Result<RedisReply> time = redis_unavailable("no TIME sent");
    if (handshake) {
        std::vector<std::vector<std::string>> one;
        one.push_back(args("TIME"));
        auto replies = co_await exchange(std::move(one), timeouts_.connect);
        if (!replies) time = replies.error();
        else time = std::move(replies->front());
    } else {
        time = co_await command(args("TIME"));
    }
    auto answered = system_clock::now();
    if (!time) co_return time;
    auto seconds = time->elements.size() == 2 ? time->elements[0].as_int() : std::nullopt;
    auto micros = time->elements.size() == 2 ? time->elements[1].as_int() : std::nullopt;
    if (!seconds || !micros) {
        std::string what = time->str.empty() ? std::string("unexpectedly") : time->str;
        co_return redis_unavailable("TIME answered " + what);
    }
    if (auto jump = clock_.observe(sent, answered, *seconds, *micros); jump && !handshake)
        spdlog::warn("redis.clock_offset_changed conn={} by_ms={} to_ms={}", name_, jump->count(),
                     clock_.offset().count());
    co_return time;
}

asio::awaitable<bool> RedisConnection::wait_up(std::chrono::milliseconds within) {
    co_return co_await up_waiters_.until([this] { return up(); }, within);
}

void RedisConnection::send(const std::vector<std::string>& args) {
    if (!socket_open_) return;
    append_command(out_, args);
    write_wake_.cancel();
}

asio::awaitable<domain::Result<RedisReply>> RedisConnection::command(std::vector<std::string> args) {
    if (!up()) co_return redis_unavailable(last_error_.empty() ? "not connected" : last_error_);
    std::vector<std::vector<std::string>> one;
    one.push_back(std::move(args));
    auto replies = co_await exchange(std::move(one), timeouts_.command);
    if (!replies) co_return replies.error();
    co_return std::move(replies->front());
}

asio::awaitable<domain::Result<std::vector<RedisReply>>> RedisConnection::pipeline(
    std::vector<std::vector<std::string>> commands) {
    if (!up()) co_return redis_unavailable(last_error_.empty() ? "not connected" : last_error_);
    co_return co_await exchange(std::move(commands), timeouts_.command);
}

asio::awaitable<domain::Result<std::vector<RedisReply>>> RedisConnection::exchange(
    std::vector<std::vector<std::string>> commands, std::chrono::milliseconds within) {
    if (!socket_open_) co_return redis_unavailable(last_error_.empty() ? "not connected" : last_error_);
    std::vector<std::shared_ptr<Waiter>> mine;
    for (const auto& c : commands) {
        append_command(out_, c);
        mine.push_back(std::make_shared<Waiter>(executor_));
        waiters_.push_back(mine.back());
    }
    write_wake_.cancel();
    auto deadline = std::chrono::steady_clock::now() + within;
    std::vector<RedisReply> replies;
    for (auto& w : mine) {
        w->timer.expires_at(deadline);
        while (!w->result) {
            auto [ec] = co_await w->timer.async_wait(nothrow);
            if (!ec && !w->result)
                co_return redis_unavailable("no answer within " + std::to_string(within.count()) + " ms");
        }
        if (!*w->result) co_return w->result->error();
        replies.push_back(std::move(**w->result));
    }
    co_return replies;
}

}  // namespace wp::store
