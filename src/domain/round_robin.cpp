#include "domain/round_robin.hpp"

#include <algorithm>

namespace wp::domain {

void sort_pair_ids(std::vector<std::string>& ids) {
    std::sort(ids.begin(), ids.end(), [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

RoundRobinWeek round_robin(std::vector<std::string> pair_ids, int week_number) {
    RoundRobinWeek out;
    sort_pair_ids(pair_ids);
    if (pair_ids.size() < 2) return out;
    std::vector<std::optional<std::string>> seats(pair_ids.begin(), pair_ids.end());
    if (seats.size() % 2) seats.emplace_back(std::nullopt);  // the bye
    const auto n = seats.size();
    const auto rounds = n - 1;
    const auto shift = static_cast<std::size_t>(((week_number % static_cast<int>(rounds)) + static_cast<int>(rounds)) %
                                                static_cast<int>(rounds));
    // Seat 0 stays; the others turn `shift` places round the circle.
    std::rotate(seats.begin() + 1, seats.begin() + 1 + static_cast<std::ptrdiff_t>(shift), seats.end());
    for (std::size_t i = 0; i < n / 2; ++i) {
        const auto& a = seats[i];
        const auto& b = seats[n - 1 - i];
        if (!a || !b) {
            out.bye = a ? a : b;
            continue;
        }
        out.matchups.emplace_back(*a, *b);
    }
    return out;
}

}  // namespace wp::domain
