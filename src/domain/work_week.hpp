#pragma once
// A team's working week in its own zone: which days are working days, the quiet hours (when the
// wall dims), the day of the week in review and working-day streaks. Local wall-clock times, so
// a daylight-saving change moves nothing: 19:00 stays 19:00.
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/result.hpp"
#include "domain/time.hpp"

namespace wp::domain {

// C's numbering (date::weekday's c_encoding): Sunday 0 .. Saturday 6.
enum class Weekday { sun, mon, tue, wed, thu, fri, sat };
std::string_view to_string(Weekday d);  // "mon"
// 1-7 different days of "mon", "tue", ... "sun"; bad_request "working_days: ..." otherwise.
// Returned in week order from Sunday.
Result<std::vector<Weekday>> parse_working_days(const std::vector<std::string>& names);
std::vector<Weekday> default_working_days();  // Monday to Friday

// Quiet from `start` until `end`, minutes after local midnight; past midnight when end < start
// (19:00 to 07:00 is the night).
struct QuietHours {
    int start = 0;
    int end = 0;
    friend bool operator==(const QuietHours&, const QuietHours&) = default;
};
// "HH:MM" each (00:00-23:59), different from each other; errors name quiet_hours.start / .end.
Result<QuietHours> parse_quiet_hours(std::string_view start, std::string_view end);
std::string format_clock(int minutes);  // 420 -> "07:00"

struct WorkWeek {
    std::vector<Weekday> days = default_working_days();
    std::optional<QuietHours> quiet;  // none: the wall never dims on a working day
    friend bool operator==(const WorkWeek&, const WorkWeek&) = default;

    bool works_on(Weekday d) const;
    // The last working day of a week that begins on `week_start`: the week in review's day.
    Weekday review_day(WeekStart week_start) const;
};

Weekday local_weekday(const Calendar& calendar, TimePoint t);
bool is_working_day(const WorkWeek& week, const Calendar& calendar, TimePoint t);
// Outside working hours: a day off all day long, or a working day's time inside the quiet hours
// (with 19:00-07:00, Monday 06:59 is quiet and Monday 07:00 is not).
bool is_quiet(const WorkWeek& week, const Calendar& calendar, TimePoint t);
bool is_review_day(const WorkWeek& week, const Calendar& calendar, TimePoint t);

// The local dates of the last `count` working days up to and including today (today first),
// "2026-11-27": what a streak is counted over.
std::vector<std::string> recent_working_dates(const WorkWeek& week, const Calendar& calendar, TimePoint now,
                                              int count);
// Consecutive working days with activity (`active`: local dates), counted back from today.
// Today counts once it has activity and does not break the streak before it has any; days off
// neither break nor extend it.
int working_day_streak(const WorkWeek& week, const Calendar& calendar, TimePoint now,
                       const std::set<std::string>& active, int longest = 60);

}  // namespace wp::domain
