#pragma once
// Instants and their RFC 3339 text form.
#include <chrono>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace wp::domain {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

// For tests only (config testing.clock_offset_s, 0 otherwise): the server's clock runs this far
// from the system's, so a test can put it just before a week start.
void set_clock_offset(std::chrono::milliseconds offset);
std::chrono::milliseconds clock_offset();

inline TimePoint now() {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()) + clock_offset();
}

// Accepts "2026-11-24T09:14:03Z", lower-case t/z, an optional fraction (any digits, kept to
// milliseconds) and a numeric offset "+01:00" / "-05:30". Anything else: bad_request naming
// `field`.
Result<TimePoint> parse_rfc3339(std::string_view text, std::string_view field = "at");

// UTC with milliseconds: "2026-11-24T09:14:03.250Z".
std::string format_rfc3339(TimePoint t);

}  // namespace wp::domain
