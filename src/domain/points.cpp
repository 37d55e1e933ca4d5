#include "domain/points.hpp"

#include <algorithm>

namespace wp::domain {

int weight_of(const Team& team, std::string_view metric) {
    if (!team.has_metric(metric)) return 0;
    auto it = team.points.find(metric);
    return it == team.points.end() ? default_weight : it->second;
}

Result<Team> with_points(const Team& team, const std::map<std::string, std::optional<std::int64_t>>& changes) {
    Team next = team;
    for (const auto& [metric, weight] : changes) {
        if (!team.has_metric(metric))
            return bad_request("points." + metric + ": not one of this team's metrics");
        if (!weight) {
            next.points.erase(metric);
            continue;
        }
        if (*weight < 0 || *weight > max_weight)
            return bad_request("points." + metric + ": a weight 0-" + std::to_string(max_weight));
        next.points.insert_or_assign(metric, static_cast<int>(*weight));
    }
    return next;
}

std::vector<Standing> points_of(const Team& team, const std::vector<MetricStandings>& boards) {
    std::map<std::string, std::int64_t, std::less<>> sums;
    for (const auto& board : boards) {
        const std::int64_t weight = weight_of(team, board.metric);
        for (const auto& s : board.standings) sums[s.rep] += weight * s.count;
    }
    std::vector<Standing> out;
    out.reserve(sums.size());
    for (auto& [rep, points] : sums) out.push_back({rep, points});
    return out;
}

std::int64_t points_total(const Team& team, const std::vector<std::pair<std::string, std::int64_t>>& totals) {
    std::int64_t sum = 0;
    for (const auto& [metric, total] : totals) sum += weight_of(team, metric) * total;
    return sum;
}

}  // namespace wp::domain
