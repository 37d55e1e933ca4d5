#include "domain/pace.hpp"

#include <algorithm>

#include <date/date.h>
#include <date/tz.h>

namespace wp::domain {
namespace {

using std::chrono::milliseconds;

// The instant a local wall-clock time begins; a time skipped by a DST change maps to the
// change itself, a repeated one to its first occurrence.
TimePoint instant(const date::time_zone& zone, date::local_days day, std::chrono::minutes at) {
    return std::chrono::time_point_cast<milliseconds>(zone.to_sys(day + at, date::choose::earliest));
}

}  // namespace

milliseconds working_time(const Calendar& calendar, const Team& team, const Window& window) {
    if (window.end <= window.start) return milliseconds(0);
    const auto& zone = *calendar.zone();
    const auto quiet = team.work_week.quiet.value_or(pace_quiet_hours);
    // Work runs from the end of the quiet hours to their start, into the next day when the
    // quiet hours lie inside one day (quiet 02:00-04:00: work 04:00 to 02:00 the next day).
    const auto from = std::chrono::minutes(quiet.end), to = std::chrono::minutes(quiet.start);
    const auto next_day = to <= from ? date::days(1) : date::days(0);
    const auto first = std::chrono::floor<date::days>(zone.to_local(window.start)) - date::days(1);
    const auto last = std::chrono::floor<date::days>(zone.to_local(window.end - milliseconds(1)));
    milliseconds total(0);
    for (auto day = first; day <= last; day += date::days(1)) {
        if (!team.work_week.works_on(static_cast<Weekday>(date::weekday{day}.c_encoding()))) continue;
        const auto start = std::max(instant(zone, day, from), window.start);
        const auto end = std::min(instant(zone, day + next_day, to), window.end);
        if (end > start) total += end - start;
    }
    return total;
}

std::optional<Pace> pace(const Calendar& calendar, const Team& team, Period period, TimePoint now, std::int64_t target) {
    if (period != Period::day && period != Period::week && period != Period::month) return std::nullopt;
    const auto window = calendar.window(period, now);
    const auto working = working_time(calendar, team, window);
    if (working.count() == 0) return std::nullopt;
    const auto elapsed = working_time(calendar, team, {window.start, std::min(now, window.end)});
    Pace p;
    p.working = working;
    p.elapsed = elapsed;
    p.share = static_cast<double>(elapsed.count()) / static_cast<double>(working.count());
    p.expected = static_cast<double>(target) * p.share;
    return p;
}

}  // namespace wp::domain
