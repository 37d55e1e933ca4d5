// Pair-vs-pair challenges: proposed from a pair card, or drawn each week for every pair of a
// team with matchups on (round robin, created active, exactly once per week: the store's
// marker decides between instances).
#include <spdlog/spdlog.h>

#include <algorithm>

#include "api/api.hpp"
#include "api/decoders.hpp"
#include "api/names.hpp"
#include "api/pairs.hpp"
#include "domain/round_robin.hpp"

namespace wp::api {

namespace {

json sides_json(const std::vector<domain::PairSide>& sides, const store::Roster& roster) {
    json out = json::array();
    for (const auto& s : sides) {
        std::string names;
        for (const auto& r : s.reps) names += (names.empty() ? "" : " & ") + name_in(roster, r);
        out.push_back({{"pair", s.pair}, {"reps", s.reps}, {"name", names}});
    }
    return out;
}

std::vector<std::string> participants_of(const std::vector<domain::PairSide>& sides) {
    std::vector<std::string> out;
    for (const auto& s : sides) out.insert(out.end(), s.reps.begin(), s.reps.end());
    return out;
}

}  // namespace

asio::awaitable<domain::Status> check_room(Context& ctx, const std::string& team_id, const std::string& rep,
                                           std::string_view field) {
    auto ids = co_await ctx.store().challenge_ids(team_id, rep);
    if (!ids) co_return ids.error();
    auto records = co_await ctx.store().challenges(team_id, *ids);
    if (!records) co_return records.error();
    auto taken = std::count_if(records->begin(), records->end(), [&](const store::ChallengeRecord& r) {
        auto status = domain::parse_challenge_status(r.field("status"));
        auto accepted = "," + r.field("accepted") + ",";
        return status && domain::is_open(*status) && accepted.find("," + rep + ",") != std::string::npos;
    });
    if (static_cast<std::size_t>(taken) >= domain::max_open_challenges_per_rep)
        co_return Error{Errc::conflict, std::string(field) + ": " + rep + " already has " +
                                            std::to_string(domain::max_open_challenges_per_rep) + " open challenges"};
    co_return domain::ok();
}

asio::awaitable<Result<json>> create_pair_challenge(Context& ctx, const domain::Rep& caller, const json& m) {
    if (caller.role == domain::Role::display) co_return Error{Errc::forbidden, "a display token only reads"};
    auto tc = co_await ctx.team(caller.team);
    if (!tc) co_return tc.error();
    auto roster = co_await ctx.roster(caller.team);
    if (!roster) co_return roster.error();
    auto pair_ids = m["pairs"].get<std::vector<std::string>>();
    auto draft = domain::make_pair_challenge((*tc)->team, (*tc)->calendar, caller.id, decode_challenge(m), pair_ids,
                                             domain::now(), team_pairs(*roster), challengeable(*roster));
    if (!draft) co_return draft.error();
    // The open challenge limit, as for any challenge: what a rep created or accepted counts.
    for (const auto& rep : draft->challenge.participants)
        if (auto room = co_await check_room(ctx, caller.team, rep, "pairs"); !room) co_return room.error();
    std::string seed;
    if (draft->challenge.period)
        seed = (*tc)->calendar.period_key(*draft->challenge.period, draft->challenge.window.start);
    std::vector<store::PairChallengeSpec> specs(1);
    specs[0].draft = draft->challenge;
    specs[0].sides = draft->sides;
    specs[0].status = "proposed";
    specs[0].accepted = draft->sides[0].reps;
    json event = {{"kind", "challenge.proposed"}, {"at", domain::format_rfc3339(domain::now())}, {"rep", caller.id},
                  {"name", name_in(*roster, caller.id)}, {"metric", draft->challenge.metric},
                  {"challenge_kind", domain::to_string(draft->challenge.kind)},
                  {"participants", draft->challenge.participants}, {"sides", sides_json(draft->sides, *roster)}};
    auto ids = co_await ctx.store().create_pair_challenges(caller.team, specs, seed, event, "");
    if (!ids) co_return ids.error();
    spdlog::info("challenge.created team={} challenge={} creator={} kind={} metric={} pairs={},{}", caller.team, ids->front(),
                 caller.id, domain::to_string(draft->challenge.kind), draft->challenge.metric, draft->sides[0].pair,
                 draft->sides[1].pair);
    auto data = co_await ctx.challenge(caller.team, ids->front());
    if (!data) co_return data.error();
    co_return json{{"challenge", *data}};
}

asio::awaitable<Result<Draw>> draw_matchups(Context& ctx, const std::string& team_id) {
    auto tc = co_await ctx.team(team_id);
    if (!tc) co_return tc.error();
    const auto& team = (*tc)->team;
    if (!team.matchups) co_return Draw::none;
    const auto& metric = team.matchups->metric;
    if (!team.has_metric(metric)) co_return Draw::none;  // PATCH keeps it active; a stale cache at worst
    auto now = domain::now();
    auto week = (*tc)->calendar.period_key(domain::Period::week, now);
    auto drawn = co_await ctx.store().matchups_drawn(team_id, week);
    if (!drawn) co_return drawn.error();
    if (*drawn) co_return Draw::found;
    auto roster = co_await ctx.roster(team_id);
    if (!roster) co_return roster.error();
    auto pairs = team_pairs(*roster);
    std::vector<std::string> ids;
    for (const auto& p : pairs) ids.push_back(p.pair);
    auto round = domain::round_robin(ids, std::stoi(week.substr(week.find('W') + 1)));
    auto side = [&](const std::string& id) {
        return *std::find_if(pairs.begin(), pairs.end(), [&](const domain::PairSide& p) { return p.pair == id; });
    };
    std::vector<store::PairChallengeSpec> specs;
    json matchups = json::array(), sat_out = json::array();
    if (round.bye) sat_out.push_back(*round.bye);
    for (const auto& [a, b] : round.matchups) {
        std::vector<domain::PairSide> sides;
        sides.push_back(side(a));
        sides.push_back(side(b));
        auto shared = std::find_first_of(sides[0].reps.begin(), sides[0].reps.end(), sides[1].reps.begin(), sides[1].reps.end());
        if (shared != sides[0].reps.end()) {  // a rep in both pairs cannot play against themself
            sat_out.push_back(a);
            sat_out.push_back(b);
            continue;
        }
        domain::ChallengeDraft d;
        d.metric = metric;
        d.kind = domain::ChallengeKind::most;
        d.participants = participants_of(sides);
        d.period = domain::Period::week;
        d.window = (*tc)->calendar.window(domain::Period::week, now);
        store::PairChallengeSpec spec;
        spec.draft = d;
        spec.sides = sides;
        spec.status = "active";
        spec.accepted = d.participants;
        specs.push_back(std::move(spec));
        matchups.push_back({{"pairs", {a, b}}, {"sides", sides_json(sides, *roster)}});
    }
    if (specs.empty()) co_return Draw::none;  // fewer than two pairs that can meet
    json event = {{"kind", "matchups.drawn"}, {"at", domain::format_rfc3339(now)}, {"week", week}, {"metric", metric},
                  {"matchups", matchups}};
    if (!sat_out.empty()) event["sat_out"] = sat_out;
    auto made = co_await ctx.store().create_pair_challenges(team_id, specs, week, event, week);
    if (!made) co_return made.error();
    if (made->empty()) co_return Draw::found;  // another instance drew it first
    spdlog::info("matchups.drawn team={} week={} metric={} challenges={}", team_id, week, metric, made->size());
    co_return Draw::drawn;
}

asio::awaitable<void> Api::draw_due_matchups(const std::string& team_id) {
    auto tc = co_await ctx_.team(team_id);
    if (!tc || !(*tc)->team.matchups) co_return;
    auto week = (*tc)->calendar.period_key(domain::Period::week, domain::now());
    auto& seen = matchups_seen_[team_id];
    if (seen == week) co_return;
    auto done = co_await draw_matchups(ctx_, team_id);
    if (!done) {
        if (seen != "!") spdlog::warn("matchups.not_drawn team={} week={} cause=\"{}\"", team_id, week, done.error().message);
        seen = "!";  // warned once until a draw gets through
        co_return;
    }
    if (*done == Draw::found) spdlog::info("matchups.found team={} week={}", team_id, week);
    if (*done != Draw::none) seen = week;
}

}  // namespace wp::api
