#pragma once
// Periods (day, week, month, quarter, all) computed in a team's time zone and week start.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <date/date.h>

#include "domain/result.hpp"
#include "domain/time.hpp"

namespace date { class time_zone; }

namespace wp::domain {

enum class Period { day, week, month, quarter, all };
inline constexpr std::array<Period, 5> all_periods{Period::day, Period::week, Period::month,
                                                   Period::quarter, Period::all};

std::string_view to_string(Period p);  // "day", "week", ...
std::optional<Period> parse_period(std::string_view text);

enum class WeekStart { monday, sunday };
std::string_view to_string(WeekStart w);  // "monday" / "sunday"
Result<WeekStart> parse_week_start(std::string_view text);  // bad_request "week_start: monday or sunday"

// [start, end) in UTC.
struct Window {
    TimePoint start;
    TimePoint end;
    bool contains(TimePoint t) const { return start <= t && t < end; }
    friend bool operator==(const Window&, const Window&) = default;
};

class Calendar {
public:
    // tz: an IANA name ("Europe/London"); unknown: bad_request "tz: unknown time zone 'X'".
    static Result<Calendar> make(std::string_view tz, WeekStart week_start);

    // The board key of the period that contains t, in the team's local time:
    // "d:2026-11-24", "w:2026-W48", "m:2026-11", "q:2026-Q4", "all".
    // Weeks starting monday use the ISO 8601 week number and ISO week-year. Weeks starting
    // sunday are labelled with the ISO week of their monday (the day after the sunday start),
    // so "w:2026-W48" names Sun 2026-11-22 .. Sat 2026-11-28 for such a team.
    std::string period_key(Period p, TimePoint t) const;

    // The period containing t, bounded by local midnights converted to UTC (a local midnight
    // skipped by a DST change maps to the transition instant). Period::all gives
    // [TimePoint::min(), TimePoint::max()).
    Window window(Period p, TimePoint t) const;

    // The local calendar date of t, "2026-11-24".
    std::string local_date(TimePoint t) const;
    // The same, as a day to count with.
    date::local_days local_day(TimePoint t) const;
    // The instant a local date ("2026-11-24") begins in the team's zone; bad_request naming
    // `field` for anything that is not a real YYYY-MM-DD date.
    Result<TimePoint> day_start(std::string_view local_date, std::string_view field) const;
    // t in the team's zone with its offset, to the second: "2026-11-24T02:14:03-07:00".
    std::string format_local(TimePoint t) const;

    const date::time_zone* zone() const { return zone_; }
    WeekStart week_start() const { return week_start_; }

private:
    Calendar(const date::time_zone* zone, WeekStart week_start)
        : zone_(zone), week_start_(week_start) {}
    const date::time_zone* zone_;
    WeekStart week_start_;
};

}  // namespace wp::domain
