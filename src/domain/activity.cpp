#include "domain/activity.hpp"

#include <algorithm>

namespace wp::domain {
namespace {

constexpr std::size_t max_activity_id_length = 64;

bool is_activity_id_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

// "calls, appointments, proposals": the ids a metric error offers instead.
std::string metric_ids(const Team& team) {
    std::string ids;
    for (const auto& metric : team.metrics) {
        if (!ids.empty()) ids += ", ";
        ids += metric.id;
    }
    return ids;
}

}  // namespace

bool is_valid_activity_id(std::string_view id) {
    return !id.empty() && id.size() <= max_activity_id_length &&
           std::all_of(id.begin(), id.end(), is_activity_id_char);
}

Result<Activity> make_activity(const Team& team, std::string rep, const LogRequest& request,
                               TimePoint now) {
    if (!team.has_metric(request.metric))
        return bad_request("metric: '" + request.metric + "' is not one of this team's metrics (" +
                           metric_ids(team) + ")");
    if (request.delta == 0 || request.delta < -max_delta || request.delta > max_delta)
        return bad_request("delta: -100..100, not 0");
    if (!is_valid_activity_id(request.id))
        return bad_request("id: 1-64 characters of [A-Za-z0-9_-]");

    TimePoint at = now;
    if (request.at) {
        auto parsed = parse_rfc3339(*request.at, "at");
        if (!parsed) return parsed.error();
        at = *parsed;
    }
    if (at > now) return bad_request("at: must not be in the future");
    if (at < now - max_backdate)
        return bad_request("at: must not be older than " + std::to_string(max_backdate.count()) +
                           " days");

    const int delta = static_cast<int>(request.delta);  // -100..100 by now
    return Activity{std::move(rep), request.metric, request.id, delta, at};
}

}  // namespace wp::domain
