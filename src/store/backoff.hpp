#pragma once
// The one backoff: doubling from `min` up to `max`, back to `min` on reset(). The connection
// waits on it before reconnecting; the cluster client before resending a command Redis
// answered TRYAGAIN or CLUSTERDOWN.
#include <algorithm>
#include <chrono>

namespace wp::store {

class Backoff {
public:
    Backoff(std::chrono::milliseconds min, std::chrono::milliseconds max) : min_(min), max_(max), next_(min) {}
    // The wait to take now; the one after is twice as long, up to max.
    std::chrono::milliseconds next() {
        auto now = next_;
        next_ = std::min(next_ * 2, max_);
        return now;
    }
    std::chrono::milliseconds peek() const { return next_; }
    void reset() { next_ = min_; }

private:
    std::chrono::milliseconds min_, max_, next_;
};

}  // namespace wp::store
