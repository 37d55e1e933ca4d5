#pragma once
// Streaks and the weekly rhythm of a pair card (protocol.md "Pairs first"), on the team's
// working days in the team's zone: a streak counts consecutive working days with at least one
// activity back from today (today counts once something is logged; a day off neither breaks nor
// extends it); the rhythm asks each rep for the week's commitment from the first working day and
// for how it went from the last.
#include <array>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/time.hpp"
#include "domain/work_week.hpp"

namespace wp::domain {

// How far back a streak is read: 65 working days, a quarter of five-day weeks. A longer streak
// shows as 65 until the best kept beside it says more.
inline constexpr std::size_t streak_window_days = 65;
// A streak reaching these is announced on the feed, once per streak.
inline constexpr std::array<int, 3> streak_milestones{5, 10, 20};

struct WorkingDayKeys {
    std::vector<std::string> keys;  // "d:2026-12-01", newest first
    bool starts_today = false;      // keys[0] is today (today is a working day)
};

// The board day keys of the last `count` working days up to today, in the team's zone (the
// work week's recent_working_dates as board keys).
WorkingDayKeys working_day_keys(const Calendar& calendar, const WorkWeek& week, TimePoint now, std::size_t count);

// The streak from which of those days had activity (same order), by the work week's rule
// (working_day_streak: today without activity yet does not break it).
int current_streak(const WorkWeek& week, const Calendar& calendar, TimePoint now, const WorkingDayKeys& days,
                   const std::vector<bool>& active);

// A streak milestone reached by `days`, if it is one.
bool is_streak_milestone(int days);

struct WeekRhythm {
    std::string week;       // "w:2026-W49"
    std::string first_day;  // the week's first working day, "2026-11-30"; empty when none
    std::string last_day;   // its last
    std::string today;
};

WeekRhythm week_rhythm(const Calendar& calendar, const WorkWeek& week, TimePoint now);

// What the card asks a rep now: "commitment" from the first working day until one is posted,
// then "reflection" from the last working day until that is posted; nothing otherwise.
std::optional<std::string> checkin_ask(const WeekRhythm& rhythm, bool has_commitment, bool has_reflection);

}  // namespace wp::domain
