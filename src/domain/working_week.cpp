#include "domain/working_week.hpp"

namespace wp::domain {
namespace {
constexpr std::array<std::string_view, 7> day_names{"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
}  // namespace

Result<WorkingDays> parse_working_days(const std::vector<std::string>& names) {
    WorkingDays days{};
    if (names.empty()) return bad_request("working_days: at least one of mon, tue, wed, thu, fri, sat, sun");
    for (const auto& name : names) {
        std::size_t i = 0;
        while (i < day_names.size() && day_names[i] != name) ++i;
        if (i == day_names.size())
            return bad_request("working_days: '" + name + "' is none of mon, tue, wed, thu, fri, sat, sun");
        if (days[i]) return bad_request("working_days: '" + name + "' appears more than once");
        days[i] = true;
    }
    return days;
}

std::vector<std::string> working_day_names(const WorkingDays& days) {
    std::vector<std::string> out;
    for (std::size_t k = 1; k <= 7; ++k)  // Monday first, Sunday last
        if (days[k % 7]) out.emplace_back(day_names[k % 7]);
    return out;
}

Result<std::chrono::minutes> parse_clock(std::string_view text, std::string_view field) {
    auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
    if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4))
        return bad_request(std::string(field) + ": a time HH:MM, 00:00-23:59");
    int hours = (text[0] - '0') * 10 + (text[1] - '0');
    int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (hours > 23 || minutes > 59) return bad_request(std::string(field) + ": a time HH:MM, 00:00-23:59");
    return std::chrono::minutes(hours * 60 + minutes);
}

std::string format_clock(std::chrono::minutes m) {
    auto total = m.count();
    auto two = [](long long v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
    return two(total / 60) + ':' + two(total % 60);
}

Result<QuietHours> make_quiet_hours(std::string_view start, std::string_view end) {
    auto from = parse_clock(start, "quiet_hours.start");
    if (!from) return from.error();
    auto to = parse_clock(end, "quiet_hours.end");
    if (!to) return to.error();
    if (*from == *to) return bad_request("quiet_hours: start and end must differ");
    return QuietHours{*from, *to};
}

}  // namespace wp::domain
