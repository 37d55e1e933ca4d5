#pragma once
// Conversion ratios along a team's own metric order: each metric to the next one (calls ->
// appointments -> proposals for the defaults; dials -> conversations -> forward appointments
// for a team that tracks those). The console's coaching view and a rep's stats use the same.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/team.hpp"

namespace wp::domain {

struct FunnelStep {
    std::string from, to;
    std::optional<double> ratio;  // totals[to] / totals[from]; none when totals[from] is 0
};

// A metric missing from totals counts 0.
std::vector<FunnelStep> funnel(const std::vector<Metric>& order,
                               const std::map<std::string, std::int64_t, std::less<>>& totals);

}  // namespace wp::domain
