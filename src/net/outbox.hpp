#pragma once
// A connection's bounded send queue: one writer drains it; a peer that stops reading fills it
// and is dropped, never allowed to grow the server's memory.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>

#include "live/subscriber.hpp"

namespace wp::net {

class Outbox {
public:
    Outbox(boost::asio::any_io_executor ex, std::size_t limit) : wake_(ex), limit_(limit) {
        wake_.expires_at(boost::asio::steady_timer::time_point::max());
    }

    [[nodiscard]] bool push(live::Frame f) {  // false: this peer stopped reading
        if (closed_ || finishing_ || frames_.size() >= limit_) return false;
        frames_.push_back(std::move(f));
        wake_.cancel();
        return true;
    }
    // Waits for a frame; false once closed, or finished and drained.
    boost::asio::awaitable<bool> ready() {
        while (frames_.empty() && !closed_ && !finishing_) {
            wake_.expires_at(boost::asio::steady_timer::time_point::max());
            (void)co_await wake_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        }
        co_return !closed_ && !frames_.empty();
    }
    const live::Frame& front() const { return frames_.front(); }
    void pop() { frames_.pop_front(); }
    void close() {
        closed_ = true;
        wake_.cancel();
    }
    // Accepts nothing more; the writer drains what is queued, then stops.
    void finish() {
        finishing_ = true;
        wake_.cancel();
    }
    bool closed() const { return closed_ || finishing_; }
    std::size_t size() const { return frames_.size(); }

private:
    boost::asio::steady_timer wake_;
    std::deque<live::Frame> frames_;
    std::size_t limit_;
    bool closed_ = false;
    bool finishing_ = false;
};

}  // namespace wp::net
