#pragma once
// One logged activity and the rules a `log` request must pass (protocol.md "log").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "domain/team.hpp"
#include "domain/time.hpp"

namespace wp::domain {

inline constexpr std::chrono::days max_backdate{7};
inline constexpr std::int64_t max_delta = 100;  // a delta lies in -max_delta..max_delta, not 0

struct Activity {
    std::string rep;
    std::string metric;
    std::string id;  // the client's idempotency key
    int delta = 1;
    TimePoint at;
};

struct LogRequest {
    std::string metric;
    std::int64_t delta = 1;
    std::string id;
    // RFC 3339 text as sent. Initialised so that `LogRequest{.metric = ..., .id = ...}` may
    // leave it out without -Wmissing-field-initializers.
    std::optional<std::string> at = std::nullopt;
};

// Activity ids: 1-64 characters of [A-Za-z0-9_-].
bool is_valid_activity_id(std::string_view id);

// Each rule failing gives bad_request with a message naming the field:
//   metric: "metric: 'X' is not one of this team's metrics (calls, appointments, proposals)"
//   delta:  "delta: -100..100, not 0"
//   id:     "id: 1-64 characters of [A-Za-z0-9_-]"
//   at:     not RFC 3339; "at: must not be in the future"; "at: must not be older than 7 days"
Result<Activity> make_activity(const Team& team, std::string rep, const LogRequest& request,
                               TimePoint now);

}  // namespace wp::domain
