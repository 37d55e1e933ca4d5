#pragma once
// At most N attempts a minute per key (a client address): guessing sign-in codes costs more
// than a minute per ten guesses. A fixed one-minute window per key; memory stays bounded by
// dropping expired windows whenever the table grows past `max_keys`.
#include <chrono>
#include <cstddef>
#include <string>
#include <unordered_map>

namespace wp::api {

class AttemptLimiter {
public:
    using Clock = std::chrono::steady_clock;
    AttemptLimiter(int per_minute, std::size_t max_keys = 10000) : per_minute_(per_minute), max_keys_(max_keys) {}

    // Counts one attempt; false when it is over the limit (and then it changes nothing).
    bool allow(const std::string& key, Clock::time_point now = Clock::now()) {
        auto& w = windows_[key];
        if (w.count == 0 || now - w.start >= std::chrono::minutes(1)) w = {now, 0};
        if (w.count >= per_minute_) return false;
        ++w.count;
        if (windows_.size() > max_keys_) prune(now);
        return true;
    }
    // Seconds until the key's window ends (for Retry-After).
    long long retry_after(const std::string& key, Clock::time_point now = Clock::now()) const {
        auto it = windows_.find(key);
        if (it == windows_.end()) return 0;
        auto left = std::chrono::duration_cast<std::chrono::seconds>(it->second.start + std::chrono::minutes(1) - now);
        return left.count() > 0 ? left.count() + 1 : 0;
    }
    std::size_t keys() const { return windows_.size(); }

private:
    struct Window {
        Clock::time_point start;
        int count = 0;
    };
    void prune(Clock::time_point now) {
        std::erase_if(windows_, [&](const auto& kv) { return now - kv.second.start >= std::chrono::minutes(1); });
    }
    int per_minute_;
    std::size_t max_keys_;
    std::unordered_map<std::string, Window> windows_;
};

}  // namespace wp::api
