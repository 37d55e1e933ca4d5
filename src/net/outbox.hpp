#pragma once
// A connection's bounded send queue, capped in frames and in bytes: a peer that stops reading
// fills it and is dropped, never allowed to grow the server's memory. Latest wins: a topic's
// update that is queued and not yet being written is replaced by the topic's newer one (each
// carries the topic's full state), so a slow reader of boards gets their newest state instead of
// a growing backlog; events, answers and snapshots are never replaced.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "live/subscriber.hpp"
#include "net/ws_frames.hpp"

namespace wp::net {

class Outbox {
public:
    struct Item {
        live::Frame frame;  // null: no payload (a ping)
        ws::Opcode op = ws::Opcode::text;
        live::Topical of;
        std::size_t bytes() const { return frame ? frame->size() : 0; }
    };
    enum class Push { queued, replaced, full };

    Outbox(std::size_t max_frames, std::size_t max_bytes) : max_frames_(max_frames), max_bytes_(max_bytes) {}

    // full: this peer stopped reading (or the queue is closed).
    [[nodiscard]] Push push(live::Frame f, ws::Opcode op = ws::Opcode::text, live::Topical of = {}) {
        if (closed_ || finishing_) return Push::full;
        if (of.update && of.topic != 0)
            for (auto i = items_.size(); i-- > head_;) {
                if (items_[i].of.topic != of.topic) continue;
                if (!items_[i].of.update || (i == head_ && written_ > 0)) break;  // a snapshot, or being written
                bytes_ = bytes_ - items_[i].bytes() + (f ? f->size() : 0);
                items_[i].frame = std::move(f);
                return Push::replaced;
            }
        std::size_t size = f ? f->size() : 0;
        // One frame always fits an empty queue, however large: the cap bounds a backlog.
        if (this->size() >= max_frames_ || (this->size() > 0 && bytes_ + size > max_bytes_)) return Push::full;
        add(Item{std::move(f), op, of});
        return Push::queued;
    }
    // The close frame goes last, past the caps and after finish().
    void push_close(live::Frame payload) {
        if (closed_) return;
        finishing_ = true;
        add(Item{std::move(payload), ws::Opcode::close, {}});
    }
    const Item& front() const { return items_[head_]; }
    // Bytes of the front frame (its header and payload together) already written.
    std::size_t written() const { return written_; }
    void wrote(std::size_t n) { written_ += n; }
    void pop() {
        bytes_ -= items_[head_].bytes();
        items_[head_++].frame.reset();
        written_ = 0;
        if (head_ == items_.size()) {  // drained: start over in the same storage
            items_.clear();
            head_ = 0;
        }
    }
    void close() {  // the connection is gone: nothing more is written
        closed_ = true;
        items_ = {};
        head_ = 0;
        bytes_ = 0;
    }
    void finish() { finishing_ = true; }  // accepts nothing more but the close frame
    bool closed() const { return closed_ || finishing_; }  // accepts nothing more
    bool stopped() const { return closed_; }              // writes nothing more
    std::size_t size() const { return items_.size() - head_; }
    std::size_t bytes() const { return bytes_; }

private:
    void add(Item item) {
        if (head_ >= 32 && head_ * 2 >= items_.size()) {  // a long backlog: drop what was sent
            items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
            head_ = 0;
        }
        bytes_ += item.bytes();
        items_.push_back(std::move(item));
    }

    // A vector and a read index rather than a deque: std::deque allocates 576 bytes up front,
    // per connection, while the usual one or two queued frames need a few pointers.
    std::vector<Item> items_;
    std::size_t head_ = 0;
    std::size_t written_ = 0;
    std::size_t bytes_ = 0;
    std::size_t max_frames_, max_bytes_;
    bool closed_ = false;
    bool finishing_ = false;
};

}  // namespace wp::net
