#pragma once
// Points: a team weights its metrics (an appointment worth 5 calls), and a rep's points for a
// period are the sum over the metrics of weight x count, at the weights in force now, so a new
// weight re-scores the period (protocol.md "Fair scoring").
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/ranking.hpp"
#include "domain/result.hpp"
#include "domain/team.hpp"

namespace wp::domain {

inline constexpr int default_weight = 1;  // a metric the team has not weighted
inline constexpr int max_weight = 1000;

// The weight of an active metric; 0 for one the team does not track (retired, unknown).
int weight_of(const Team& team, std::string_view metric);

// The team with `changes` applied: metric -> weight 0..1000, or nothing to go back to the
// default. Each metric must be one of the team's active ones; a refusal names it and the rule.
Result<Team> with_points(const Team& team, const std::map<std::string, std::optional<std::int64_t>>& changes);

// One metric's board for the period: every rep's count on it.
struct MetricStandings {
    std::string metric;
    std::vector<Standing> standings;
};

// Each rep's points over the boards given, sum of weight x count, at the team's weights. A rep on
// any board has a row (0 points when every weight of theirs is 0). Unordered: rank_competition
// orders them.
std::vector<Standing> points_of(const Team& team, const std::vector<MetricStandings>& boards);
// The points board's total: sum of weight x the metric board's total.
std::int64_t points_total(const Team& team, const std::vector<std::pair<std::string, std::int64_t>>& totals);

}  // namespace wp::domain
