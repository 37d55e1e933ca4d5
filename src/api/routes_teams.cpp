// Teams: created by the server admin (or a first-run setup), read and changed by their admin.
#include <spdlog/spdlog.h>

#include "api/answers.hpp"
#include "api/names.hpp"
#include "api/pairs.hpp"
#include "api/router.hpp"
#include "domain/points.hpp"
#include "store/targets_json.hpp"
#include "store/team_json.hpp"

namespace wp::api {

namespace {

std::vector<domain::Metric> metrics_of(const json& list) {
    std::vector<domain::Metric> metrics;
    for (const auto& m : list) metrics.push_back({m["id"].get<std::string>(), m["label"].get<std::string>()});
    return metrics;
}

asio::awaitable<HttpAnswer> create_team(Context& ctx, const HttpCall& call) {
    if (auto ok = check_body(ctx, call, "http/team"); !ok) co_return error_answer(ok.error());
    const auto& body = call.body;
    auto week_start = domain::parse_week_start(body.value("week_start", "monday"));
    if (!week_start) co_return error_answer(week_start.error());
    auto team = domain::make_team(body["id"].get<std::string>(), body["name"].get<std::string>(),
                                  body["tz"].get<std::string>(), *week_start, metrics_of(body.value("metrics", json::array())));
    if (!team) co_return error_answer(team.error());
    auto created = co_await ctx.store().create_team(*team);
    if (!created) co_return error_answer(created.error());
    spdlog::info("admin.team_created team={}", created->id);
    co_return json_answer(201, {{"team", store::to_json(*created)}});
}

asio::awaitable<HttpAnswer> list_teams(Context& ctx, const HttpCall&) {
    auto ids = co_await ctx.store().team_ids();
    if (!ids) co_return error_answer(ids.error());
    std::sort(ids->begin(), ids->end());
    json teams = json::array();
    for (const auto& id : *ids) {
        auto team = co_await ctx.team(id);
        if (!team) continue;  // listed but gone: nothing to show
        teams.push_back({{"id", id}, {"name", (*team)->team.name}, {"tz", (*team)->team.tz}});
    }
    co_return json_answer(200, {{"teams", std::move(teams)}});
}

asio::awaitable<HttpAnswer> get_team(Context& ctx, const HttpCall& call) {
    const auto& team_id = call.params["team"];
    auto roster = co_await ctx.store().roster(team_id);
    if (!roster) co_return error_answer(roster.error());
    std::vector<std::string> ids;
    for (const auto& r : roster->reps) ids.push_back(r.id);
    auto devices = co_await ctx.store().session_counts(team_id, ids);
    if (!devices) co_return error_answer(devices.error());
    auto targets = co_await ctx.store().targets(team_id);
    if (!targets) co_return error_answer(targets.error());
    json reps = json::array(), pairs = json::array();
    for (std::size_t i = 0; i < roster->reps.size(); ++i) {
        auto rep = store::to_json(roster->reps[i]);
        rep["sessions"] = (*devices)[i];
        rep["wall"] = roster->reps[i].on_wall;
        auto mine = targets->find(roster->reps[i].id);
        rep["targets"] = store::to_json(mine == targets->end() ? domain::Targets{} : mine->second);
        reps.push_back(std::move(rep));
    }
    for (const auto& p : roster->pairs) pairs.push_back({{"id", p.id}, {"reps", p.reps}});
    auto across = co_await live_partnerships(ctx, *roster);
    if (!across) co_return error_answer(across.error());
    json partners = json::array();
    for (const auto& p : *across)
        partners.push_back({{"id", p.half.id}, {"rep", p.half.rep}, {"team", p.half.team}, {"partner", p.half.partner},
                            {"partner_name", p.partner_name}});
    co_return json_answer(200, {{"team", store::to_json(roster->team)}, {"reps", reps}, {"pairs", pairs},
                                {"partners", partners}, {"retired_metrics", store::metrics_json(roster->team.retired)}});
}

asio::awaitable<HttpAnswer> patch_team(Context& ctx, const HttpCall& call) {
    if (auto ok = check_body(ctx, call, "http/team_patch"); !ok) co_return error_answer(ok.error());
    const auto& body = call.body;
    if (body.empty())
        co_return error_answer(
            domain::bad_request("body: any of name, tz, week_start, metrics, points, working_days, quiet_hours, matchups"));
    const auto& team_id = call.params["team"];
    ctx.forget_team(team_id);  // the stored settings, not a cached copy, are what change
    auto current = co_await ctx.team(team_id);
    if (!current) co_return error_answer(current.error());
    const auto& now = (*current)->team;
    auto week_start = domain::parse_week_start(body.value("week_start", std::string(domain::to_string(now.week_start))));
    if (!week_start) co_return error_answer(week_start.error());
    auto next = domain::make_team(now.id, body.value("name", now.name), body.value("tz", now.tz), *week_start, now.metrics);
    if (!next) co_return error_answer(next.error());
    next->retired = now.retired;
    next->points = now.points;
    next->work_week = now.work_week;
    if (body.contains("working_days") || body.contains("quiet_hours")) {
        auto merged = store::to_json(now.work_week);
        for (const char* field : {"working_days", "quiet_hours"})
            if (body.contains(field)) merged[field] = body[field];
        auto week = store::work_week_from_json(merged);
        if (!week) co_return error_answer(week.error());
        next->work_week = std::move(*week);
    }
    if (body.contains("metrics")) {
        next = domain::with_metrics(*next, metrics_of(body["metrics"]));
        if (!next) co_return error_answer(next.error());
    }
    if (body.contains("points")) {  // after the metrics: a revived metric may be weighted at once
        std::map<std::string, std::optional<std::int64_t>> weights;
        for (const auto& [metric, weight] : body["points"].items())
            weights[metric] = weight.is_null() ? std::nullopt : std::optional<std::int64_t>(weight.get<std::int64_t>());
        next = domain::with_points(*next, weights);
        if (!next) co_return error_answer(next.error());
    }
    next->matchups = now.matchups;
    if (body.contains("matchups"))
        next->matchups = body["matchups"].is_null() ? std::nullopt
                                                    : std::optional{domain::Matchups{body["matchups"]["metric"].get<std::string>()}};
    if (next->matchups && !next->has_metric(next->matchups->metric))
        co_return error_answer(domain::bad_request("matchups.metric: '" + next->matchups->metric +
                                                   "' is not one of the team's active metrics (set matchups to one, or null)"));
    auto stored = co_await ctx.store().update_team(*next);
    if (!stored) co_return error_answer(stored.error());
    ctx.forget_team(team_id);
    spdlog::info("admin.team_changed team={} fields={}", team_id, [&] {
        std::string fields;
        for (const auto& [k, _] : body.items()) fields += (fields.empty() ? "" : ",") + k;
        return fields;
    }());
    // Matchups turned on mid-week: this week is drawn now, unless it was already.
    if (stored->matchups)
        if (auto drawn = co_await draw_matchups(ctx, team_id); !drawn)
            spdlog::warn("matchups.not_drawn team={} cause=\"{}\"", team_id, drawn.error().message);
    co_return json_answer(200, {{"team", store::to_json(*stored)}});
}

}  // namespace

std::vector<Route> team_routes() {
    return {
        {"POST", "/api/v1/teams", Access::server_admin, &create_team},
        {"GET", "/api/v1/teams", Access::server_admin, &list_teams},
        {"GET", "/api/v1/teams/{team}", Access::team_admin, &get_team},
        {"PATCH", "/api/v1/teams/{team}", Access::team_admin, &patch_team},
    };
}

}  // namespace wp::api
