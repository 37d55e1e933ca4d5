#pragma once
// Competition ranking ("1224"): equal counts share a rank, the next rank skips.
#include <cstdint>
#include <string>
#include <vector>

namespace wp::domain {

struct Standing {
    std::string rep;
    std::int64_t count = 0;
};

struct RankedStanding {
    int rank = 0;
    std::string rep;
    std::int64_t count = 0;
    friend bool operator==(const RankedStanding&, const RankedStanding&) = default;
};

// Orders by count descending, then rep id ascending (a stable, readable order for ties), and
// assigns competition ranks: counts 9, 9, 7 rank 1, 1, 3.
std::vector<RankedStanding> rank_competition(std::vector<Standing> standings);

}  // namespace wp::domain
