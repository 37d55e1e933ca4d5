#include "domain/improvement.hpp"

#include <optional>

#include "domain/ranking.hpp"

namespace wp::domain {
namespace {
// a / b rounded half away from zero, for b > 0.
std::int64_t rounded_div(std::int64_t a, std::int64_t b) {
    return a >= 0 ? (2 * a + b) / (2 * b) : -((-2 * a + b) / (2 * b));
}
}  // namespace

std::optional<std::int64_t> baseline_tenths(const std::array<std::int64_t, baseline_weeks>& before) {
    std::size_t first = 0;
    while (first < before.size() && before[first] == 0) ++first;
    if (first == before.size()) return std::nullopt;
    std::int64_t sum = 0;
    for (std::size_t i = first; i < before.size(); ++i) sum += before[i];
    return rounded_div(sum * 10, static_cast<std::int64_t>(before.size() - first));
}

std::vector<Improvement> rank_improvement(const std::vector<WeekCounts>& reps) {
    std::vector<Standing> changes;
    std::vector<Improvement> by_rep;
    for (const auto& r : reps) {
        auto baseline = baseline_tenths(r.before);
        if (!baseline) continue;
        by_rep.push_back({0, r.rep, r.count, *baseline, r.count * 10 - *baseline});
        changes.push_back({r.rep, by_rep.back().change_tenths});
    }
    std::vector<Improvement> out;
    out.reserve(by_rep.size());
    for (const auto& ranked : rank_competition(std::move(changes))) {
        for (const auto& i : by_rep)
            if (i.rep == ranked.rep) {
                out.push_back(i);
                out.back().rank = ranked.rank;
                break;
            }
    }
    return out;
}

}  // namespace wp::domain
