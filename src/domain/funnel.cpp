#include "domain/funnel.hpp"

namespace wp::domain {

std::vector<FunnelStep> funnel(const std::vector<Metric>& order,
                               const std::map<std::string, std::int64_t, std::less<>>& totals) {
    auto total = [&](const std::string& metric) -> std::int64_t {
        auto it = totals.find(metric);
        return it == totals.end() ? 0 : it->second;
    };
    std::vector<FunnelStep> steps;
    for (std::size_t i = 0; i + 1 < order.size(); ++i) {
        FunnelStep step{order[i].id, order[i + 1].id, std::nullopt};
        // A correction can leave a total below zero for a moment: no ratio rather than a negative one.
        if (auto from = total(step.from); from > 0)
            step.ratio = static_cast<double>(total(step.to)) / static_cast<double>(from);
        steps.push_back(std::move(step));
    }
    return steps;
}

}  // namespace wp::domain
