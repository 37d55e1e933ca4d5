#pragma once
// A token bucket: `burst` messages at once, refilled at `per_second`.
#include <algorithm>
#include <chrono>

namespace wp::net {

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;
    RateLimiter(double burst, double per_second)
        : burst_(burst), per_second_(per_second), tokens_(burst), last_(Clock::now()) {}

    bool allow(Clock::time_point now = Clock::now()) {
        std::chrono::duration<double> elapsed = now - last_;
        last_ = now;
        tokens_ = std::min(burst_, tokens_ + elapsed.count() * per_second_);
        if (tokens_ < 1.0) return false;
        tokens_ -= 1.0;
        return true;
    }

private:
    double burst_, per_second_, tokens_;
    Clock::time_point last_;
};

}  // namespace wp::net
