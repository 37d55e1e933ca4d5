#pragma once
// Pace: where a rep should be by now against a target, the target's share of the period's
// working time already past. Working time is the team's working days outside its quiet hours
// (09:00-17:00 when it has none), on its own wall clock, daylight-saving changes included: a
// day whose working hours lose an hour to the spring change has an hour less to spread over.
#include <chrono>
#include <cstdint>
#include <optional>

#include "domain/calendar.hpp"
#include "domain/team.hpp"

namespace wp::domain {

// Without quiet hours of its own a team is paced over 09:00-17:00 of its working days.
inline constexpr QuietHours pace_quiet_hours{17 * 60, 9 * 60};

struct Pace {
    double expected = 0;  // target x elapsed / working, 0..target
    double share = 0;     // elapsed / working, 0..1
    std::chrono::milliseconds elapsed{0}, working{0};
};

// The working time of `team` inside `window`.
std::chrono::milliseconds working_time(const Calendar& calendar, const Team& team, const Window& window);

// Pace for a day, week or month target at `now`; nothing when the period holds no working time
// (a day target on a day off) or for a quarter or all time.
std::optional<Pace> pace(const Calendar& calendar, const Team& team, Period period, TimePoint now, std::int64_t target);

}  // namespace wp::domain
