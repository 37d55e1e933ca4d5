#pragma once
// The days of the week a team works (team setting `working_days`, e.g. ["mon",...,"fri"]): the
// days a streak counts and the pair's weekly rhythm (commit on the first, reflect on the last).
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace wp::domain {

// Day names as the wire spells them, Monday first (ISO 8601 order).
inline constexpr std::array<std::string_view, 7> weekday_names{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

struct WorkingDays {
    // Indexed Monday = 0 ... Sunday = 6. Monday to Friday unless the team says otherwise.
    std::array<bool, 7> on{true, true, true, true, true, false, false};
    bool contains(unsigned iso_index) const { return iso_index < 7 && on[iso_index]; }
    friend bool operator==(const WorkingDays&, const WorkingDays&) = default;
};

// 1-7 distinct day names; anything else is bad_request naming the rule.
Result<WorkingDays> parse_working_days(const std::vector<std::string>& days);
std::vector<std::string> to_strings(const WorkingDays& days);  // Monday first

}  // namespace wp::domain
