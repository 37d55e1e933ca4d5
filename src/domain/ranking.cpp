#include "domain/ranking.hpp"

#include <algorithm>
#include <utility>

namespace wp::domain {

std::vector<RankedStanding> rank_competition(std::vector<Standing> standings) {
    std::sort(standings.begin(), standings.end(), [](const Standing& a, const Standing& b) {
        if (a.count != b.count) return a.count > b.count;
        return a.rep < b.rep;
    });
    std::vector<RankedStanding> ranked;
    ranked.reserve(standings.size());
    for (auto& standing : standings) {
        // A tie shares the rank above; otherwise the rank is the position, so ties skip ranks.
        const bool tied = !ranked.empty() && ranked.back().count == standing.count;
        const int rank = tied ? ranked.back().rank : static_cast<int>(ranked.size()) + 1;
        ranked.push_back({rank, std::move(standing.rep), standing.count});
    }
    return ranked;
}

}  // namespace wp::domain
