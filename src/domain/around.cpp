#include "domain/around.hpp"

#include <algorithm>

namespace wp::domain {

std::optional<Neighbourhood> around(const std::vector<RankedStanding>& ranked, std::string_view rep, std::size_t radius) {
    auto it = std::find_if(ranked.begin(), ranked.end(), [&](const RankedStanding& r) { return r.rep == rep; });
    if (it == ranked.end()) return std::nullopt;
    const auto at = static_cast<std::size_t>(it - ranked.begin());
    const auto from = at > radius ? at - radius : 0;
    const auto to = std::min(ranked.size(), at + radius + 1);
    Neighbourhood out{*it, {}};
    out.rows.assign(ranked.begin() + static_cast<std::ptrdiff_t>(from), ranked.begin() + static_cast<std::ptrdiff_t>(to));
    return out;
}

}  // namespace wp::domain
