// The pair board: each pair's count is its two reps' counts on the metric's board of the
// period, read at request time (the log script writes nothing more for pairs).
#include <map>

#include "api/pairs.hpp"
#include "domain/ranking.hpp"

namespace wp::api {

using nlohmann::json;

std::vector<domain::PairSide> team_pairs(const store::Roster& roster) {
    std::vector<domain::PairSide> out;
    for (const auto& p : roster.pairs)
        if (p.reps.size() == 2) out.push_back({p.id, p.reps});
    return out;
}

asio::awaitable<domain::Result<json>> pair_board(Context& ctx, const TeamContext& team, std::string_view metric,
                                                 domain::Period period) {
    auto key = team.calendar.period_key(period, domain::now());
    auto roster = co_await ctx.roster(team.team.id);
    if (!roster) co_return roster.error();
    auto pairs = team_pairs(*roster);
    std::vector<std::string> reps;
    for (const auto& p : pairs)
        for (const auto& r : p.reps)
            if (std::find(reps.begin(), reps.end(), r) == reps.end()) reps.push_back(r);
    std::map<std::string, std::int64_t, std::less<>> count_of;
    if (!reps.empty()) {
        const std::vector<std::string> metrics{std::string(metric)}, periods{key};
        auto counts = co_await ctx.store().counts(team.team.id, reps, metrics, periods);
        if (!counts) co_return counts.error();
        for (std::size_t i = 0; i < reps.size() && i < counts->size(); ++i) count_of[reps[i]] = (*counts)[i];
    }
    std::vector<domain::Standing> standings;
    std::map<std::string, json, std::less<>> members;
    std::int64_t total = 0;
    for (const auto& p : pairs) {
        json list = json::array();
        std::int64_t sum = 0;
        for (const auto& r : p.reps) {
            list.push_back({{"rep", r}, {"name", name_in(*roster, r)}, {"count", count_of[r]}});
            sum += count_of[r];
        }
        members[p.pair] = std::move(list);
        standings.push_back({p.pair, sum});
        total += sum;
    }
    json rows = json::array();
    for (const auto& r : domain::rank_competition(std::move(standings)))
        rows.push_back({{"rank", r.rank}, {"pair", r.rep}, {"reps", members[r.rep]}, {"count", r.count}});
    co_return json{{"metric", metric}, {"period", domain::to_string(period)}, {"period_key", key},
                   {"rows", std::move(rows)}, {"total", total}};
}

}  // namespace wp::api
