#include "domain/work_week.hpp"

#include <algorithm>
#include <array>

#include <date/date.h>
#include <date/tz.h>

namespace wp::domain {
namespace {
constexpr std::array<std::string_view, 7> day_names{"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

Weekday weekday_of(date::local_days day) { return static_cast<Weekday>(date::weekday{day}.c_encoding()); }

int local_minutes(const Calendar& calendar, TimePoint t) {
    const auto local = calendar.zone()->to_local(t);
    return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(local - std::chrono::floor<date::days>(local)).count());
}

std::string format_day(date::local_days day) {
    const date::year_month_day ymd{day};
    auto two = [](unsigned v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
    return std::to_string(static_cast<int>(ymd.year())) + '-' + two(static_cast<unsigned>(ymd.month())) + '-' +
           two(static_cast<unsigned>(ymd.day()));
}

std::optional<int> parse_clock(std::string_view text) {
    if (text.size() != 5 || text[2] != ':') return std::nullopt;
    for (std::size_t i : {0u, 1u, 3u, 4u})
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
    const int hours = (text[0] - '0') * 10 + (text[1] - '0');
    const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (hours > 23 || minutes > 59) return std::nullopt;
    return hours * 60 + minutes;
}

}  // namespace

std::string_view to_string(Weekday d) { return day_names[static_cast<std::size_t>(d)]; }

std::vector<Weekday> default_working_days() {
    return {Weekday::mon, Weekday::tue, Weekday::wed, Weekday::thu, Weekday::fri};
}

Result<std::vector<Weekday>> parse_working_days(const std::vector<std::string>& names) {
    const std::string rule = "working_days: 1-7 different days of mon, tue, wed, thu, fri, sat, sun";
    if (names.empty() || names.size() > 7) return bad_request(rule);
    std::array<bool, 7> seen{};
    for (const auto& name : names) {
        auto it = std::find(day_names.begin(), day_names.end(), name);
        if (it == day_names.end())
            return bad_request("working_days: '" + name + "' is not one of mon, tue, wed, thu, fri, sat, sun");
        auto i = static_cast<std::size_t>(it - day_names.begin());
        if (seen[i]) return bad_request("working_days: '" + name + "' appears more than once");
        seen[i] = true;
    }
    std::vector<Weekday> days;
    for (std::size_t i = 0; i < seen.size(); ++i)
        if (seen[i]) days.push_back(static_cast<Weekday>(i));
    return days;
}

Result<QuietHours> parse_quiet_hours(std::string_view start, std::string_view end) {
    auto from = parse_clock(start);
    if (!from) return bad_request("quiet_hours.start: a local time HH:MM, 00:00-23:59");
    auto to = parse_clock(end);
    if (!to) return bad_request("quiet_hours.end: a local time HH:MM, 00:00-23:59");
    if (*from == *to) return bad_request("quiet_hours: start and end differ (19:00 to 07:00 is the night)");
    return QuietHours{*from, *to};
}

std::string format_clock(int minutes) {
    auto two = [](int v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
    return two(minutes / 60) + ":" + two(minutes % 60);
}

bool WorkWeek::works_on(Weekday d) const { return std::find(days.begin(), days.end(), d) != days.end(); }

Weekday WorkWeek::review_day(WeekStart week_start) const {
    const int first = week_start == WeekStart::monday ? 1 : 0;
    for (int back = 6; back >= 0; --back) {
        auto d = static_cast<Weekday>((first + back) % 7);
        if (works_on(d)) return d;
    }
    return Weekday::fri;  // no working day at all: parse_working_days never lets that happen
}

Weekday local_weekday(const Calendar& calendar, TimePoint t) { return weekday_of(calendar.local_day(t)); }

bool is_working_day(const WorkWeek& week, const Calendar& calendar, TimePoint t) {
    return week.works_on(local_weekday(calendar, t));
}

bool is_quiet(const WorkWeek& week, const Calendar& calendar, TimePoint t) {
    if (!is_working_day(week, calendar, t)) return true;
    if (!week.quiet) return false;
    const int m = local_minutes(calendar, t);
    const auto [start, end] = *week.quiet;
    return start < end ? (m >= start && m < end) : (m >= start || m < end);
}

bool is_review_day(const WorkWeek& week, const Calendar& calendar, TimePoint t) {
    return is_working_day(week, calendar, t) && local_weekday(calendar, t) == week.review_day(calendar.week_start());
}

std::vector<std::string> recent_working_dates(const WorkWeek& week, const Calendar& calendar, TimePoint now,
                                              int count) {
    std::vector<std::string> dates;
    if (week.days.empty()) return dates;
    // Calendar days, not instants: a 23- or 25-hour day is still one step back.
    for (auto day = calendar.local_day(now); static_cast<int>(dates.size()) < count; day -= date::days{1})
        if (week.works_on(weekday_of(day))) dates.push_back(format_day(day));
    return dates;
}

int working_day_streak(const WorkWeek& week, const Calendar& calendar, TimePoint now,
                       const std::set<std::string>& active, int longest) {
    auto dates = recent_working_dates(week, calendar, now, longest + 1);
    const bool today_works = week.works_on(local_weekday(calendar, now));
    int streak = 0;
    for (std::size_t i = 0; i < dates.size(); ++i) {
        if (active.contains(dates[i])) {
            ++streak;
            continue;
        }
        // Today without activity yet: the streak up to yesterday still stands.
        if (i == 0 && today_works) continue;
        break;
    }
    return std::min(streak, longest);
}

}  // namespace wp::domain
