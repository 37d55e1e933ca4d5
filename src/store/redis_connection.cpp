#include "store/redis_connection.hpp"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/this_coro.hpp>
#include <optional>

#include "store/redis_args.hpp"

namespace wp::store {

namespace {
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

RedisReply copy_reply(const redisReply* r) {
    RedisReply out;
    switch (r->type) {
        case REDIS_REPLY_INTEGER:
            out.kind = RedisReply::Kind::integer;
            out.integer = r->integer;
            break;
        case REDIS_REPLY_STRING:
            out.kind = RedisReply::Kind::string;
            out.str.assign(r->str, r->len);
            break;
        case REDIS_REPLY_STATUS:
            out.kind = RedisReply::Kind::status;
            out.str.assign(r->str, r->len);
            break;
        case REDIS_REPLY_ERROR:
            out.kind = RedisReply::Kind::error;
            out.str.assign(r->str, r->len);
            break;
        case REDIS_REPLY_ARRAY:
            out.kind = RedisReply::Kind::array;
            out.elements.reserve(r->elements);
            for (size_t i = 0; i < r->elements; ++i) out.elements.push_back(copy_reply(r->element[i]));
            break;
        default:
            out.kind = RedisReply::Kind::nil;
    }
    return out;
}

domain::Error unavailable(std::string why) {
    return {domain::Errc::unavailable, "Redis unavailable: " + std::move(why)};
}
}  // namespace

std::optional<std::int64_t> RedisReply::as_int() const {
    if (kind == Kind::integer) return integer;
    if (kind != Kind::string || str.empty()) return std::nullopt;
    try {
        size_t used = 0;
        // ZSCORE answers with a double's text ("3" or "3.0000"), so read as double.
        double v = std::stod(str, &used);
        if (used != str.size()) return std::nullopt;
        return static_cast<std::int64_t>(v);
    } catch (...) {
        return std::nullopt;
    }
}

// The fd of one hiredis context, watched by Asio. Its handlers hold it alive; `dead` is set
// by hiredis's cleanup hook, after which the context must not be touched.
struct RedisConnection::Socket : std::enable_shared_from_this<Socket> {
    Socket(asio::any_io_executor ex, redisAsyncContext* ac) : fd(ex, ac->c.fd), context(ac) {}
    asio::posix::stream_descriptor fd;
    redisAsyncContext* context;
    bool want_read = false, want_write = false, read_armed = false, write_armed = false;
    bool dead = false;

    void arm_read() {
        if (dead || read_armed || !want_read) return;
        read_armed = true;
        fd.async_wait(asio::posix::stream_descriptor::wait_read,
                      [self = shared_from_this()](boost::system::error_code ec) {
                          self->read_armed = false;
                          if (self->dead || ec) return;
                          if (self->want_read) redisAsyncHandleRead(self->context);
                          self->arm_read();
                      });
    }
    void arm_write() {
        if (dead || write_armed || !want_write) return;
        write_armed = true;
        fd.async_wait(asio::posix::stream_descriptor::wait_write,
                      [self = shared_from_this()](boost::system::error_code ec) {
                          self->write_armed = false;
                          if (self->dead || ec) return;
                          if (self->want_write) redisAsyncHandleWrite(self->context);
                          self->arm_write();
                      });
    }
    static void add_read(void* p) { auto* s = static_cast<Socket*>(p); s->want_read = true; s->arm_read(); }
    static void del_read(void* p) { static_cast<Socket*>(p)->want_read = false; }
    static void add_write(void* p) { auto* s = static_cast<Socket*>(p); s->want_write = true; s->arm_write(); }
    static void del_write(void* p) { static_cast<Socket*>(p)->want_write = false; }
    static void cleanup(void* p) {
        auto* s = static_cast<Socket*>(p);
        s->dead = true;
        s->want_read = s->want_write = false;
        // hiredis closes the fd itself: release it so Asio deregisters without closing it.
        boost::system::error_code ignored;
        s->fd.cancel(ignored);
        (void)s->fd.release();
    }
};

// One awaited command: the reply callback fills `result` and wakes the timer, whose deadline
// is the command timeout hiredis lacks.
struct RedisConnection::Waiter {
    explicit Waiter(asio::any_io_executor ex) : timer(ex) {}
    asio::steady_timer timer;
    std::optional<domain::Result<RedisReply>> result;
};

RedisConnection::RedisConnection(asio::any_io_executor executor, RedisEndpoint endpoint,
                                 std::string name, RedisTimeouts timeouts)
    : executor_(executor), endpoint_(std::move(endpoint)), name_(std::move(name)),
      timeouts_(timeouts), event_(executor) {}

RedisConnection::~RedisConnection() {
    *alive_ = false;
    stopping_ = true;
    if (context_) {
        auto* ac = context_;
        context_ = nullptr;
        ac->onDisconnect = nullptr;
        ac->data = nullptr;
        redisAsyncFree(ac);
    }
}

void RedisConnection::psubscribe(std::vector<std::string> patterns, MessageHandler on_message) {
    patterns_ = std::move(patterns);
    on_message_ = std::move(on_message);
}

void RedisConnection::start() {
    if (running_) return;
    running_ = true;
    stopping_ = false;
    asio::co_spawn(executor_, run(), asio::detached);
    if (patterns_.empty()) asio::co_spawn(executor_, health_loop(), asio::detached);
}

void RedisConnection::stop() {
    stopping_ = true;
    drop_connection("stopping");
    event_.cancel();
}

void RedisConnection::reconnect(std::string_view why) {
    if (stopping_ || !context_) return;
    spdlog::warn("redis.reconnecting conn={} endpoint={} cause=\"{}\"", name_, endpoint_.describe(), why);
    drop_connection(why);
}

void RedisConnection::set_up(bool up) {
    if (up_ == up) return;
    up_ = up;
    if (on_state_) on_state_(up);
}

void RedisConnection::drop_connection(std::string_view why) {
    if (!context_) return;
    if (!why.empty() && !stopping_) last_error_ = std::string(why);
    auto* ac = context_;
    context_ = nullptr;
    // redisAsyncFree runs pending callbacks with no reply (they answer `unavailable`), then
    // our cleanup hook and, if it had connected, on_disconnect.
    redisAsyncFree(ac);
    set_up(false);
    event_.cancel();
}

asio::awaitable<bool> RedisConnection::connect_once() {
    redisAsyncContext* ac = endpoint_.unix_path.empty()
                                ? redisAsyncConnect(endpoint_.host.c_str(), endpoint_.port)
                                : redisAsyncConnectUnix(endpoint_.unix_path.c_str());
    if (!ac) {
        last_error_ = "out of memory";
        co_return false;
    }
    if (ac->err) {
        last_error_ = ac->errstr;
        redisAsyncFree(ac);
        co_return false;
    }
    ac->data = this;
    socket_ = std::make_shared<Socket>(executor_, ac);
    ac->ev.data = socket_.get();
    ac->ev.addRead = &Socket::add_read;
    ac->ev.delRead = &Socket::del_read;
    ac->ev.addWrite = &Socket::add_write;
    ac->ev.delWrite = &Socket::del_write;
    ac->ev.cleanup = &Socket::cleanup;
    context_ = ac;
    connect_status_ = 0;
    // Setting the connect callback arms the first write event, so hooks must be in place.
    redisAsyncSetConnectCallback(ac, &RedisConnection::on_connect);
    redisAsyncSetDisconnectCallback(ac, &RedisConnection::on_disconnect);

    event_.expires_after(timeouts_.connect);
    while (connect_status_ == 0 && context_ == ac) {
        auto [ec] = co_await event_.async_wait(nothrow);
        if (!ec) break;  // deadline
        if (stopping_) break;
    }
    if (connect_status_ != 1) {
        if (context_ == ac) drop_connection("connect timed out");
        co_return false;
    }
    co_return true;
}

asio::awaitable<void> RedisConnection::run() {
    auto alive = alive_;
    auto backoff = timeouts_.backoff_min;
    bool logged_down = false;
    while (*alive && !stopping_) {
        if (co_await connect_once()) {
            if (!*alive) co_return;
            backoff = timeouts_.backoff_min;
            // Queued ahead of anything else on this connection: hiredis writes in order.
            if (!endpoint_.password.empty()) send(args("AUTH", endpoint_.password), nullptr, nullptr);
            if (endpoint_.db != 0) send(args("SELECT", std::to_string(endpoint_.db)), nullptr, nullptr);
            // A TCP connect succeeds even to a stopped (SIGSTOP) Redis, since the kernel
            // completes it: only an answer proves Redis is there. It also surfaces a wrong
            // password (NOAUTH) or db instead of failing every later command.
            auto pong = co_await send_and_wait(args("PING"), timeouts_.connect);
            if (!*alive) co_return;
            if (!pong || pong->kind == RedisReply::Kind::error) {
                auto why = !pong ? std::string("no answer to PING after connecting") : "PING answered " + pong->str;
                drop_connection(why);
                if (!logged_down && !stopping_) {
                    spdlog::warn("redis.connect_failed conn={} endpoint={} cause=\"{}\" retry=backoff "
                                 "fix=\"start or resume Redis, or correct redis.url\"",
                                 name_, endpoint_.describe(), why);
                    logged_down = true;
                }
                if (!*alive || stopping_) break;
                event_.expires_after(backoff);
                (void)co_await event_.async_wait(nothrow);
                backoff = std::min(backoff * 2, timeouts_.backoff_max);
                continue;
            }
            if (patterns_.empty()) {
                // The clocks' offset must be known before the first write script (its deadline).
                auto time = co_await check_time(true);
                if (!*alive) co_return;
                if (!time || !context_) {
                    drop_connection(!time ? time.error().message : "lost while reading TIME");
                    if (!*alive || stopping_) break;
                    event_.expires_after(backoff);
                    (void)co_await event_.async_wait(nothrow);
                    backoff = std::min(backoff * 2, timeouts_.backoff_max);
                    continue;
                }
            }
            for (const auto& p : patterns_) send(args("PSUBSCRIBE", p), &RedisConnection::on_pubsub_reply, this);
            spdlog::info("redis.connected conn={} endpoint={} clock_offset_ms={}", name_, endpoint_.describe(),
                         clock_offset_.count());
            logged_down = false;
            set_up(true);
            while (context_ && !stopping_) {
                event_.expires_at(asio::steady_timer::time_point::max());
                (void)co_await event_.async_wait(nothrow);
                if (!*alive) co_return;
            }
            set_up(false);
            if (!stopping_)
                spdlog::warn("redis.disconnected conn={} endpoint={} cause=\"{}\"", name_,
                             endpoint_.describe(), last_error_);
        } else if (!logged_down && !stopping_) {
            spdlog::warn("redis.connect_failed conn={} endpoint={} cause=\"{}\" retry=backoff "
                         "fix=\"start Redis or correct redis.url\"",
                         name_, endpoint_.describe(), last_error_);
            logged_down = true;
        }
        if (!*alive || stopping_) break;
        event_.expires_after(backoff);
        (void)co_await event_.async_wait(nothrow);
        backoff = std::min(backoff * 2, timeouts_.backoff_max);
    }
    running_ = false;
}

asio::awaitable<domain::Result<RedisReply>> RedisConnection::check_time(bool handshake) {
    using namespace std::chrono;
    auto sent = system_clock::now();
    domain::Result<RedisReply> time = unavailable("no TIME sent");
    if (handshake) time = co_await send_and_wait(args("TIME"), timeouts_.connect);
    else time = co_await command(args("TIME"));
    auto answered = system_clock::now();
    if (!time) co_return time;
    auto seconds = time->elements.size() == 2 ? time->elements[0].as_int() : std::nullopt;
    auto micros = time->elements.size() == 2 ? time->elements[1].as_int() : std::nullopt;
    if (!seconds || !micros) {
        std::string what = time->str.empty() ? std::string("unexpectedly") : time->str;
        co_return unavailable("TIME answered " + what);
    }
    // The midpoint is off by at most half the round trip: a slow answer (a busy Redis) keeps the
    // last measurement rather than move write deadlines by up to a second.
    if (clock_measured_ && answered - sent > milliseconds(100)) co_return time;
    auto redis_now = sys_time<milliseconds>(milliseconds(*seconds * 1000 + *micros / 1000));
    auto ours = time_point_cast<milliseconds>(sent + (answered - sent) / 2);
    auto offset = redis_now - ours;
    // A clock stepped (NTP, a resumed VM): say so, since write deadlines follow it.
    if (!handshake && std::chrono::abs(offset - clock_offset_) > milliseconds(500))
        spdlog::warn("redis.clock_offset_changed conn={} from_ms={} to_ms={}", name_, clock_offset_.count(),
                     offset.count());
    clock_offset_ = offset;
    clock_measured_ = true;
    co_return time;
}

std::int64_t RedisConnection::redis_time_ms(std::chrono::milliseconds after) const {
    using namespace std::chrono;
    auto ours = time_point_cast<milliseconds>(system_clock::now()) + after + clock_offset_;
    return ours.time_since_epoch().count();
}

asio::awaitable<void> RedisConnection::health_loop() {
    auto alive = alive_;
    asio::steady_timer tick(executor_);
    while (*alive && !stopping_) {
        tick.expires_after(timeouts_.health_interval);
        (void)co_await tick.async_wait(nothrow);
        if (!*alive || stopping_) co_return;
        if (!context_ || !up_) continue;
        auto* checked = context_;
        // TIME rather than PING: it also keeps the clocks' offset current after a clock step.
        auto reply = co_await check_time(false);
        if (!*alive) co_return;
        // A stopped (SIGSTOP) or wedged Redis answers nothing: hiredis would wait forever.
        if (!reply && context_ == checked) drop_connection("no answer to the health check (TIME)");
    }
}

asio::awaitable<bool> RedisConnection::wait_up(std::chrono::milliseconds within) {
    asio::steady_timer t(executor_);
    auto deadline = std::chrono::steady_clock::now() + within;
    while (!up() && std::chrono::steady_clock::now() < deadline) {
        t.expires_after(std::chrono::milliseconds(20));
        (void)co_await t.async_wait(nothrow);
    }
    co_return up();
}

void RedisConnection::send(std::vector<std::string> const& args,
                           void (*callback)(redisAsyncContext*, void*, void*), void* privdata) {
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    argv.reserve(args.size());
    lens.reserve(args.size());
    for (const auto& a : args) {
        argv.push_back(a.data());
        lens.push_back(a.size());
    }
    redisAsyncCommandArgv(context_, callback, privdata, static_cast<int>(args.size()), argv.data(),
                          lens.data());
}

asio::awaitable<domain::Result<RedisReply>> RedisConnection::command(std::vector<std::string> args) {
    if (!context_ || !up_) co_return unavailable(last_error_.empty() ? "not connected" : last_error_);
    auto sent = std::chrono::steady_clock::now();
    auto reply = co_await send_and_wait(std::move(args), timeouts_.command);
    if (reply) round_trips_.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count());
    co_return reply;
}

asio::awaitable<domain::Result<RedisReply>> RedisConnection::send_and_wait(std::vector<std::string> args,
                                                                            std::chrono::milliseconds within) {
    if (!context_) co_return unavailable(last_error_.empty() ? "not connected" : last_error_);
    auto waiter = std::make_shared<Waiter>(executor_);
    auto* holder = new std::shared_ptr<Waiter>(waiter);  // owned by the callback
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    for (const auto& a : args) {
        argv.push_back(a.data());
        lens.push_back(a.size());
    }
    if (redisAsyncCommandArgv(context_, &RedisConnection::on_reply, holder,
                              static_cast<int>(args.size()), argv.data(), lens.data()) != REDIS_OK) {
        delete holder;
        co_return unavailable("command not sent");
    }
    waiter->timer.expires_after(within);
    while (!waiter->result) {
        auto [ec] = co_await waiter->timer.async_wait(nothrow);
        if (!ec && !waiter->result)
            co_return unavailable("no answer within " + std::to_string(within.count()) + " ms");
    }
    co_return std::move(*waiter->result);
}

void RedisConnection::on_reply(redisAsyncContext*, void* reply, void* privdata) {
    std::unique_ptr<std::shared_ptr<Waiter>> holder(static_cast<std::shared_ptr<Waiter>*>(privdata));
    auto& waiter = **holder;
    if (reply)
        waiter.result = copy_reply(static_cast<redisReply*>(reply));
    else
        waiter.result = domain::Result<RedisReply>(unavailable("connection lost"));
    waiter.timer.cancel();
}

void RedisConnection::on_pubsub_reply(redisAsyncContext*, void* reply, void* privdata) {
    auto* self = static_cast<RedisConnection*>(privdata);
    auto* r = static_cast<redisReply*>(reply);
    if (!r || r->type != REDIS_REPLY_ARRAY || r->elements != 4) return;  // psubscribe confirmations
    std::string_view kind(r->element[0]->str, r->element[0]->len);
    if (kind != "pmessage" || !self->on_message_) return;
    self->on_message_(std::string_view(r->element[2]->str, r->element[2]->len),
                      std::string_view(r->element[3]->str, r->element[3]->len));
}

void RedisConnection::on_connect(const redisAsyncContext* ac, int status) {
    auto* self = static_cast<RedisConnection*>(ac->data);
    if (!self) return;
    if (status != REDIS_OK) {
        self->last_error_ = ac->errstr ? ac->errstr : "connect failed";
        // hiredis frees the context right after this callback.
        self->context_ = nullptr;
        self->connect_status_ = -1;
    } else {
        self->connect_status_ = 1;
    }
    self->event_.cancel();
}

void RedisConnection::on_disconnect(const redisAsyncContext* ac, int status) {
    auto* self = static_cast<RedisConnection*>(ac->data);
    if (!self) return;
    if (status != REDIS_OK && ac->errstr) self->last_error_ = ac->errstr;
    if (self->context_ == ac) self->context_ = nullptr;
    self->event_.cancel();
}

}  // namespace wp::store
