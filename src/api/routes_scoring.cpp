// Fair scoring's routes: a rep's targets (their own, or any rep's for a team admin) and the
// score audit, the activities behind a board cell (protocol.md "Fair scoring").
#include <spdlog/spdlog.h>

#include <algorithm>

#include "api/answers.hpp"
#include "api/audit.hpp"
#include "api/names.hpp"
#include "api/router.hpp"
#include "api/scoring.hpp"
#include "domain/points.hpp"
#include "store/targets_json.hpp"

namespace wp::api {

namespace {

constexpr std::size_t max_audit_weeks = 53;  // a year of the stats card's weeks

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

// The span an audit covers: one period that contains `at`, or the weeks from the one holding
// `from` to the one holding `to` (the stats card's weeks), with the boards that count it.
struct AuditSpan {
    json head;                      // period and period_key, or from and to (week keys)
    domain::Window window;
    std::vector<std::string> keys;  // the period keys whose boards add up to the count
};

domain::Result<AuditSpan> audit_span(const domain::Calendar& cal, const std::map<std::string, std::string, std::less<>>& query,
                                     domain::TimePoint now) {
    auto from_it = query.find("from"), to_it = query.find("to");
    if (from_it != query.end() || to_it != query.end()) {
        if (from_it == query.end() || to_it == query.end())
            return domain::bad_request("query: from and to come together (RFC 3339, the first and last week)");
        if (query.contains("period") || query.contains("at"))
            return domain::bad_request("query: either period (and at) or from and to");
        auto from = domain::parse_rfc3339(from_it->second, "from");
        if (!from) return from.error();
        auto to = domain::parse_rfc3339(to_it->second, "to");
        if (!to) return to.error();
        if (*to < *from) return domain::bad_request("to: must not be before from");
        AuditSpan span;
        auto first = cal.window(domain::Period::week, *from);
        for (auto t = first.start; t <= *to; t = cal.window(domain::Period::week, t).end) {
            if (span.keys.size() == max_audit_weeks)
                return domain::bad_request("from: at most " + std::to_string(max_audit_weeks) + " weeks before to");
            span.keys.push_back(cal.period_key(domain::Period::week, t));
        }
        span.window = {first.start, cal.window(domain::Period::week, *to).end};
        span.head = {{"from", span.keys.front()}, {"to", span.keys.back()}};
        return span;
    }
    auto period_it = query.find("period");
    if (period_it == query.end()) return domain::bad_request("query: metric and period (or from and to) are required");
    auto period = domain::parse_period(period_it->second);
    if (!period) return domain::bad_request("period: day, week, month, quarter or all");
    auto at = now;
    if (auto a = query.find("at"); a != query.end()) {
        auto parsed = domain::parse_rfc3339(a->second, "at");
        if (!parsed) return parsed.error();
        at = *parsed;
    }
    AuditSpan span;
    span.keys.push_back(cal.period_key(*period, at));
    span.window = cal.window(*period, at);
    span.head = {{"period", domain::to_string(*period)}, {"period_key", span.keys.front()}};
    return span;
}

// The activities behind one cell of a board (the rep's count of a metric, or points, in the
// period that contains `at`), behind a range of weeks, or behind a score in a challenge.
asio::awaitable<HttpAnswer> audit(Context& ctx, const HttpCall& call) {
    const auto& caller = *call.caller;
    const auto& rep_id = call.params["rep"];
    if (caller.server_admin) co_return error_answer({Errc::forbidden, "activities are read with a team's token"});
    const auto& me = caller.rep;
    const auto& query = call.request.query;
    if (auto c = query.find("challenge"); c != query.end()) co_return co_await challenge_audit(ctx, call, c->second);
    if (me.id != rep_id && me.role != domain::Role::admin)
        co_return error_answer({Errc::forbidden, "activities: a rep reads their own; a team admin reads anyone's"});
    auto metric_it = query.find("metric");
    if (metric_it == query.end())
        co_return error_answer(domain::bad_request("query: metric and period (or from and to) are required"));
    auto team = co_await ctx.team(me.team);
    if (!team) co_return error_answer(team.error());
    auto now = domain::now();
    auto span = audit_span((*team)->calendar, query, now);
    if (!span) co_return error_answer(span.error());
    const auto& metric = metric_it->second;
    const bool points = metric == domain::reserved_metric;
    if (!points && !(*team)->team.has_metric(metric))
        co_return error_answer({Errc::not_found, "metric: '" + metric + "' is not one of this team's metrics"});
    auto people = co_await ctx.roster(me.team);
    if (!people) co_return error_answer(people.error());
    if (std::none_of(people->reps.begin(), people->reps.end(), [&](const domain::Rep& r) { return r.id == rep_id; }))
        co_return error_answer({Errc::not_found, "rep: no rep '" + rep_id + "' in this team"});

    std::vector<std::string> metrics;
    if (points) {
        for (const auto& m : (*team)->team.metrics) metrics.push_back(m.id);
    } else {
        metrics.push_back(metric);
    }
    const std::vector<std::string> whose{rep_id};  // named: g++ 12 cannot co_await a braced list
    const auto& period_keys = span->keys;
    auto cells = co_await ctx.store().counts(me.team, whose, metrics, period_keys);
    if (!cells) co_return error_answer(cells.error());
    std::int64_t count = 0;
    for (std::size_t i = 0; i < cells->size(); ++i)  // metric by metric, each period key in turn
        count += (points ? domain::weight_of((*team)->team, metrics[i / period_keys.size()]) : 1) * (*cells)[i];
    // No activity lies in the future or before the epoch: the window of `all` is cut to that.
    auto from = std::max(span->window.start, domain::TimePoint{});
    auto to = std::min(span->window.end, now + std::chrono::milliseconds(1));
    std::vector<store::ActivityRow> rows;
    if (from < to) {
        // Named first: g++ 12 destroys a conditional's temporary twice inside a co_await expression.
        const std::string only = points ? std::string() : metric;
        auto read = co_await ctx.store().activities(me.team, from, to, max_audit_rows, rep_id, only);
        if (!read) co_return error_answer(read.error());
        rows = std::move(*read);
        // A retired metric scores nothing. (No range-for over *read here: g++ 12 miscompiles it in a coroutine.)
        const auto& kept = (*team)->team;
        std::erase_if(rows, [&](const store::ActivityRow& r) { return points && !kept.has_metric(r.metric); });
    }
    const auto& scored = (*team)->team;
    auto weight = [&scored](const std::string& m) { return domain::weight_of(scored, m); };
    auto items = audit_items(rows, points, weight);
    const auto listed = items.second;
    json answer = span->head;
    answer["metric"] = metric;
    answer["count"] = count;
    answer["activities"] = std::move(items.first);
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
