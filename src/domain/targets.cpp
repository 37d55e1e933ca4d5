#include "domain/targets.hpp"

namespace wp::domain {

std::optional<std::int64_t> Target::of(Period p) const {
    switch (p) {
        case Period::day: return day;
        case Period::week: return week;
        case Period::month: return month;
        default: return std::nullopt;
    }
}

Result<Targets> with_targets(const Team& team, const Targets& current, const TargetChanges& changes) {
    Targets next = current;
    for (const auto& [metric, periods] : changes) {
        if (!team.has_metric(metric)) return bad_request("targets." + metric + ": not one of this team's metrics");
        Target target = next.contains(metric) ? next.find(metric)->second : Target{};
        for (const auto& [period, value] : periods) {
            const std::string field = "targets." + metric + "." + std::string(to_string(period));
            std::optional<std::int64_t>* slot = period == Period::day     ? &target.day
                                                : period == Period::week  ? &target.week
                                                : period == Period::month ? &target.month
                                                                          : nullptr;
            if (!slot) return bad_request(field + ": targets are for day, week or month");
            if (value && (*value < 0 || *value > max_target))
                return bad_request(field + ": 0-" + std::to_string(max_target) + " (0 or null removes it)");
            *slot = value && *value > 0 ? value : std::nullopt;
        }
        if (target.empty()) next.erase(metric);
        else next.insert_or_assign(metric, target);
    }
    return next;
}

std::int64_t percent_of(std::int64_t count, std::int64_t target) {
    const std::int64_t scaled = 100 * count;
    // Floor, also below zero (a correction can leave a count negative for a moment).
    return scaled >= 0 ? scaled / target : -((-scaled + target - 1) / target);
}

}  // namespace wp::domain
