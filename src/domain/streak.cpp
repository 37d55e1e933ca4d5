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

date::local_days local_day(const Calendar& calendar, TimePoint t) {
    return std::chrono::floor<date::days>(calendar.zone()->to_local(t));
}

bool works(const WorkingDays& days, date::local_days day) {
    return days.contains(date::weekday{day}.iso_encoding() - 1);  // iso_encoding: Monday 1 .. Sunday 7
}

}  // namespace

WorkingDayKeys working_day_keys(const Calendar& calendar, const WorkingDays& days, TimePoint now, std::size_t count) {
    WorkingDayKeys out;
    if (std::none_of(days.on.begin(), days.on.end(), [](bool b) { return b; })) return out;
    auto day = local_day(calendar, now);
    out.starts_today = works(days, day);
    // Local days, not 24-hour steps: a DST change makes a day 23 or 25 hours long.
    for (; out.keys.size() < count; day -= date::days{1})
        if (works(days, day)) out.keys.push_back("d:" + date_text(day));
    return out;
}

int current_streak(const std::vector<bool>& active, bool starts_today) {
    std::size_t i = (starts_today && !active.empty() && !active[0]) ? 1 : 0;
    int days = 0;
    for (; i < active.size() && active[i]; ++i) ++days;
    return days;
}

bool is_streak_milestone(int days) {
    return std::find(streak_milestones.begin(), streak_milestones.end(), days) != streak_milestones.end();
}

WeekRhythm week_rhythm(const Calendar& calendar, const WorkingDays& days, TimePoint now) {
    WeekRhythm out;
    out.week = calendar.period_key(Period::week, now);
    out.today = date_text(local_day(calendar, now));
    const auto first = local_day(calendar, calendar.window(Period::week, now).start);
    for (int i = 0; i < 7; ++i) {
        const auto day = first + date::days{i};
        if (!works(days, day)) continue;
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
