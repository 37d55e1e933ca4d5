#include "domain/calendar.hpp"

#include <stdexcept>
#include <utility>

#include <date/date.h>
#include <date/iso_week.h>
#include <date/tz.h>

namespace wp::domain {
namespace {
// Decimal digits of a non-negative value, zero-padded on the left to `width`.
std::string padded(int value, std::size_t width) {
    std::string digits = std::to_string(value);
    if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
    return digits;
}

std::string format_date(const date::year_month_day& ymd) {
    return padded(static_cast<int>(ymd.year()), 4) + '-' +
           padded(static_cast<int>(static_cast<unsigned>(ymd.month())), 2) + '-' +
           padded(static_cast<int>(static_cast<unsigned>(ymd.day())), 2);
}

date::weekday first_weekday(WeekStart week_start) {
    return week_start == WeekStart::monday ? date::Monday : date::Sunday;
}

// The local calendar day that contains t.
date::local_days local_day_in(const date::time_zone& zone, TimePoint t) {
    return std::chrono::floor<date::days>(zone.to_local(t));
}

// A local midnight skipped by a DST change (America/Havana jumps from 0:00 to 1:00) has no
// instant of its own: to_sys then gives the transition, where that day really begins. A
// midnight that happens twice takes the earlier instant, so the day starts at its first one.
TimePoint midnight_utc(const date::time_zone& zone, date::local_days day) {
    return zone.to_sys(day, date::choose::earliest);
}

// The first local day of the period that contains `day`, and the first day of the next one.
std::pair<date::local_days, date::local_days> local_bounds(Period p, date::local_days day,
                                                           WeekStart week_start) {
    const date::year_month_day ymd{day};
    switch (p) {
        case Period::day: return {day, day + date::days{1}};
        case Period::week: {
            // weekday - weekday counts forward, 0..6 days since the week began.
            const auto first = day - (date::weekday{day} - first_weekday(week_start));
            return {first, first + date::weeks{1}};
        }
        case Period::month: {
            const auto month = ymd.year() / ymd.month();
            return {date::local_days{month / 1}, date::local_days{(month + date::months{1}) / 1}};
        }
        case Period::quarter: {
            const unsigned months_into_quarter = (static_cast<unsigned>(ymd.month()) - 1) % 3;
            const auto first = ymd.year() / ymd.month() - date::months{months_into_quarter};
            return {date::local_days{first / 1}, date::local_days{(first + date::months{3}) / 1}};
        }
        case Period::all: break;
    }
    return {day, day};  // Period::all has no local bounds; window() answers it before
}

}  // namespace

std::string_view to_string(Period p) {
    switch (p) {
        case Period::day: return "day";
        case Period::week: return "week";
        case Period::month: return "month";
        case Period::quarter: return "quarter";
        case Period::all: return "all";
    }
    return "unknown";
}

std::optional<Period> parse_period(std::string_view text) {
    for (Period p : all_periods)
        if (to_string(p) == text) return p;
    return std::nullopt;
}

std::string_view to_string(WeekStart w) {
    return w == WeekStart::monday ? "monday" : "sunday";
}

Result<WeekStart> parse_week_start(std::string_view text) {
    if (text == "monday") return WeekStart::monday;
    if (text == "sunday") return WeekStart::sunday;
    return bad_request("week_start: monday or sunday");
}

Result<Calendar> Calendar::make(std::string_view tz, WeekStart week_start) {
    // "localtime" is a link to /etc/localtime in the OS database, not an IANA name: periods
    // would follow whatever clock the server happens to be set to.
    if (tz != "localtime") {
        try {
            return Calendar{date::locate_zone(tz), week_start};
        } catch (const std::runtime_error&) {  // date's "X not found in timezone database"
        }
    }
    return bad_request("tz: unknown time zone '" + std::string(tz) + "'");
}

std::string Calendar::period_key(Period p, TimePoint t) const {
    const date::local_days day = local_day_in(*zone_, t);
    const date::year_month_day ymd{day};
    switch (p) {
        case Period::day: return "d:" + format_date(ymd);
        case Period::week: {
            // A sunday-start week takes the ISO week of its monday, the day after it starts;
            // every other day of it already lies in that ISO week.
            const bool starts_on_this_day =
                week_start_ == WeekStart::sunday && date::weekday{day} == date::Sunday;
            const iso_week::year_weeknum_weekday iso{starts_on_this_day ? day + date::days{1}
                                                                        : day};
            return "w:" + padded(static_cast<int>(iso.year()), 4) + "-W" +
                   padded(static_cast<int>(static_cast<unsigned>(iso.weeknum())), 2);
        }
        case Period::month:
            return "m:" + padded(static_cast<int>(ymd.year()), 4) + '-' +
                   padded(static_cast<int>(static_cast<unsigned>(ymd.month())), 2);
        case Period::quarter: {
            const unsigned quarter = (static_cast<unsigned>(ymd.month()) - 1) / 3 + 1;
            return "q:" + padded(static_cast<int>(ymd.year()), 4) + "-Q" + std::to_string(quarter);
        }
        case Period::all: break;
    }
    return "all";
}

Window Calendar::window(Period p, TimePoint t) const {
    if (p == Period::all) return {TimePoint::min(), TimePoint::max()};
    const auto [first, next] = local_bounds(p, local_day_in(*zone_, t), week_start_);
    return {midnight_utc(*zone_, first), midnight_utc(*zone_, next)};
}

std::string Calendar::local_date(TimePoint t) const {
    return format_date(date::year_month_day{local_day_in(*zone_, t)});
}

date::local_days Calendar::local_day(TimePoint t) const { return local_day_in(*zone_, t); }

Result<TimePoint> Calendar::day_start(std::string_view text, std::string_view field) const {
    auto refusal = [&] { return bad_request(std::string(field) + ": a date YYYY-MM-DD"); };
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return refusal();
    int parts[3] = {0, 0, 0};
    std::size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
    for (int i = 0; i < 3; ++i)
        for (std::size_t k = 0; k < lengths[i]; ++k) {
            char c = text[starts[i] + k];
            if (c < '0' || c > '9') return refusal();
            parts[i] = parts[i] * 10 + (c - '0');
        }
    const date::year_month_day ymd{date::year{parts[0]}, date::month{static_cast<unsigned>(parts[1])},
                                   date::day{static_cast<unsigned>(parts[2])}};
    if (!ymd.ok()) return refusal();
    return midnight_utc(*zone_, date::local_days{ymd});
}

std::string Calendar::format_local(TimePoint t) const {
    const auto info = zone_->get_info(std::chrono::time_point_cast<std::chrono::seconds>(t));
    const auto local = std::chrono::time_point_cast<std::chrono::seconds>(zone_->to_local(t));
    const auto day = std::chrono::floor<date::days>(local);
    const date::hh_mm_ss<std::chrono::seconds> time{local - day};
    const auto offset_minutes = std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
    const auto magnitude = static_cast<int>(offset_minutes < 0 ? -offset_minutes : offset_minutes);
    return format_date(date::year_month_day{day}) + 'T' + padded(static_cast<int>(time.hours().count()), 2) + ':' +
           padded(static_cast<int>(time.minutes().count()), 2) + ':' +
           padded(static_cast<int>(time.seconds().count()), 2) + (offset_minutes < 0 ? '-' : '+') +
           padded(magnitude / 60, 2) + ':' + padded(magnitude % 60, 2);
}

}  // namespace wp::domain
