// Challenges between the two reps of a partnership across teams: made from the pair card
// (challenge.create with `pair`), answered like any challenge, shown to both reps as one
// challenge. Each team holds a half with one id (store/cross_challenges.cpp): its rep's score,
// its feed lines. The challenger's team is home and decides; its half says the status and the
// result, the other half adds the partner's count. The partner's team's topics are told of
// every change through Touched::elsewhere, as the pair card is.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "api/api.hpp"
#include "api/decoders.hpp"
#include "api/names.hpp"
#include "api/pairs.hpp"
#include "domain/cross_challenge.hpp"

namespace wp::api {

namespace {

std::int64_t score_of(const store::ChallengeRecord& r) { return r.scores.empty() ? 0 : r.scores.front().count; }

// One challenge across teams from both halves (`there` missing: the other half is gone or not
// made yet, and `here` says what it can).
json cross_json(const std::string& team_id, const store::ChallengeRecord& here, const store::ChallengeRecord* there,
                const std::string& here_name, const std::string& there_name) {
    auto s = store::cross_sides(team_id, here);
    const auto* home = s.home_here ? &here : there;
    const auto* away = s.home_here ? there : &here;
    const auto& state = home ? *home : here;  // the home half decides
    std::int64_t home_count = home ? score_of(*home) : 0;
    std::int64_t away_count = away ? score_of(*away) : 0;
    if (!away && home) try { away_count = std::stoll(home->field("other_count")); } catch (...) {}
    bool away_in = home ? home->field("other_accepted") == "1" : away && away->field("accepted") == s.away_rep;
    const auto& home_name = s.home_here ? here_name : there_name;
    const auto& away_name = s.home_here ? there_name : here_name;
    json participants = json::array(
        {json{{"rep", s.home_rep}, {"name", home_name}, {"count", home_count}, {"accepted", true}, {"team", s.home_team}},
         json{{"rep", s.away_rep}, {"name", away_name}, {"count", away_count}, {"accepted", away_in}, {"team", s.away_team}}});
    auto kind = here.field("kind");
    json target = nullptr;
    if (kind != "most") try { target = std::stoll(here.field("target")); } catch (...) {}
    auto reached = json::parse(state.field("reached"), nullptr, false);
    if (!reached.is_array()) reached = json::array();
    auto winner = state.field("winner");
    json out = {{"id", s.id}, {"metric", here.field("metric")}, {"kind", kind}, {"target", target},
                {"stakes", or_null(here.field("stakes"))}, {"status", state.field("status")},
                {"window", {{"start", here.field("start")}, {"end", here.field("end")}}},
                {"participants", std::move(participants)}, {"winner", or_null(winner)},
                {"finished_at", or_null(state.field("finished_at"))}, {"reached", std::move(reached)},
                {"creator", s.home_rep}, {"created_at", here.field("created_at")}, {"across_teams", true},
                {"pair", here.field("pair")}};
    if (!winner.empty() && winner != "draw")
        out["winner_team"] = state.field("winner_team").empty() ? s.home_team : state.field("winner_team");
    return out;
}

const store::Partnership* partnership_of(const Context& ctx, const std::string& team_id, const std::string& id) {
    const auto* roster = ctx.cached_roster(team_id);
    if (!roster) return nullptr;
    auto pair = id.substr(0, id.find('-'));
    for (const auto& half : roster->partners)
        if (half.id == pair) return &half;
    return nullptr;
}

}  // namespace

asio::awaitable<Result<std::map<std::string, json>>> cross_challenges_json(Context& ctx, const std::string& team_id,
                                                                           const std::vector<store::ChallengeRecord>& records,
                                                                           const store::Roster& roster) {
    std::map<std::string, json> out;
    // The other halves, one read per other team.
    std::map<std::string, std::vector<std::string>> wanted;
    for (const auto& rec : records)
        if (!rec.field("across").empty()) wanted[rec.field("other_team")].push_back(rec.field("id"));
    std::map<std::string, store::ChallengeRecord> others;  // id -> the other half
    std::map<std::string, store::Roster> other_rosters;
    for (const auto& [other, ids] : wanted) {
        auto halves = co_await ctx.store().challenges(other, ids);
        if (!halves) co_return halves.error();
        for (auto& h : *halves) others.emplace(h.field("id"), std::move(h));
        if (auto people = co_await ctx.roster(other); people) other_rosters.emplace(other, std::move(*people));
    }
    for (const auto& rec : records) {
        if (rec.field("across").empty()) continue;
        auto id = rec.field("id");
        auto there = others.find(id);
        auto people = other_rosters.find(rec.field("other_team"));
        auto there_name = people == other_rosters.end() ? rec.field("other_name") : name_in(people->second, rec.field("other_rep"));
        out.emplace(id, cross_json(team_id, rec, there == others.end() ? nullptr : &there->second,
                                   name_in(roster, rec.field("participants")), there_name));
    }
    co_return out;
}

asio::awaitable<Result<json>> create_cross_challenge(Context& ctx, const domain::Rep& caller, const json& m) {
    auto pair = m["pair"].get<std::string>();
    auto tc = co_await ctx.team(caller.team);
    if (!tc) co_return tc.error();
    auto roster = co_await ctx.roster(caller.team);
    if (!roster) co_return roster.error();
    if (std::any_of(roster->pairs.begin(), roster->pairs.end(), [&](const store::Pair& p) { return p.id == pair; }))
        co_return domain::bad_request("pair: '" + pair + "' is a pair of this team; challenge a teammate with participants");
    auto live = co_await live_partnerships(ctx, *roster);
    if (!live) co_return live.error();
    auto found = std::find_if(live->begin(), live->end(), [&](const LivePartnership& p) { return p.half.id == pair; });
    if (found == live->end()) co_return Error{Errc::not_found, "pair: no partnership across teams '" + pair + "'"};
    if (found->half.rep != caller.id) co_return Error{Errc::forbidden, "pair: only its two reps challenge each other"};
    auto away = co_await ctx.team(found->half.team);
    if (!away) co_return away.error();
    auto now = domain::now();
    auto draft = domain::make_cross_challenge((*tc)->team, (*away)->team, (*tc)->calendar, caller.id, decode_challenge(m),
                                              found->half.partner, now);
    if (!draft) co_return draft.error();
    if (auto room = co_await check_room(ctx, caller.team, caller.id, "pair"); !room) co_return room.error();
    store::CrossChallengeSpec spec{*draft, caller.team, found->half.team, pair, name_in(*roster, caller.id),
                                   found->partner_name, "", ""};
    // What was logged earlier in the period counts: each rep's own team's board of it.
    if (draft->period) {
        spec.home_seed = (*tc)->calendar.period_key(*draft->period, draft->window.start);
        spec.away_seed = (*away)->calendar.period_key(*draft->period, draft->window.start);
    }
    auto id = co_await ctx.store().create_cross_challenge(spec);
    if (!id) co_return id.error();
    spdlog::info("challenge.created team={} challenge={} creator={} kind={} metric={} other_team={} partner={}", caller.team,
                 *id, caller.id, domain::to_string(draft->kind), draft->metric, found->half.team, found->half.partner);
    auto data = co_await ctx.challenge(caller.team, *id);
    if (!data) co_return data.error();
    co_return json{{"challenge", *data}};
}

asio::awaitable<Result<json>> answer_cross_challenge(Context& ctx, const domain::Rep& caller, const store::ChallengeRecord& half,
                                                     domain::ChallengeAnswer answer) {
    const auto id = half.field("id");
    auto s = store::cross_sides(caller.team, half);
    // The home half says where it stands (read from the other team when this is the away one).
    const store::ChallengeRecord* home = &half;
    std::vector<store::ChallengeRecord> read;
    if (!s.home_here) {
        std::vector<std::string> ids{id};
        auto found = co_await ctx.store().challenges(s.home_team, ids);
        if (!found) co_return found.error();
        if (found->empty()) co_return Error{Errc::not_found, "challenge: no challenge '" + id + "'"};
        read = std::move(*found);
        home = &read.front();
    }
    auto status = domain::parse_challenge_status(home->field("status"));
    if (!status) co_return Error{Errc::unavailable, "challenge " + id + " has an unknown status"};
    bool participant = half.field("participants") == caller.id;
    bool is_creator = s.home_here && participant;
    bool has_accepted = s.home_here || home->field("other_accepted") == "1";
    if (auto ok = domain::check_answer(*status, answer, participant, is_creator, has_accepted); !ok) co_return ok.error();
    if (answer == domain::ChallengeAnswer::accept)
        if (auto room = co_await check_room(ctx, caller.team, caller.id, "challenge"); !room) co_return room.error();
    auto now_status = co_await ctx.store().answer_cross_challenge(caller.team, half, answer, *status);
    if (!now_status) co_return now_status.error();
    spdlog::info("challenge.answered team={} challenge={} rep={} status={} across_teams=true", caller.team, id, caller.id,
                 *now_status);
    auto data = co_await ctx.challenge(caller.team, id);
    if (!data) co_return data.error();
    co_return json{{"challenge", *data}};
}

std::vector<std::pair<std::string, domain::Topic>> cross_topics_elsewhere(const Context& ctx, const std::string& team_id,
                                                                          const std::vector<std::string>& ids) {
    std::vector<std::pair<std::string, domain::Topic>> out;
    for (const auto& id : ids) {
        if (!store::is_cross_challenge(id)) continue;
        const auto* half = partnership_of(ctx, team_id, id);
        if (!half) continue;
        out.emplace_back(half->team, domain::topic::Challenge{id});
        out.emplace_back(half->team, domain::topic::MyChallenges{half->partner});
        out.emplace_back(half->team, domain::topic::PairCard{half->id});
        out.emplace_back(half->team, domain::topic::TeamChallenges{});
    }
    return out;
}

}  // namespace wp::api
