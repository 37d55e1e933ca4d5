#pragma once
// Weekly matchups (protocol.md "Pairs first"): the round robin of a team's pairs by the circle
// method. The pairs are ordered by id, position 0 stays and the others rotate by the week's
// ISO number, so every instance draws the same week alike, and over n-1 consecutive weeks
// (n the count, rounded up to even) every pair meets every other once. With an odd count a
// "bye" takes the last position: the pair drawn against it sits the week out.
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wp::domain {

struct RoundRobinWeek {
    std::vector<std::pair<std::string, std::string>> matchups;  // in circle order
    std::optional<std::string> bye;                             // the pair that sits out
    friend bool operator==(const RoundRobinWeek&, const RoundRobinWeek&) = default;
};

// Pair ids in matchup order: shorter first, then by text, so "p2" comes before "p10" (the
// order the roster lists them in).
void sort_pair_ids(std::vector<std::string>& ids);

// The matchups of week `week_number` (ISO 1..53). Fewer than two pairs: none. The ids are
// sorted here, so the caller's order does not matter.
RoundRobinWeek round_robin(std::vector<std::string> pair_ids, int week_number);

}  // namespace wp::domain
