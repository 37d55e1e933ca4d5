#pragma once
// The offset of a Redis node's clock from ours, measured from TIME's answer and when it was
// asked and answered: the midpoint is off by at most half the round trip.
#include <chrono>
#include <cstdint>
#include <optional>

namespace wp::store {

class ClockOffset {
public:
    using Clock = std::chrono::system_clock;
    // Returns the change, when it is a jump worth a warning (a clock stepped: NTP, a resumed VM).
    std::optional<std::chrono::milliseconds> observe(Clock::time_point sent, Clock::time_point answered,
                                                     std::int64_t redis_seconds, std::int64_t redis_micros);
    std::chrono::milliseconds offset() const { return offset_; }  // Redis's clock minus ours
    // `at` on our clock, on Redis's clock, in ms since the epoch.
    std::int64_t redis_ms(Clock::time_point at) const;

private:
    std::chrono::milliseconds offset_{0};
    bool measured_ = false;
};

}  // namespace wp::store
