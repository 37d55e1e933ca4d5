#include "domain/working_days.hpp"

#include <algorithm>

namespace wp::domain {

Result<WorkingDays> parse_working_days(const std::vector<std::string>& days) {
    const auto rule = [] { return bad_request("working_days: 1-7 of mon, tue, wed, thu, fri, sat, sun, each once"); };
    if (days.empty() || days.size() > 7) return rule();
    WorkingDays out;
    out.on.fill(false);
    for (const auto& d : days) {
        auto it = std::find(weekday_names.begin(), weekday_names.end(), d);
        if (it == weekday_names.end()) return rule();
        auto i = static_cast<std::size_t>(it - weekday_names.begin());
        if (out.on[i]) return rule();
        out.on[i] = true;
    }
    return out;
}

std::vector<std::string> to_strings(const WorkingDays& days) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < 7; ++i)
        if (days.on[i]) out.emplace_back(weekday_names[i]);
    return out;
}

}  // namespace wp::domain
