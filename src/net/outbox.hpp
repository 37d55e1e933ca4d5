#pragma once
// A connection's bounded send queue: one writer drains it; a peer that stops reading fills it
// and is dropped, never allowed to grow the server's memory.
#include <cstddef>
#include <vector>

#include "live/subscriber.hpp"

namespace wp::net {

class Outbox {
public:
    explicit Outbox(std::size_t limit) : limit_(limit) {}

    [[nodiscard]] bool push(live::Frame f) {  // false: this peer stopped reading
        if (closed_ || finishing_ || size() >= limit_) return false;
        if (head_ >= 32 && head_ * 2 >= frames_.size()) {  // a long backlog: drop what was sent
            frames_.erase(frames_.begin(), frames_.begin() + static_cast<std::ptrdiff_t>(head_));
            head_ = 0;
        }
        frames_.push_back(std::move(f));
        return true;
    }
    const live::Frame& front() const { return frames_[head_]; }
    void pop() {
        frames_[head_++].reset();
        if (head_ == frames_.size()) {  // drained: start over in the same storage
            frames_.clear();
            head_ = 0;
        }
    }
    void close() { closed_ = true; }  // the connection is gone: nothing more is written
    // Accepts nothing more; the writer drains what is queued, then sends the close frame.
    void finish() { finishing_ = true; }
    bool closed() const { return closed_ || finishing_; }  // accepts nothing more
    bool stopped() const { return closed_; }              // writes nothing more
    bool finishing() const { return finishing_; }
    std::size_t size() const { return frames_.size() - head_; }

private:
    // A vector and a read index rather than a deque: std::deque allocates 576 bytes up front,
    // per connection, while the usual one or two queued frames need a few pointers.
    std::vector<live::Frame> frames_;
    std::size_t head_ = 0;
    std::size_t limit_;
    bool closed_ = false;
    bool finishing_ = false;
};

}  // namespace wp::net
