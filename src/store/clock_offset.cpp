#include "store/clock_offset.hpp"

namespace wp::store {

std::optional<std::chrono::milliseconds> ClockOffset::observe(Clock::time_point sent, Clock::time_point answered,
                                                              std::int64_t redis_seconds, std::int64_t redis_micros) {
    using namespace std::chrono;
    // A slow answer (a busy Redis) keeps the last measurement rather than move write deadlines
    // by up to half a second.
    if (measured_ && answered - sent > milliseconds(100)) return std::nullopt;
    auto redis_now = sys_time<milliseconds>(milliseconds(redis_seconds * 1000 + redis_micros / 1000));
    auto ours = time_point_cast<milliseconds>(sent + (answered - sent) / 2);
    auto offset = duration_cast<milliseconds>(redis_now - ours);
    std::optional<milliseconds> jump;
    if (measured_ && std::chrono::abs(offset - offset_) > milliseconds(500)) jump = offset - offset_;
    offset_ = offset;
    measured_ = true;
    return jump;
}

std::int64_t ClockOffset::redis_ms(Clock::time_point at) const {
    using namespace std::chrono;
    return (time_point_cast<milliseconds>(at) + offset_).time_since_epoch().count();
}

}  // namespace wp::store
