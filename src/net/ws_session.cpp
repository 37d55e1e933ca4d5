#include "net/ws_session.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <functional>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include "net/server.hpp"

namespace wp::net {

namespace {
std::atomic<std::uint64_t> next_connection_id{1};

// The refusal names the request's `req` when it has a well-formed one, so a client knows which
// of its requests to send again later. Parsing is bounded by limits.max_frame_bytes, like any
// message's.
live::Frame rate_limited_frame(const beast::flat_buffer& in) {
    static const domain::Error refusal{domain::Errc::rate_limited,
                                       "too many messages: slow down (see protocol.md rate limits)"};
    static const auto anonymous = api::Api::error_frame(nullptr, refusal);
    auto message = nlohmann::json::parse(beast::buffers_to_string(in.cdata()), nullptr, false);
    if (!message.is_object()) return anonymous;
    auto req = message.find("req");
    if (req == message.end() || !(req->is_number_integer() || (req->is_string() && req->get_ref<const std::string&>().size() <= 64)))
        return anonymous;
    return api::Api::error_frame(*req, refusal);
}
}  // namespace

WsSession::WsSession(TcpStream stream, domain::Rep rep, std::string session, live::Frame welcome, api::Api& api,
                     live::Hub& hub,
                     asio::any_io_executor home, const NetOptions& options, NetCounters& counters,
                     ConnectionLimits::Slot slot, ConnectionLimits::Slot descriptor)
    : ws_(std::move(stream)), executor_(ws_.get_executor()), rep_(std::move(rep)), session_(std::move(session)),
      welcome_(std::move(welcome)),
      api_(api), hub_(hub), home_(home), options_(options), counters_(counters),
      outbox_(options.send_queue), limiter_(options.rate_burst, options.rate_per_second),
      keepalive_(executor_), slot_(std::move(slot)), descriptor_(std::move(descriptor)) {}

WsSession::~WsSession() = default;

asio::awaitable<void> WsSession::run(http::request<http::string_body> upgrade) {
    auto self = shared_from_this();
    auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
    timeouts.idle_timeout = websocket::stream_base::none();  // keepalive_loop pings and drops
    timeouts.keep_alive_pings = false;
    ws_.set_option(timeouts);
    ws_.control_callback([this](websocket::frame_type, beast::string_view) {
        last_heard_ = std::chrono::steady_clock::now();  // a pong (or ping, or close) is a sign of life
    });
    ws_.read_message_max(options_.max_frame);  // larger: Beast closes with 1009
    bool wants_subprotocol = false;
    for (auto p : http::token_list(upgrade[http::field::sec_websocket_protocol]))
        if (p == "wolfpack.v1") wants_subprotocol = true;
    ws_.set_option(websocket::stream_base::decorator([wants_subprotocol](websocket::response_type& res) {
        res.set(http::field::server, "wolfpack");
        if (wants_subprotocol) res.set(http::field::sec_websocket_protocol, "wolfpack.v1");
    }));
    if (auto [ec] = co_await ws_.async_accept(upgrade); ec) co_return;
    upgrade = {};  // its headers would stay allocated for the connection's life (this frame's)

    const auto conn = conn_ = next_connection_id++;
    last_heard_ = std::chrono::steady_clock::now();
    ++counters_.ws_connections;
    spdlog::debug("ws.open conn={} team={} rep={}", conn, rep_.team, rep_.id);
    hub_.attach(self);
    report_seen(false);
    (void)outbox_.push(std::move(welcome_));  // sent once: the session need not keep it
    write_next();

    asio::co_spawn(executor_, [self] { return self->keepalive_loop(); }, [](std::exception_ptr e) {
        if (e) try { std::rethrow_exception(e); } catch (const std::exception& ex) {
            spdlog::error("ws.keepalive_escaped error=\"{}\"", ex.what());
        }
    });

    beast::flat_buffer in;
    for (;;) {
        auto [ec, n] = co_await ws_.async_read(in);
        if (ec) {
            if (ec == websocket::error::message_too_big)
                spdlog::info("ws.too_large conn={} rep={} limit={}", conn, rep_.id, options_.max_frame);
            break;  // closed, silent too long, too big, shutdown
        }
        last_heard_ = std::chrono::steady_clock::now();
        ++counters_.ws_messages_in;
        if (!limiter_.allow()) {
            ++counters_.rate_limited;
            if (++strikes_ > static_cast<int>(options_.rate_burst)) {
                if (!closing_) spdlog::warn("ws.abuse conn={} team={} rep={} action=close_1008", conn, rep_.team, rep_.id);
                close_with(websocket::close_code::policy_error, "message rate limit exceeded persistently");
            } else {
                deliver(rate_limited_frame(in));
            }
            in.consume(n);
            continue;
        }
        strikes_ = 0;
        auto text = beast::buffers_to_string(in.cdata());
        in.consume(n);
        api::WsReply reply;
        try {
            reply = co_await asio::co_spawn(home_, api_.handle_ws(rep_, text), asio::use_awaitable);
        } catch (const std::exception& e) {
            spdlog::error("ws.handler_failed conn={} error=\"{}\"", conn, e.what());
            reply.frame = api::Api::error_frame(nullptr, {domain::Errc::unavailable, "internal error; retry"});
        }
        auto held = [this](const domain::Topic& topic) {
            return std::find(topics_.begin(), topics_.end(), std::hash<std::string>{}(domain::key_of(topic)));
        };
        if (reply.subscribe && held(*reply.subscribe) == topics_.end() && topics_.size() >= options_.max_subscriptions) {
            // Each topic costs a read on every change and refresh: one connection must not hold hundreds.
            reply.subscribe.reset();
            reply.frame = api::Api::error_frame(
                reply.req, {domain::Errc::conflict, "subscribe: at most " + std::to_string(options_.max_subscriptions) +
                                                        " topics per connection (limits.max_subscriptions); "
                                                        "unsubscribe from one first"});
        }
        deliver(std::move(reply.frame));
        if (reply.subscribe) {
            if (held(*reply.subscribe) == topics_.end())
                topics_.push_back(std::hash<std::string>{}(domain::key_of(*reply.subscribe)));
            hub_.subscribe(self, std::move(*reply.subscribe));
        }
        if (reply.unsubscribe) {
            if (auto at = held(*reply.unsubscribe); at != topics_.end()) topics_.erase(at);
            hub_.unsubscribe(this, rep_.team, std::move(*reply.unsubscribe));
        }
    }
    hub_.detach(this);
    report_seen(true);
    outbox_.close();  // the writer stops after the write in flight, if any
    keepalive_.cancel();
    --counters_.ws_connections;
    spdlog::debug("ws.close conn={} rep={}", conn, rep_.id);
}

void WsSession::write_next() {
    if (writing_ || outbox_.stopped()) return;
    auto self = shared_from_this();
    if (outbox_.size() == 0) {
        if (outbox_.finishing() && closing_ && !close_sent_) {  // drained: now the close frame
            close_sent_ = true;
            writing_ = true;
            ws_.async_close(*closing_, [self](beast::error_code) { self->writing_ = false; });
        }
        return;
    }
    writing_ = true;
    if (!outbox_.front()) {  // a ping, queued like a frame: one writer, never beside a close
        ws_.async_ping({}, [self](beast::error_code ec) { self->wrote(ec, false); });
        return;
    }
    ws_.async_write(asio::buffer(*outbox_.front()),
                    [self](beast::error_code ec, std::size_t) { self->wrote(ec, true); });
}

void WsSession::wrote(beast::error_code ec, bool counted) {
    writing_ = false;
    if (ec) {
        outbox_.close();  // the socket failed: the reader sees it too and ends the session
        return;
    }
    if (counted) ++counters_.ws_frames_out;
    outbox_.pop();
    write_next();
}

asio::awaitable<void> WsSession::keepalive_loop() {
    auto self = shared_from_this();
    using Clock = std::chrono::steady_clock;
    auto next_ping = Clock::now() + options_.ws_ping;
    while (!outbox_.closed()) {
        keepalive_.expires_at(std::min(next_ping, last_heard_ + options_.ws_idle));
        (void)co_await keepalive_.async_wait(asio::as_tuple(asio::use_awaitable));
        if (outbox_.closed()) break;
        auto now = Clock::now();
        if (now - last_heard_ >= options_.ws_idle) {
            spdlog::info("ws.silent_closed conn={} team={} rep={} silent_s={}", conn_, rep_.team, rep_.id,
                         std::chrono::duration_cast<std::chrono::seconds>(now - last_heard_).count());
            // No close frame: a peer this quiet is gone or not reading.
            beast::get_lowest_layer(ws_).close();
            break;
        }
        if (now >= next_ping) {
            report_seen(false);
            deliver(nullptr);  // a peer whose queue is full gets dropped here like for any frame
            next_ping = now + options_.ws_ping;
        }
    }
}

void WsSession::deliver(live::Frame frame) {
    if (outbox_.closed()) return;
    if (!outbox_.push(std::move(frame))) {
        ++counters_.slow_consumers_dropped;
        spdlog::warn("ws.slow_consumer conn={} team={} rep={} queued={}", conn_, rep_.team, rep_.id, outbox_.size());
        // No close frame: it would queue behind what this peer is not reading.
        beast::get_lowest_layer(ws_).close();
        outbox_.close();  // counted and logged once; later frames are dropped quietly
        return;
    }
    write_next();
}

void WsSession::close_with(websocket::close_code code, std::string_view reason) {
    if (closing_ || outbox_.closed()) return;
    closing_ = websocket::close_reason(code, reason);
    outbox_.finish();  // the writer sends what is queued, then the close frame
    write_next();
}

void WsSession::close(std::string_view reason) {
    spdlog::info("ws.closed_by_server team={} rep={} reason=\"{}\"", rep_.team, rep_.id, reason);
    close_with(websocket::close_code::policy_error, reason);
}

void WsSession::report_seen(bool closing) {
    if (rep_.role != domain::Role::display) return;
    asio::co_spawn(home_, api_.display_seen(rep_, closing), [](std::exception_ptr e) {
        if (e) try { std::rethrow_exception(e); } catch (const std::exception& ex) {
            spdlog::error("ws.seen_escaped error=\"{}\"", ex.what());
        }
    });
}

void WsSession::shutdown() { close_with(websocket::close_code::going_away, "server shutting down"); }

}  // namespace wp::net
