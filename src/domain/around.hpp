#pragma once
// Around me: a rep's own neighbourhood on a board, so the middle of the pack sees the two people
// just ahead to catch and the two just behind, rather than only the top.
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/ranking.hpp"

namespace wp::domain {

inline constexpr std::size_t around_radius = 2;

struct Neighbourhood {
    RankedStanding me;
    std::vector<RankedStanding> rows;  // up to `radius` above, the rep, up to `radius` below
};

// `ranked` in rank_competition's order; nothing when `rep` is not on it. At the top there is
// nobody above (the window does not grow below to make up for it), and so at the bottom.
std::optional<Neighbourhood> around(const std::vector<RankedStanding>& ranked, std::string_view rep,
                                    std::size_t radius = around_radius);

}  // namespace wp::domain
