#pragma once
// How many activities one token may record over REST (POST /api/v1/activities): `per_minute`
// a minute, as a token bucket that holds a minute's worth and refills continuously. A batch
// asks for all its items at once and is refused whole when they do not fit, so a refusal
// records nothing. Counted per instance, in memory; keyed by the token's hash.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

namespace wp::api {

class ActivityBudget {
public:
    using Clock = std::chrono::steady_clock;
    explicit ActivityBudget(std::size_t per_minute) : per_minute_(per_minute) {}

    struct Verdict {
        bool allowed = true;
        int retry_after = 0;  // seconds until the request would fit (at least 1), when refused
    };
    // Takes `count` activities from `key`'s budget, or refuses and takes nothing.
    Verdict take(const std::string& key, std::size_t count, Clock::time_point now = Clock::now());
    std::size_t per_minute() const { return per_minute_; }
    std::size_t tracked() const { return buckets_.size(); }  // tokens seen within the last minute

private:
    struct Bucket {
        double tokens;
        Clock::time_point at;
    };
    double refilled(const Bucket& b, Clock::time_point now) const;

    std::size_t per_minute_;
    std::unordered_map<std::string, Bucket> buckets_;
    std::size_t takes_ = 0;
};

}  // namespace wp::api
