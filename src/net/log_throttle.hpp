#pragma once
// A warning that can repeat thousands of times a second (a refused or evicted connection, a
// failed accept) is logged at most once per interval, with how many times it happened since
// the line before, so a flood of them never becomes a flood of log lines.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <utility>

namespace wp::net {

class LogThrottle {
public:
    using Clock = std::chrono::steady_clock;
    explicit LogThrottle(Clock::duration every = std::chrono::seconds(1)) : every_(every) {}

    // Counts one occurrence. When a line is due, returns how many occurred since the last one
    // (this one included); else nullopt, and the occurrence is counted into the next line.
    std::optional<std::uint64_t> note(Clock::time_point now = Clock::now()) {
        std::lock_guard lock(mutex_);
        ++pending_;
        if (logged_ && now - last_ < every_) return std::nullopt;
        logged_ = true;
        last_ = now;
        return std::exchange(pending_, 0);
    }

private:
    std::mutex mutex_;  // noted from every io loop
    Clock::duration every_;
    Clock::time_point last_{};
    bool logged_ = false;
    std::uint64_t pending_ = 0;
};

}  // namespace wp::net
