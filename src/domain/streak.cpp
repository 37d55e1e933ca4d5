#include "domain/streak.hpp"

#include <algorithm>

#include <date/date.h>
#include <date/tz.h>

namespace wp::domain {
namespace {
std::string two(unsigned v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::string date_text(date::local_days day) {
    const date::year_month_day ymd{day};
    return std::to_string(static_cast<int>(ymd.year())) + '-' + two(static_cast<unsigned>(ymd.month())) + '-' +
           two(static_cast<unsigned>(ymd.day()));
}

bool works(const WorkWeek& week, date::local_days day) {
    return week.works_on(static_cast<Weekday>(date::weekday{day}.c_encoding()));  // Sunday 0 .. Saturday 6
}

}  // namespace

WorkingDayKeys working_day_keys(const Calendar& calendar, const WorkWeek& week, TimePoint now, std::size_t count) {
    WorkingDayKeys out;
    out.starts_today = is_working_day(week, calendar, now);
    for (auto& date : recent_working_dates(week, calendar, now, static_cast<int>(count))) out.keys.push_back("d:" + date);
    return out;
}

int current_streak(const WorkWeek& week, const Calendar& calendar, TimePoint now, const WorkingDayKeys& days,
                   const std::vector<bool>& active) {
    std::set<std::string> dates;
    for (std::size_t i = 0; i < days.keys.size() && i < active.size(); ++i)
        if (active[i]) dates.insert(days.keys[i].substr(2));
    return working_day_streak(week, calendar, now, dates, static_cast<int>(days.keys.size()));
}

bool is_streak_milestone(int days) {
    return std::find(streak_milestones.begin(), streak_milestones.end(), days) != streak_milestones.end();
}

WeekRhythm week_rhythm(const Calendar& calendar, const WorkWeek& week, TimePoint now) {
    WeekRhythm out;
    out.week = calendar.period_key(Period::week, now);
    out.today = date_text(calendar.local_day(now));
    const auto first = calendar.local_day(calendar.window(Period::week, now).start);
    for (int i = 0; i < 7; ++i) {
        const auto day = first + date::days{i};
        if (!works(week, day)) continue;
        if (out.first_day.empty()) out.first_day = date_text(day);
        out.last_day = date_text(day);
    }
    return out;
}

std::optional<std::string> checkin_ask(const WeekRhythm& rhythm, bool has_commitment, bool has_reflection) {
    if (rhythm.first_day.empty() || rhythm.today < rhythm.first_day) return std::nullopt;
    if (!has_commitment) return "commitment";
    if (rhythm.today >= rhythm.last_day && !has_reflection) return "reflection";
    return std::nullopt;
}

}  // namespace wp::domain
