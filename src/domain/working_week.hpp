#pragma once
// A team's working week: the days it works and its quiet hours (protocol.md "The wall as a
// kiosk"). The wall dims in quiet hours; pace against a target counts only working time.
#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace wp::domain {

// Indexed like date::weekday::c_encoding(): 0 is Sunday, 6 is Saturday.
using WorkingDays = std::array<bool, 7>;
inline constexpr WorkingDays monday_to_friday{false, true, true, true, true, true, false};

// Local wall-clock times of the team's zone, as minutes since midnight (0..1439).
struct QuietHours {
    std::chrono::minutes start{0};  // quiet from here ...
    std::chrono::minutes end{0};    // ... until here, the next day when end < start
    friend bool operator==(const QuietHours&, const QuietHours&) = default;
};

// Pace without quiet hours runs over 09:00-17:00 on working days.
inline constexpr QuietHours default_quiet_hours{std::chrono::hours(17), std::chrono::hours(9)};

// ["mon", "tue", ...]: any of mon tue wed thu fri sat sun, each once, at least one.
// bad_request "working_days: ..." naming the rule.
Result<WorkingDays> parse_working_days(const std::vector<std::string>& names);
std::vector<std::string> working_day_names(const WorkingDays& days);  // in week order from Monday

// "HH:MM", 00:00-23:59; bad_request naming `field`.
Result<std::chrono::minutes> parse_clock(std::string_view text, std::string_view field);
std::string format_clock(std::chrono::minutes m);  // "08:30"
// Both times, which must differ (equal times would be quiet all day or never).
Result<QuietHours> make_quiet_hours(std::string_view start, std::string_view end);

}  // namespace wp::domain
