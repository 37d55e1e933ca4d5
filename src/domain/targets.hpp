#pragma once
// Targets: a rep's daily, weekly and monthly goal per metric, set by a team admin or the rep,
// and the % of target that makes the handicap board (protocol.md "Fair scoring").
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/result.hpp"
#include "domain/team.hpp"

namespace wp::domain {

inline constexpr std::int64_t max_target = 1000000;
// The periods a target can be set for.
inline constexpr std::array<Period, 3> target_periods{Period::day, Period::week, Period::month};

struct Target {
    std::optional<std::int64_t> day, week, month;
    std::optional<std::int64_t> of(Period p) const;
    bool empty() const { return !day && !week && !month; }
    friend bool operator==(const Target&, const Target&) = default;
};

// A rep's targets, by metric; a metric without any target is absent.
using Targets = std::map<std::string, Target, std::less<>>;

// What a request changes: metric -> period -> a value, 0 or nothing (both remove it).
using TargetChanges = std::map<std::string, std::map<Period, std::optional<std::int64_t>>>;

// `current` with `changes` applied; the rest is kept. Each metric must be an active metric of
// the team and each value 0..1,000,000: a refusal names the field ("targets.calls.week: ...").
Result<Targets> with_targets(const Team& team, const Targets& current, const TargetChanges& changes);

// floor(100 x count / target), for a target above 0: 7 of 20 is 35, 21 of 20 is 105.
std::int64_t percent_of(std::int64_t count, std::int64_t target);

}  // namespace wp::domain
