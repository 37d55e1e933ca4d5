// Partnerships across teams as the pages see them: live only while both halves are there, and
// the other team's cards told when one of them changes.
#include <algorithm>

#include "api/api.hpp"
#include "api/pairs.hpp"

namespace wp::api {

asio::awaitable<domain::Result<std::vector<LivePartnership>>> live_partnerships(Context& ctx, const store::Roster& roster) {
    std::vector<LivePartnership> out;
    auto takes_part = [](const store::Roster& r, const std::string& rep) {
        return std::any_of(r.reps.begin(), r.reps.end(),
                           [&](const domain::Rep& x) { return x.id == rep && x.role != domain::Role::display; });
    };
    for (const auto& half : roster.partners) {
        if (!takes_part(roster, half.rep)) continue;
        auto other = co_await ctx.roster(half.team);
        if (!other) {
            if (other.error().code == domain::Errc::not_found) continue;  // that team is gone
            co_return other.error();
        }
        bool mirrored = std::any_of(other->partners.begin(), other->partners.end(), [&](const store::Partnership& p) {
            return p.id == half.id && p.rep == half.partner && p.team == roster.team.id && p.partner == half.rep;
        });
        if (mirrored && takes_part(*other, half.partner)) out.push_back({half, name_in(*other, half.partner)});
    }
    co_return out;
}

std::vector<std::pair<std::string, domain::Topic>> partner_topics_elsewhere(const Context& ctx, const std::string& team_id,
                                                                            const std::vector<std::string>& reps, bool views) {
    std::vector<std::pair<std::string, domain::Topic>> out;
    for (const auto& [other, roster] : ctx.cached_rosters()) {
        if (other == team_id) continue;
        for (const auto& half : roster.partners) {
            if (half.team != team_id) continue;
            if (!reps.empty() && std::find(reps.begin(), reps.end(), half.partner) == reps.end()) continue;
            out.emplace_back(other, domain::topic::PairCard{half.id});
            if (views) out.emplace_back(other, domain::topic::TeamView{half.rep});
        }
    }
    return out;
}

asio::awaitable<std::vector<std::string>> Api::companions(const std::string& team) {
    std::vector<std::string> teams;
    auto roster = co_await ctx_.roster(team);
    if (!roster) co_return teams;  // read again on the team's next roster notice
    for (const auto& half : roster->partners)
        if (half.team != team && std::find(teams.begin(), teams.end(), half.team) == teams.end())
            teams.push_back(half.team);
    co_return teams;
}

}  // namespace wp::api
