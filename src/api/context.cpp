#include "api/context.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "api/decoders.hpp"
#include "api/names.hpp"
#include "api/scoring.hpp"
#include "api/pairs.hpp"
#include "domain/activity.hpp"
#include "domain/pair_challenge.hpp"
#include "domain/ranking.hpp"
#include "store/split_commas.hpp"

namespace wp::api {

std::string name_in(const store::Roster& roster, const std::string& rep) {
    for (const auto& r : roster.reps)
        if (r.id == rep) return r.name;
    return rep;
}

std::vector<std::string> challengeable(const store::Roster& roster) {
    std::vector<std::string> ids;
    for (const auto& r : roster.reps)
        if (r.role != domain::Role::display) ids.push_back(r.id);
    return ids;
}

Context::Context(store::Store& store, ApiOptions options)
    : store_(store), options_(std::move(options)), schemas_(Schemas::instance()), boards_(options_.board_max_age),
      sign_in_attempts_(options_.sign_in_attempts_per_minute), pairing_attempts_(options_.pairings_per_minute),
      activity_budget_(options_.activities_per_minute) {}

asio::awaitable<Result<std::shared_ptr<const TeamContext>>> Context::team(const std::string& team_id) {
    if (auto it = teams_.find(team_id); it != teams_.end() && fresh(team_id, team_loaded_[team_id]))
        co_return it->second;
    if (!heard_.contains(team_id)) store_.forget_team(team_id);  // the store's copy is as old
    auto loaded_at = Clock::now();
    auto team = co_await store_.team(team_id);
    if (!team) co_return team.error();
    auto calendar = domain::Calendar::make(team->tz, team->week_start);
    if (!calendar) co_return Error{Errc::unavailable, "team '" + team_id + "': " + calendar.error().message};
    auto made = std::make_shared<const TeamContext>(TeamContext{std::move(*team), *calendar});
    teams_.insert_or_assign(team_id, made);
    team_loaded_.insert_or_assign(team_id, loaded_at);
    co_return made;
}

bool Context::fresh(const std::string& team_id, Clock::time_point loaded) const {
    return heard_.contains(team_id) || Clock::now() - loaded < std::chrono::seconds(1);
}

void Context::hearing(const std::string& team_id, bool heard) {
    boards_.forget(team_id);  // either way notices may have been missed, or will be
    targets_.erase(team_id);
    if (heard) {
        heard_.insert(team_id);
        forget_team(team_id);  // read before its notices reached here
    } else {
        heard_.erase(team_id);
    }
}

void Context::forget_team(const std::string& team_id) {
    teams_.erase(team_id);
    rosters_.erase(team_id);
    targets_.erase(team_id);
    boards_.forget(team_id);
    store_.forget_team(team_id);
}

asio::awaitable<Result<store::TeamTargets>> Context::targets(const std::string& team_id) {
    if (auto it = targets_.find(team_id); it != targets_.end() && fresh(team_id, targets_loaded_[team_id]))
        co_return it->second;
    auto loaded_at = Clock::now();
    auto loaded = co_await store_.targets(team_id);
    if (!loaded) co_return loaded.error();
    targets_.insert_or_assign(team_id, *loaded);
    targets_loaded_.insert_or_assign(team_id, loaded_at);
    co_return *loaded;
}

asio::awaitable<Result<store::Roster>> Context::roster(const std::string& team_id) {
    if (auto it = rosters_.find(team_id); it != rosters_.end() && fresh(team_id, roster_loaded_[team_id]))
        co_return it->second;
    if (!heard_.contains(team_id)) store_.forget_team(team_id);
    auto loaded_at = Clock::now();
    auto loaded = co_await store_.roster(team_id);
    if (!loaded) co_return loaded.error();
    rosters_.insert_or_assign(team_id, *loaded);
    roster_loaded_.insert_or_assign(team_id, loaded_at);
    co_return *loaded;
}

const store::Roster* Context::cached_roster(const std::string& team_id) const {
    auto it = rosters_.find(team_id);
    return it == rosters_.end() ? nullptr : &it->second;
}

asio::awaitable<Result<json>> Context::log(const domain::Rep& caller, const json& item, std::string_view source) {
    if (caller.role == domain::Role::display) co_return Error{Errc::forbidden, "a display token only reads"};
    auto ctx_r = co_await team(caller.team);
    if (!ctx_r) co_return ctx_r.error();
    const auto& ctx = **ctx_r;
    std::string rep_id = caller.id;
    if (item.contains("rep") && item["rep"].get<std::string>() != caller.id) {
        if (caller.role != domain::Role::admin)
            co_return Error{Errc::forbidden, "rep: only an admin may log for another rep"};
        rep_id = item["rep"].get<std::string>();
        auto people = co_await store_.roster(caller.team);
        if (!people) co_return people.error();
        bool known = std::any_of(people->reps.begin(), people->reps.end(),
                                 [&](const domain::Rep& r) { return r.id == rep_id; });
        if (!known) co_return Error{Errc::not_found, "rep: no rep '" + rep_id + "' in this team"};
    }
    auto activity = domain::make_activity(ctx.team, rep_id, decode_log(item), domain::now());
    if (!activity) co_return activity.error();
    auto started = std::chrono::steady_clock::now();
    auto outcome = co_await store_.log(ctx.team, ctx.calendar, *activity, source);
    log_latency_.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    if (!outcome) co_return outcome.error();
    // A challenge across teams is decided by its home team: a race this log reached, or one
    // whose window closed, is settled now (a finisher would, within a second).
    if (!outcome->duplicate)
        for (const auto& id : outcome->across)
            if (auto settled = co_await store_.settle_after_log(ctx.team.id, id); !settled)
                spdlog::warn("challenge.not_settled team={} challenge={} cause=\"{}\" fix=\"none: the finisher retries\"",
                             ctx.team.id, id, settled.error().message);
    // The rep's first activity today in this metric may extend their streak (api/pair_card.cpp).
    if (!outcome->duplicate && activity->delta > 0 && outcome->counts[0] == activity->delta &&
        ctx.calendar.period_key(domain::Period::day, activity->at) == ctx.calendar.period_key(domain::Period::day, domain::now()))
        co_await note_streak(*this, ctx, rep_id);
    json counts = json::object();
    for (std::size_t i = 0; i < domain::all_periods.size(); ++i)
        counts[std::string(domain::to_string(domain::all_periods[i]))] = outcome->counts[i];
    json result = {{"counts", std::move(counts)}};
    if (outcome->duplicate) result["duplicate"] = true;
    co_return result;
}

asio::awaitable<Result<json>> Context::leaderboard(const TeamContext& ctx, std::string_view metric,
                                                   domain::Period period, bool wall) {
    co_return co_await board_data(*this, ctx, metric, period, wall);  // api/scoring.cpp
}

json Context::challenge_json(const store::ChallengeRecord& rec, const store::Roster& roster) const {
    auto accepted = store::split_commas(rec.field("accepted"));
    json participants = json::array();
    for (const auto& s : rec.scores)
        participants.push_back({{"rep", s.rep}, {"name", name_in(roster, s.rep)}, {"count", s.count},
                                {"accepted", std::find(accepted.begin(), accepted.end(), s.rep) != accepted.end()}});
    auto kind = rec.field("kind");
    json target = nullptr;
    if (kind != "most") try { target = std::stoll(rec.field("target")); } catch (...) {}
    auto reached = json::parse(rec.field("reached"), nullptr, false);
    if (!reached.is_array()) reached = json::array();
    json weights = json::object();  // a points challenge's, as it was made
    for (const auto& [field, value] : rec.fields)
        if (field.starts_with("w:")) try { weights[field.substr(2)] = std::stoi(value); } catch (...) {}
    json out = {{"id", rec.field("id")},
            {"metric", rec.field("metric")},
            {"kind", kind},
            {"target", target},
            {"stakes", or_null(rec.field("stakes"))},
            {"status", rec.field("status")},
            {"window", {{"start", rec.field("start")}, {"end", rec.field("end")}}},
            {"participants", std::move(participants)},
            {"winner", or_null(rec.field("winner"))},
            {"finished_at", or_null(rec.field("finished_at"))},
            {"reached", std::move(reached)},
            {"creator", rec.field("creator")},
            {"created_at", rec.field("created_at")}};
    if (!weights.empty()) out["weights"] = std::move(weights);
    // Pair against pair: each side's reps and their sum; a side is in once its reps accepted.
    auto sides = domain::parse_sides(rec.field("sides"));
    if (sides.empty()) return out;
    out["sides"] = json::array();
    for (const auto& side : sides) {
        json reps = json::array();
        std::int64_t sum = 0;
        bool in = true;
        for (const auto& rep : side.reps) {
            auto score = std::find_if(rec.scores.begin(), rec.scores.end(), [&](const domain::Score& x) { return x.rep == rep; });
            auto count = score == rec.scores.end() ? 0 : score->count;
            reps.push_back({{"rep", rep}, {"name", name_in(roster, rep)}, {"count", count}});
            sum += count;
            in = in && std::find(accepted.begin(), accepted.end(), rep) != accepted.end();
        }
        out["sides"].push_back({{"pair", side.pair}, {"reps", std::move(reps)}, {"count", sum}, {"accepted", in}});
    }
    return out;
}

asio::awaitable<Result<json>> Context::challenges(const std::string& team_id, const std::vector<std::string>& ids) {
    auto records = co_await store_.challenges(team_id, ids);
    if (!records) co_return records.error();
    auto people = co_await roster(team_id);
    if (!people) co_return people.error();
    // Halves of challenges across teams come with their other halves (api/cross_challenges.cpp).
    auto across = co_await cross_challenges_json(*this, team_id, *records, *people);
    if (!across) co_return across.error();
    json list = json::array();
    for (const auto& rec : *records) {
        auto it = across->find(rec.field("id"));
        list.push_back(it != across->end() ? it->second : challenge_json(rec, *people));
    }
    co_return list;
}

asio::awaitable<Result<json>> Context::challenge(const std::string& team_id, const std::string& id) {
    std::vector<std::string> ids{id};
    auto list = co_await challenges(team_id, ids);
    if (!list) co_return list.error();
    if (list->empty()) co_return Error{Errc::not_found, "challenge: no challenge '" + id + "'"};
    co_return (*list)[0];
}

}  // namespace wp::api
