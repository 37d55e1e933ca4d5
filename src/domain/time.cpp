#include "domain/time.hpp"

#include <cstddef>
#include <optional>

#include <date/date.h>

namespace wp::domain {
namespace {

// The value of text[pos, pos + count) when all of it is ASCII digits (no sign, no locale).
std::optional<int> digits_at(std::string_view text, std::size_t pos, std::size_t count) {
    if (pos + count > text.size()) return std::nullopt;
    int value = 0;
    for (char c : text.substr(pos, count)) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

bool char_at(std::string_view text, std::size_t pos, char expected) {
    return pos < text.size() && text[pos] == expected;
}

// "YYYY-MM-DDTHH:MM:SS", the fixed-width part every accepted text starts with.
constexpr std::size_t date_time_width = 19;

// The fraction after the seconds (".25" → 250 ms), truncated to milliseconds; advances pos.
// No fraction is zero; a dot without digits is malformed.
std::optional<std::chrono::milliseconds> parse_fraction(std::string_view text, std::size_t& pos) {
    using std::chrono::milliseconds;
    if (!char_at(text, pos, '.')) return milliseconds{0};
    ++pos;
    const std::size_t first = pos;
    int millis = 0;
    for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos)
        if (pos - first < 3) millis = millis * 10 + (text[pos] - '0');
    const std::size_t count = pos - first;
    if (count == 0) return std::nullopt;
    for (std::size_t i = count; i < 3; ++i) millis *= 10;  // ".2" is 200 ms
    return milliseconds{millis};
}

// "Z", "z" or "+HH:MM" / "-HH:MM", which must end the text: local time minus UTC.
std::optional<std::chrono::minutes> parse_offset(std::string_view rest) {
    using std::chrono::minutes;
    if (rest == "Z" || rest == "z") return minutes{0};
    if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':')
        return std::nullopt;
    const auto hours = digits_at(rest, 1, 2);
    const auto mins = digits_at(rest, 4, 2);
    if (!hours || !mins || *hours > 23 || *mins > 59) return std::nullopt;
    const minutes offset{*hours * 60 + *mins};
    return rest[0] == '-' ? -offset : offset;
}

}  // namespace

Result<TimePoint> parse_rfc3339(std::string_view text, std::string_view field) {
    const auto malformed = [&] {
        return bad_request(std::string(field) + ": not RFC 3339, e.g. 2026-11-24T09:14:03Z");
    };
    const auto year = digits_at(text, 0, 4);
    const auto month = digits_at(text, 5, 2);
    const auto day = digits_at(text, 8, 2);
    const auto hour = digits_at(text, 11, 2);
    const auto minute = digits_at(text, 14, 2);
    const auto second = digits_at(text, 17, 2);
    if (!year || !month || !day || !hour || !minute || !second) return malformed();
    if (!char_at(text, 4, '-') || !char_at(text, 7, '-') || !char_at(text, 13, ':') ||
        !char_at(text, 16, ':'))
        return malformed();
    if (!char_at(text, 10, 'T') && !char_at(text, 10, 't')) return malformed();

    const date::year_month_day ymd{date::year{*year}, date::month{static_cast<unsigned>(*month)},
                                   date::day{static_cast<unsigned>(*day)}};
    // Second 60 is rejected too: sys_time has no leap seconds to put it in.
    if (!ymd.ok() || *hour > 23 || *minute > 59 || *second > 59) return malformed();

    std::size_t pos = date_time_width;
    const auto fraction = parse_fraction(text, pos);
    if (!fraction) return malformed();
    const auto offset = parse_offset(text.substr(pos));
    if (!offset) return malformed();

    const auto local_instant = date::sys_days{ymd} + std::chrono::hours{*hour} +
                               std::chrono::minutes{*minute} + std::chrono::seconds{*second} +
                               *fraction;
    return TimePoint{local_instant - *offset};
}

std::string format_rfc3339(TimePoint t) {
    return date::format("%FT%TZ", t);  // %T prints the milliseconds of a millisecond time
}

}  // namespace wp::domain
