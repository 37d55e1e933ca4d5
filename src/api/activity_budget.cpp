#include "api/activity_budget.hpp"

#include <algorithm>
#include <cmath>

namespace wp::api {

double ActivityBudget::refilled(const Bucket& b, Clock::time_point now) const {
    std::chrono::duration<double> elapsed = now - b.at;
    return std::min(static_cast<double>(per_minute_), b.tokens + elapsed.count() * static_cast<double>(per_minute_) / 60.0);
}

ActivityBudget::Verdict ActivityBudget::take(const std::string& key, std::size_t count, Clock::time_point now) {
    // A full bucket is the same as none: forget those now and then, so memory follows the
    // tokens active in the last minute, not every token ever seen.
    if (++takes_ % 1024 == 0)
        std::erase_if(buckets_, [&](const auto& kv) { return refilled(kv.second, now) >= static_cast<double>(per_minute_); });
    auto [it, added] = buckets_.try_emplace(key, Bucket{static_cast<double>(per_minute_), now});
    auto& bucket = it->second;
    bucket.tokens = refilled(bucket, now);
    bucket.at = now;
    auto wanted = static_cast<double>(count);
    if (wanted <= bucket.tokens) {
        bucket.tokens -= wanted;
        return {};
    }
    if (count > per_minute_) return {false, 60};  // never fits: a whole minute, then it still does not
    auto seconds = (wanted - bucket.tokens) * 60.0 / static_cast<double>(per_minute_);
    return {false, std::max(1, static_cast<int>(std::ceil(seconds)))};
}

}  // namespace wp::api
