// Fair scoring's routes: a rep's targets (their own, or any rep's for a team admin) and the
// score audit, the activities behind a board cell (protocol.md "Fair scoring").
#include <spdlog/spdlog.h>

#include <algorithm>

#include "api/answers.hpp"
#include "api/router.hpp"
#include "api/scoring.hpp"
#include "domain/points.hpp"
#include "store/targets_json.hpp"

namespace wp::api {

using domain::Errc;
using domain::Error;
using nlohmann::json;

namespace {

constexpr std::size_t audit_rows = 10000;

asio::awaitable<HttpAnswer> put_targets(Context& ctx, const HttpCall& call) {
    const auto& caller = *call.caller;
    const auto& team_id = call.params["team"];
    const auto& rep_id = call.params["rep"];
    bool own = !caller.server_admin && caller.rep.team == team_id && caller.rep.id == rep_id &&
               caller.rep.role != domain::Role::display;
    if (!own && !administers(caller, team_id))
        co_return error_answer({Errc::forbidden, "targets: a rep sets their own; a team admin sets anyone's"});
    if (auto ok = check_body(ctx, call, "http/targets"); !ok) co_return error_answer(ok.error());
    auto team = co_await ctx.team(team_id);
    if (!team) co_return error_answer(team.error());
    auto roster = co_await ctx.roster(team_id);
    if (!roster) co_return error_answer(roster.error());
    auto rep = std::find_if(roster->reps.begin(), roster->reps.end(), [&](const domain::Rep& r) { return r.id == rep_id; });
    if (rep == roster->reps.end()) co_return error_answer({Errc::not_found, "rep: no rep '" + rep_id + "' in this team"});
    if (rep->role == domain::Role::display)
        co_return error_answer(domain::bad_request("rep: '" + rep_id + "' is a display, which has no targets"));
    auto targets = co_await ctx.store().change_targets((*team)->team, rep_id, target_changes(call.body));
    if (!targets) co_return error_answer(targets.error());
    spdlog::info("scoring.targets_set team={} rep={} by={} metrics={}", team_id, rep_id,
                 caller.server_admin ? "server-admin" : caller.rep.id, targets->size());
    co_return json_answer(200, {{"targets", store::to_json(*targets)}});
}

// The activities behind one cell of a board: the rep's count of a metric (or points) in the
// period that contains `at`, newest first, each with its time, source and delta.
asio::awaitable<HttpAnswer> audit(Context& ctx, const HttpCall& call) {
    const auto& caller = *call.caller;
    const auto& rep_id = call.params["rep"];
    if (caller.server_admin) co_return error_answer({Errc::forbidden, "activities are read with a team's token"});
    const auto& me = caller.rep;
    if (me.id != rep_id && me.role != domain::Role::admin)
        co_return error_answer({Errc::forbidden, "activities: a rep reads their own; a team admin reads anyone's"});
    const auto& query = call.request.query;
    auto metric_it = query.find("metric"), period_it = query.find("period");
    if (metric_it == query.end() || period_it == query.end())
        co_return error_answer(domain::bad_request("query: metric and period are required"));
    auto period = domain::parse_period(period_it->second);
    if (!period) co_return error_answer(domain::bad_request("period: day, week, month, quarter or all"));
    auto team = co_await ctx.team(me.team);
    if (!team) co_return error_answer(team.error());
    const auto& metric = metric_it->second;
    const bool points = metric == domain::reserved_metric;
    if (!points && !(*team)->team.has_metric(metric))
        co_return error_answer({Errc::not_found, "metric: '" + metric + "' is not one of this team's metrics"});
    auto now = domain::now();
    auto at = now;
    if (auto a = query.find("at"); a != query.end()) {
        auto parsed = domain::parse_rfc3339(a->second, "at");
        if (!parsed) co_return error_answer(parsed.error());
        at = *parsed;
    }
    auto people = co_await ctx.roster(me.team);
    if (!people) co_return error_answer(people.error());
    if (std::none_of(people->reps.begin(), people->reps.end(), [&](const domain::Rep& r) { return r.id == rep_id; }))
        co_return error_answer({Errc::not_found, "rep: no rep '" + rep_id + "' in this team"});

    const auto& cal = (*team)->calendar;
    const auto key = cal.period_key(*period, at);
    std::vector<std::string> metrics;
    if (points) {
        for (const auto& m : (*team)->team.metrics) metrics.push_back(m.id);
    } else {
        metrics.push_back(metric);
    }
    const std::vector<std::string> whose{rep_id}, period_keys{key};  // named: g++ 12 cannot co_await a braced list
    auto cells = co_await ctx.store().counts(me.team, whose, metrics, period_keys);
    if (!cells) co_return error_answer(cells.error());
    std::int64_t count = 0;
    for (std::size_t i = 0; i < metrics.size(); ++i)
        count += (points ? domain::weight_of((*team)->team, metrics[i]) : 1) * (*cells)[i];
    // No activity lies in the future or before the epoch: the window of `all` is cut to that.
    auto window = cal.window(*period, at);
    auto from = std::max(window.start, domain::TimePoint{});
    auto to = std::min(window.end, now + std::chrono::milliseconds(1));
    std::vector<store::ActivityRow> rows;
    if (from < to) {
        // Named first: g++ 12 destroys a conditional's temporary twice inside a co_await expression.
        const std::string only = points ? std::string() : metric;
        auto read = co_await ctx.store().activities(me.team, from, to, audit_rows, rep_id, only);
        if (!read) co_return error_answer(read.error());
        rows = std::move(*read);
    }
    json list = json::array();
    std::int64_t listed = 0;
    for (auto r = rows.rbegin(); r != rows.rend(); ++r) {
        if (points && !(*team)->team.has_metric(r->metric)) continue;  // a retired metric scores nothing
        json item{{"id", r->id}, {"at", r->at}, {"delta", r->delta}, {"source", r->source}, {"metric", r->metric}};
        if (points) {
            auto worth = domain::weight_of((*team)->team, r->metric) * r->delta;
            item["points"] = worth;
            listed += worth;
        } else {
            listed += r->delta;
        }
        list.push_back(std::move(item));
    }
    json answer{{"metric", metric}, {"period", domain::to_string(*period)}, {"period_key", key}, {"count", count},
                {"activities", std::move(list)}};
    // What the kept history no longer holds (older than history.retention_days) or the list left out.
    if (listed != count) answer["earlier"] = count - listed;
    co_return json_answer(200, answer);
}

}  // namespace

std::vector<Route> scoring_routes() {
    return {
        {"PUT", "/api/v1/teams/{team}/reps/{rep}/targets", Access::token, &put_targets},
        {"GET", "/api/v1/reps/{rep}/activities", Access::token, &audit},
    };
}

}  // namespace wp::api
