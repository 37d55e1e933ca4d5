#pragma once
// A connection's bounded send queue: one writer drains it; a peer that stops reading fills it
// and is dropped, never allowed to grow the server's memory.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <vector>

#include "live/subscriber.hpp"

namespace wp::net {

class Outbox {
public:
    Outbox(boost::asio::any_io_executor ex, std::size_t limit) : wake_(ex), limit_(limit) {
        wake_.expires_at(boost::asio::steady_timer::time_point::max());
    }

    [[nodiscard]] bool push(live::Frame f) {  // false: this peer stopped reading
        if (closed_ || finishing_ || size() >= limit_) return false;
        if (head_ >= 32 && head_ * 2 >= frames_.size()) {  // a long backlog: drop what was sent
            frames_.erase(frames_.begin(), frames_.begin() + static_cast<std::ptrdiff_t>(head_));
            head_ = 0;
        }
        frames_.push_back(std::move(f));
        wake_.cancel();
        return true;
    }
    // Waits for a frame; false once closed, or finished and drained.
    boost::asio::awaitable<bool> ready() {
        while (size() == 0 && !closed_ && !finishing_) {
            wake_.expires_at(boost::asio::steady_timer::time_point::max());
            (void)co_await wake_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        }
        co_return !closed_ && size() > 0;
    }
    const live::Frame& front() const { return frames_[head_]; }
    void pop() {
        frames_[head_++].reset();
        if (head_ == frames_.size()) {  // drained: start over in the same storage
            frames_.clear();
            head_ = 0;
        }
    }
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
    std::size_t size() const { return frames_.size() - head_; }

private:
    boost::asio::steady_timer wake_;
    // A vector and a read index rather than a deque: std::deque allocates 576 bytes up front,
    // per connection, while the usual one or two queued frames need a few pointers.
    std::vector<live::Frame> frames_;
    std::size_t head_ = 0;
    std::size_t limit_;
    bool closed_ = false;
    bool finishing_ = false;
};

}  // namespace wp::net
