#include "net/ws_session.hpp"

#include <sys/socket.h>
#include <sys/uio.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cerrno>
#include <functional>
#include <variant>

#include "net/server.hpp"

namespace wp::net {

namespace {
std::atomic<std::uint64_t> next_connection_id{1};
using Clock = SessionSweep::Clock;
// A peer that does not answer our close frame is let go after this long.
constexpr auto close_grace = std::chrono::seconds(5);

// The refusal names the request's `req` when it has a well-formed one, so a client knows which
// of its requests to send again later. Parsing is bounded by limits.max_frame_bytes, like any
// message's.
live::Frame rate_limited_frame(std::string_view text) {
    static const domain::Error refusal{domain::Errc::rate_limited,
                                       "too many messages: slow down (see protocol.md rate limits)"};
    return api::Api::error_frame(api::echoable_req(nlohmann::json::parse(text, nullptr, false)), refusal);
}

// Every session of a loop reads into this one buffer; what it holds is parsed at once.
std::array<char, 64 * 1024>& read_buffer() {
    thread_local std::array<char, 64 * 1024> buffer;
    return buffer;
}
}  // namespace

WsSession::WsSession(Socket socket, domain::Rep rep, std::string session, api::Api& api, live::Hub& hub,
                     asio::any_io_executor home, const NetOptions& options, NetCounters& counters,
                     ConnectionLimits::Slot slot, ConnectionLimits::Slot descriptor, SessionSweep& sweep)
    : socket_(std::move(socket)), executor_(socket_.get_executor()), rep_(std::move(rep)), session_(std::move(session)),
      api_(api), hub_(hub), home_(home), options_(options), counters_(counters), sweep_(sweep),
      outbox_(options.send_queue, options.send_queue_bytes), reader_(options.max_frame),
      limiter_(options.rate_burst, options.rate_per_second), slot_(std::move(slot)), descriptor_(std::move(descriptor)) {}

WsSession::~WsSession() = default;

void WsSession::start(live::Frame welcome, std::uint64_t checked_at) {
    conn_ = next_connection_id++;
    last_heard_ = Clock::now();
    next_ping_ = last_heard_ + options_.ws_ping;
    ++counters_.ws_connections;
    spdlog::debug("ws.open conn={} team={} rep={}", conn_, rep_.team, rep_.id);
    auto self = shared_from_this();
    sweep_.add(self);
    hub_.attach(self, checked_at);
    report_seen(false);
    queue(std::move(welcome), ws::Opcode::text);
    wait_readable();
}

void WsSession::wait_readable() {
    // After a protocol error the rest is read and dropped until the peer closes (or close_grace):
    // closing on unread bytes would send a reset that can discard our close frame at the peer.
    if (reading_ || ended_ || answering_ || !inbox_.empty()) return;
    reading_ = true;
    socket_.async_wait(Socket::wait_read, [self = shared_from_this()](const boost::system::error_code& ec) {
        self->reading_ = false;
        if (self->ended_) return;
        if (ec) return self->end();
        self->on_readable();
    });
}

void WsSession::on_readable() {
    auto& buffer = read_buffer();
    for (;;) {
        auto n = ::recv(socket_.native_handle(), buffer.data(), buffer.size(), MSG_DONTWAIT);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (n <= 0) return end();  // the peer closed, or the connection broke
        last_heard_ = Clock::now();
        std::string_view data(buffer.data(), static_cast<std::size_t>(n));
        while (!data.empty() && !ended_) {
            ws::FrameReader::Event ev;
            data.remove_prefix(reader_.feed(data, ev));
            if (ev.kind != ws::FrameReader::Event::Kind::none) on_event(ev);
        }
        if (ended_ || static_cast<std::size_t>(n) < buffer.size()) break;
    }
    if (ended_) return;
    answer_next();
    wait_readable();
}

void WsSession::on_event(ws::FrameReader::Event& ev) {
    using Kind = ws::FrameReader::Event::Kind;
    switch (ev.kind) {
        case Kind::message:
            if (!closing_) on_message(std::move(ev.payload));
            break;
        case Kind::ping:
            if (!closing_) queue(std::make_shared<const std::string>(std::move(ev.payload)), ws::Opcode::pong);
            break;
        case Kind::pong:
        case Kind::none:
            break;
        case Kind::close:
            close_received_ = true;
            if (closing_) {  // the answer to ours
                if (outbox_.size() == 0) end();
                break;
            }
            close_with(ev.code == ws::close_code::no_status ? ws::close_code::normal : ev.code, "");
            break;
        case Kind::fail:
            if (ev.code == ws::close_code::too_big)
                spdlog::info("ws.too_large conn={} rep={} limit={}", conn_, rep_.id, options_.max_frame);
            close_with(ev.code, ev.payload);
            break;
    }
}

void WsSession::on_message(std::string text) {
    ++counters_.ws_messages_in;
    inbox_.push_back(std::move(text));
}

void WsSession::answer_next() {
    // The limiter judges each message as its turn comes, as if read then: what was allowed
    // before a close for abuse is still answered.
    while (!answering_ && !inbox_.empty() && !ended_ && !closing_) {
        auto text = std::move(inbox_.front());
        inbox_.erase(inbox_.begin());
        if (!limiter_.allow()) {
            ++counters_.rate_limited;
            if (++strikes_ > static_cast<int>(options_.rate_burst)) {
                spdlog::warn("ws.abuse conn={} team={} rep={} action=close_1008", conn_, rep_.team, rep_.id);
                close_with(ws::close_code::policy, "message rate limit exceeded persistently");
            } else {
                deliver(rate_limited_frame(text));
            }
            continue;
        }
        strikes_ = 0;
        // Parsed and checked here, on this connection's loop; only a valid message's handler
        // goes to the home loop. An invalid one is answered at once, in its turn.
        auto decoded = api_.decode_ws(text);
        if (auto* refusal = std::get_if<live::Frame>(&decoded)) {
            deliver(std::move(*refusal));
            continue;
        }
        answering_ = true;
        auto self = shared_from_this();
        asio::co_spawn(
            home_,
            [self, message = std::get<api::WsMessage>(std::move(decoded))]() mutable {
                return self->api_.handle_ws(self->rep_, std::move(message));
            },
            asio::bind_executor(executor_, [self](std::exception_ptr e, api::WsReply reply) {
                if (e) try {
                        std::rethrow_exception(e);
                    } catch (const std::exception& ex) {
                        spdlog::error("ws.handler_failed conn={} error=\"{}\"", self->conn_, ex.what());
                        reply = {};
                        reply.frame = api::Api::error_frame(nullptr, {domain::Errc::unavailable, "internal error; retry"});
                    }
                self->answered(std::move(reply));
            }));
    }
}

void WsSession::answered(api::WsReply reply) {
    answering_ = false;
    if (ended_) return;
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
        hub_.subscribe(shared_from_this(), std::move(*reply.subscribe));
    }
    if (reply.unsubscribe) {
        if (auto at = held(*reply.unsubscribe); at != topics_.end()) topics_.erase(at);
        hub_.unsubscribe(this, rep_.team, std::move(*reply.unsubscribe));
    }
    answer_next();
    wait_readable();
}

void WsSession::deliver(live::Frame frame, live::Topical of) { queue(std::move(frame), ws::Opcode::text, of); }

void WsSession::queue(live::Frame frame, ws::Opcode op, live::Topical of) {
    if (ended_ || outbox_.closed()) return;
    if (outbox_.push(std::move(frame), op, of) == Outbox::Push::full) {
        ++counters_.slow_consumers_dropped;
        spdlog::warn("ws.slow_consumer conn={} team={} rep={} queued={} bytes={}", conn_, rep_.team, rep_.id,
                     outbox_.size(), outbox_.bytes());
        // No close frame: it would queue behind what this peer is not reading.
        return end();
    }
    flush();
}

void WsSession::flush() {
    while (!write_waiting_ && !ended_ && outbox_.size() > 0) {
        const auto& item = outbox_.front();
        std::uint8_t header[ws::max_header];
        auto payload = item.bytes();
        auto header_len = ws::write_header(header, item.op, payload);
        auto skip = outbox_.written();
        iovec parts[2];
        int count = 0;
        if (skip < header_len) parts[count++] = {header + skip, header_len - skip};
        auto from = skip > header_len ? skip - header_len : 0;
        if (payload > from) parts[count++] = {const_cast<char*>(item.frame->data()) + from, payload - from};
        msghdr msg{};
        msg.msg_iov = parts;
        msg.msg_iovlen = static_cast<decltype(msg.msg_iovlen)>(count);
        auto n = ::sendmsg(socket_.native_handle(), &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            write_waiting_ = true;
            socket_.async_wait(Socket::wait_write, [self = shared_from_this()](const boost::system::error_code& ec) {
                self->write_waiting_ = false;
                if (self->ended_) return;
                if (ec) return self->end();
                self->flush();
            });
            return;
        }
        if (n < 0) return end();  // the socket failed: nothing more can be written
        outbox_.wrote(static_cast<std::size_t>(n));
        if (outbox_.written() < header_len + payload) continue;
        auto op = item.op;
        outbox_.pop();
        if (op == ws::Opcode::text) ++counters_.ws_frames_out;
        if (op == ws::Opcode::close) {
            // Ours went out: done if theirs came already, else they have close_grace to answer.
            if (close_received_) return end();
            boost::system::error_code ignored;
            socket_.shutdown(Socket::shutdown_send, ignored);
        }
    }
}

void WsSession::close_with(std::uint16_t code, std::string_view reason) {
    if (closing_ || ended_) return;
    closing_ = true;
    closing_since_ = Clock::now();
    inbox_.clear();
    outbox_.push_close(std::make_shared<const std::string>(ws::close_payload(code, reason)));
    flush();
}

void WsSession::close(std::string_view reason) {
    spdlog::info("ws.closed_by_server team={} rep={} reason=\"{}\"", rep_.team, rep_.id, reason);
    close_with(ws::close_code::policy, reason);
}

void WsSession::shutdown(std::shared_ptr<void> drained) {
    if (ended_) return;
    drained_ = std::move(drained);
    close_with(ws::close_code::going_away, "server shutting down");
}

void WsSession::tick(Clock::time_point now) {
    if (ended_) return;
    if (closing_) {
        if (now - closing_since_ >= close_grace) end();
        return;
    }
    if (now - last_heard_ >= options_.ws_idle) {
        spdlog::info("ws.silent_closed conn={} team={} rep={} silent_s={}", conn_, rep_.team, rep_.id,
                     std::chrono::duration_cast<std::chrono::seconds>(now - last_heard_).count());
        return end();  // no close frame: a peer this quiet is gone or not reading
    }
    if (now >= next_ping_) {
        report_seen(false);
        next_ping_ = now + options_.ws_ping;
        queue(nullptr, ws::Opcode::ping);  // a peer whose queue is full gets dropped here like for any frame
    }
}

void WsSession::end() {
    if (ended_) return;
    ended_ = true;
    auto self = shared_from_this();  // the sweep may hold the last reference
    hub_.detach(this);
    report_seen(true);
    outbox_.close();
    inbox_.clear();
    boost::system::error_code ignored;
    socket_.close(ignored);  // pending waits end with operation_aborted
    sweep_.remove(*this);
    --counters_.ws_connections;
    spdlog::debug("ws.close conn={} rep={}", conn_, rep_.id);
    drained_.reset();
}

void WsSession::report_seen(bool closing) {
    if (rep_.role != domain::Role::display) return;
    asio::co_spawn(home_, api_.display_seen(rep_, closing), [](std::exception_ptr e) {
        if (e) try { std::rethrow_exception(e); } catch (const std::exception& ex) {
            spdlog::error("ws.seen_escaped error=\"{}\"", ex.what());
        }
    });
}

}  // namespace wp::net
