// The pair card (topic pair:ID): each rep's counts, this week's check-in and what the weekly
// rhythm asks of them, and their streak, each read from the rep's own team (a partnership across
// teams is read in two calls, one per team); the challenges between the two; and streak
// milestones, noted after a log.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>

#include "api/names.hpp"
#include "api/pairs.hpp"
#include "domain/streak.hpp"

namespace wp::api {

namespace {

constexpr std::array<domain::Period, 4> card_periods{domain::Period::day, domain::Period::week, domain::Period::month,
                                                     domain::Period::quarter};

json rhythm_json(const domain::WeekRhythm& r) {
    return {{"week", r.week}, {"first_day", r.first_day}, {"last_day", r.last_day}, {"today", r.today}};
}

asio::awaitable<Result<int>> streak_of(Context& ctx, const TeamContext& tc, const std::string& rep, domain::TimePoint now,
                                       std::int64_t* best) {
    auto days = domain::working_day_keys(tc.calendar, tc.team.work_week, now, domain::streak_window_days);
    auto read = co_await ctx.store().streak_days(tc.team.id, rep, days.keys, tc.team.metrics);
    if (!read) co_return read.error();
    auto current = domain::current_streak(tc.team.work_week, tc.calendar, now, days, read->active);
    if (best) *best = std::max<std::int64_t>(read->best, current);
    co_return current;
}

// The cards of `reps` (all of team `tc`): counts per metric and period, check-in, ask, streak.
asio::awaitable<Result<std::vector<json>>> rep_cards(Context& ctx, const TeamContext& tc,
                                                     const std::vector<std::pair<std::string, std::string>>& reps,
                                                     domain::TimePoint now) {
    std::vector<std::string> ids, metrics, periods;
    for (const auto& [id, _] : reps) ids.push_back(id);
    for (const auto& m : tc.team.metrics) metrics.push_back(m.id);
    for (auto p : card_periods) periods.push_back(tc.calendar.period_key(p, now));
    auto scores = co_await ctx.store().counts(tc.team.id, ids, metrics, periods);
    if (!scores) co_return scores.error();
    auto rhythm = domain::week_rhythm(tc.calendar, tc.team.work_week, now);
    auto checkins = co_await ctx.store().checkins(tc.team.id, rhythm.week);
    if (!checkins) co_return checkins.error();
    std::vector<json> out;
    std::size_t i = 0;
    for (const auto& [id, name] : reps) {
        json counts = json::object();
        for (const auto& m : tc.team.metrics) {
            json per = json::object();
            for (auto p : card_periods) per[std::string(domain::to_string(p))] = (*scores)[i++];
            counts[m.id] = std::move(per);
        }
        json checkin = checkins->contains(id) ? (*checkins)[id] : json(nullptr);
        auto has = [&](const char* field) { return checkin.is_object() && !checkin.value(field, std::string()).empty(); };
        auto ask = domain::checkin_ask(rhythm, has("commitment"), has("reflection"));
        std::int64_t best = 0;
        auto days = co_await streak_of(ctx, tc, id, now, &best);
        if (!days) co_return days.error();
        out.push_back({{"rep", id}, {"name", name}, {"team", tc.team.id}, {"counts", std::move(counts)},
                       {"checkin", std::move(checkin)}, {"ask", ask ? json(*ask) : json(nullptr)},
                       {"streak", {{"days", *days}, {"best", best}}}});
    }
    co_return out;
}

}  // namespace

asio::awaitable<Result<json>> pair_card(Context& ctx, const TeamContext& tc, const std::string& pair_id) {
    auto roster = co_await ctx.roster(tc.team.id);
    if (!roster) co_return roster.error();
    auto now = domain::now();
    json reps = json::array(), between = json::array();
    bool across = false;
    auto pair = std::find_if(roster->pairs.begin(), roster->pairs.end(), [&](const store::Pair& p) { return p.id == pair_id; });
    if (pair != roster->pairs.end() && pair->reps.size() == 2) {
        std::vector<std::pair<std::string, std::string>> both;
        for (const auto& r : pair->reps) both.emplace_back(r, name_in(*roster, r));
        auto cards = co_await rep_cards(ctx, tc, both, now);
        if (!cards) co_return cards.error();
        for (auto& c : *cards) reps.push_back(std::move(c));
        // The challenges between them, pair-vs-pair ones included: open ones and the recently
        // closed, newest first.
        auto first = co_await ctx.store().challenge_ids(tc.team.id, pair->reps[0]);
        if (!first) co_return first.error();
        auto list = co_await ctx.challenges(tc.team.id, *first);
        if (!list) co_return list.error();
        for (auto& c : *list) {
            bool both_in = std::any_of(c["participants"].begin(), c["participants"].end(),
                                       [&](const json& p) { return p["rep"] == pair->reps[1]; });
            if (both_in && between.size() < 10) between.push_back(std::move(c));
        }
    } else {
        auto partnerships = co_await live_partnerships(ctx, *roster);
        if (!partnerships) co_return partnerships.error();
        auto live = std::find_if(partnerships->begin(), partnerships->end(),
                                 [&](const LivePartnership& p) { return p.half.id == pair_id; });
        if (live == partnerships->end()) co_return Error{Errc::not_found, "topic: no pair '" + pair_id + "'"};
        across = true;
        // Each rep from their own team's keys, in two calls: no read spans two teams.
        std::vector<std::pair<std::string, std::string>> here, there;
        here.emplace_back(live->half.rep, name_in(*roster, live->half.rep));
        there.emplace_back(live->half.partner, live->partner_name);
        auto mine = co_await rep_cards(ctx, tc, here, now);
        if (!mine) co_return mine.error();
        auto other_team = co_await ctx.team(live->half.team);
        if (!other_team) co_return other_team.error();
        auto theirs = co_await rep_cards(ctx, **other_team, there, now);
        if (!theirs) co_return theirs.error();
        reps.push_back(std::move(mine->front()));
        reps.push_back(std::move(theirs->front()));
        // Their challenges, each a half in this team with the partnership's id first ("x1-7").
        auto ids = co_await ctx.store().challenge_ids(tc.team.id, live->half.rep);
        if (!ids) co_return ids.error();
        std::vector<std::string> ours;
        for (const auto& id : *ids)
            if (id.starts_with(pair_id + "-") && ours.size() < 10) ours.push_back(id);
        auto list = co_await ctx.challenges(tc.team.id, ours);
        if (!list) co_return list.error();
        for (auto& c : *list) between.push_back(std::move(c));
    }
    co_return json{{"pair", pair_id}, {"reps", std::move(reps)}, {"challenges", std::move(between)},
                   {"rhythm", rhythm_json(domain::week_rhythm(tc.calendar, tc.team.work_week, now))},
                   {"across_teams", across}};
}

asio::awaitable<void> note_streak(Context& ctx, const TeamContext& tc, const std::string& rep) {
    auto now = domain::now();
    auto days = co_await streak_of(ctx, tc, rep, now, nullptr);
    if (!days) {
        spdlog::warn("streak.not_noted team={} rep={} cause=\"{}\"", tc.team.id, rep, days.error().message);
        co_return;
    }
    auto roster = co_await ctx.roster(tc.team.id);
    auto name = roster ? name_in(*roster, rep) : rep;
    auto today = tc.calendar.period_key(domain::Period::day, now);
    auto noted = co_await ctx.store().note_streak(tc.team.id, rep, name, *days, today);
    if (!noted) spdlog::warn("streak.not_noted team={} rep={} cause=\"{}\"", tc.team.id, rep, noted.error().message);
    else if (*noted) spdlog::info("streak.milestone team={} rep={} days={}", tc.team.id, rep, *days);
}

}  // namespace wp::api
