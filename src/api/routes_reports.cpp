// What managers read: each rep's weekly counts with the funnel and check-ins (coaching), a
// rep's own stats, and the activity history as CSV.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <numeric>

#include "api/answers.hpp"
#include "api/csv.hpp"
#include "api/names.hpp"
#include "api/router.hpp"
#include "domain/funnel.hpp"

namespace wp::api {

namespace {

domain::Result<int> weeks_of(const HttpRequest& request, int fallback) {
    int weeks = fallback;
    if (auto w = request.query.find("weeks"); w != request.query.end()) {
        auto [p, ec] = std::from_chars(w->second.data(), w->second.data() + w->second.size(), weeks);
        if (ec != std::errc{} || p != w->second.data() + w->second.size() || weeks < 1 || weeks > 52)
            return domain::bad_request("weeks: 1..52");
    }
    return weeks;
}

struct Weeks {
    std::vector<std::string> keys;    // "w:2026-W48", oldest first
    std::vector<std::string> starts;  // each week's first local day
};

Weeks last_weeks(const TeamContext& ctx, int count) {
    Weeks out;
    auto now = domain::now();
    for (int i = count - 1; i >= 0; --i) {
        auto t = now - std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::days(7 * i));
        out.keys.push_back(ctx.calendar.period_key(domain::Period::week, t));
        out.starts.push_back(ctx.calendar.local_date(ctx.calendar.window(domain::Period::week, t).start));
    }
    return out;
}

// Each rep's count per metric and week: [rep][metric][week].
asio::awaitable<domain::Result<std::vector<std::vector<std::vector<std::int64_t>>>>> weekly_counts(
    Context& ctx, const TeamContext& team, const Weeks& weeks, const std::vector<std::string>& reps) {
    std::vector<std::string> metrics;
    for (const auto& m : team.team.metrics) metrics.push_back(m.id);
    auto scores = co_await ctx.store().counts(team.team.id, reps, metrics, weeks.keys);
    if (!scores) co_return scores.error();
    std::vector<std::vector<std::vector<std::int64_t>>> out(reps.size());
    std::size_t i = 0;
    for (auto& per_rep : out) {
        per_rep.resize(team.team.metrics.size());
        for (auto& per_metric : per_rep)
            for (std::size_t w = 0; w < weeks.keys.size(); ++w) per_metric.push_back((*scores)[i++]);
    }
    co_return out;
}

json funnel_json(const domain::Team& team, const std::map<std::string, std::int64_t, std::less<>>& totals) {
    json steps = json::array();
    for (const auto& s : domain::funnel(team.metrics, totals))
        steps.push_back({{"from", s.from}, {"to", s.to}, {"ratio", s.ratio ? json(*s.ratio) : json(nullptr)}});
    return steps;
}

asio::awaitable<HttpAnswer> coaching(Context& ctx, const HttpCall& call) {
    auto weeks_n = weeks_of(call.request, 12);
    if (!weeks_n) co_return error_answer(weeks_n.error());
    const auto& team_id = call.params["team"];
    auto team = co_await ctx.team(team_id);
    if (!team) co_return error_answer(team.error());
    auto roster = co_await ctx.roster(team_id);
    if (!roster) co_return error_answer(roster.error());
    auto weeks = last_weeks(**team, *weeks_n);
    std::vector<const domain::Rep*> people;
    std::vector<std::string> ids;
    for (const auto& r : roster->reps)
        if (r.role != domain::Role::display) {
            people.push_back(&r);
            ids.push_back(r.id);
        }
    auto counts = co_await weekly_counts(ctx, **team, weeks, ids);
    if (!counts) co_return error_answer(counts.error());
    auto checkins = co_await ctx.store().checkins(team_id, weeks.keys);
    if (!checkins) co_return error_answer(checkins.error());
    json week_list = json::array(), metric_ids = json::array(), reps = json::array();
    for (std::size_t w = 0; w < weeks.keys.size(); ++w) week_list.push_back({{"week", weeks.keys[w]}, {"start", weeks.starts[w]}});
    for (const auto& m : (*team)->team.metrics) metric_ids.push_back(m.id);
    for (std::size_t r = 0; r < people.size(); ++r) {
        json per_metric = json::object(), totals = json::object();
        std::map<std::string, std::int64_t, std::less<>> sums;
        for (std::size_t m = 0; m < (*team)->team.metrics.size(); ++m) {
            const auto& id = (*team)->team.metrics[m].id;
            const auto& series = (*counts)[r][m];
            per_metric[id] = series;
            sums[id] = std::accumulate(series.begin(), series.end(), std::int64_t{0});
            totals[id] = sums[id];
        }
        json notes = json::array();
        for (std::size_t w = 0; w < weeks.keys.size(); ++w)
            if (auto it = (*checkins)[w].find(people[r]->id); it != (*checkins)[w].end()) notes.push_back(*it);
        reps.push_back({{"rep", people[r]->id}, {"name", people[r]->name}, {"role", domain::to_string(people[r]->role)},
                        {"counts", std::move(per_metric)}, {"totals", std::move(totals)},
                        {"funnel", funnel_json((*team)->team, sums)}, {"checkins", std::move(notes)}});
    }
    co_return json_answer(200, {{"weeks", std::move(week_list)}, {"metrics", std::move(metric_ids)}, {"reps", std::move(reps)}});
}

asio::awaitable<HttpAnswer> stats(Context& ctx, const HttpCall& call) {
    const auto& caller = *call.caller;
    const auto& rep_id = call.params["rep"];
    if (caller.server_admin) co_return error_answer({Errc::forbidden, "stats are read with a team's token"});
    const auto& me = caller.rep;
    if (me.id != rep_id && me.role != domain::Role::admin)
        co_return error_answer({Errc::forbidden, "stats: a rep reads their own; a team admin reads anyone's"});
    auto weeks_n = weeks_of(call.request, 12);
    if (!weeks_n) co_return error_answer(weeks_n.error());
    auto team = co_await ctx.team(me.team);
    if (!team) co_return error_answer(team.error());
    auto people = co_await ctx.roster(me.team);
    if (!people) co_return error_answer(people.error());
    auto rep = std::find_if(people->reps.begin(), people->reps.end(), [&](const domain::Rep& r) { return r.id == rep_id; });
    if (rep == people->reps.end()) co_return error_answer({Errc::not_found, "no rep '" + rep_id + "' in this team"});
    auto weeks = last_weeks(**team, *weeks_n);
    std::vector<std::string> ids{rep_id};
    auto counts = co_await weekly_counts(ctx, **team, weeks, ids);
    if (!counts) co_return error_answer(counts.error());
    json series = json::array();
    for (std::size_t w = 0; w < weeks.keys.size(); ++w)
        series.push_back({{"week", weeks.keys[w]}, {"start", weeks.starts[w]}, {"counts", json::object()}});
    json totals = json::object();
    std::map<std::string, std::int64_t, std::less<>> sums;
    for (std::size_t m = 0; m < (*team)->team.metrics.size(); ++m) {
        const auto& id = (*team)->team.metrics[m].id;
        for (std::size_t w = 0; w < weeks.keys.size(); ++w) {
            series[w]["counts"][id] = (*counts)[0][m][w];
            sums[id] += (*counts)[0][m][w];
        }
        totals[id] = sums[id];
    }
    // The two ratios of the first version, for clients that read them; `funnel` follows the
    // team's own metric order.
    auto ratio = [&](const char* to, const char* from) -> json {
        if (!sums.contains(to) || !sums.contains(from)) return nullptr;
        return sums[from] > 0 ? json(static_cast<double>(sums[to]) / static_cast<double>(sums[from])) : json(nullptr);
    };
    json ratios = json::object();
    if (sums.contains("calls") && sums.contains("appointments")) ratios["appointments_per_call"] = ratio("appointments", "calls");
    if (sums.contains("appointments") && sums.contains("proposals"))
        ratios["proposals_per_appointment"] = ratio("proposals", "appointments");
    co_return json_answer(200, {{"rep", rep_id}, {"name", rep->name}, {"weeks", std::move(series)},
                                {"totals", std::move(totals)}, {"ratios", std::move(ratios)},
                                {"funnel", funnel_json((*team)->team, sums)}});
}

// `from` / `to` as a local date of the team (`to` inclusive) or an RFC 3339 instant (exclusive).
domain::Result<domain::TimePoint> bound(const TeamContext& team, const std::string& text, const char* field, bool end) {
    if (text.size() == 10) {
        auto start = team.calendar.day_start(text, field);
        if (!start || !end) return start;
        return team.calendar.window(domain::Period::day, *start).end;
    }
    auto instant = domain::parse_rfc3339(text, field);
    if (!instant) return domain::bad_request(std::string(field) + ": a date YYYY-MM-DD or an RFC 3339 time");
    return instant;
}

asio::awaitable<HttpAnswer> activities_csv(Context& ctx, const HttpCall& call) {
    const auto& team_id = call.params["team"];
    auto team = co_await ctx.team(team_id);
    if (!team) co_return error_answer(team.error());
    // Up to and including now: an activity logged in this very millisecond is in the export.
    auto to = domain::now() + std::chrono::milliseconds(1);
    if (auto t = call.request.query.find("to"); t != call.request.query.end()) {
        auto parsed = bound(**team, t->second, "to", true);
        if (!parsed) co_return error_answer(parsed.error());
        to = *parsed;
    }
    auto from = to - std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::days(30));
    if (auto f = call.request.query.find("from"); f != call.request.query.end()) {
        auto parsed = bound(**team, f->second, "from", false);
        if (!parsed) co_return error_answer(parsed.error());
        from = *parsed;
    }
    if (to <= from) co_return error_answer(domain::bad_request("to: must be after from"));
    if (to - from > std::chrono::days(400)) co_return error_answer(domain::bad_request("from, to: at most 400 days apart"));
    constexpr std::size_t max_rows = 500000;
    auto rows = co_await ctx.store().activities(team_id, from, to, max_rows);
    if (!rows) co_return error_answer(rows.error());
    auto people = co_await ctx.roster(team_id);
    if (!people) co_return error_answer(people.error());
    std::string csv = "at,rep,name,metric,delta,id,source,at_local\r\n";
    for (const auto& r : *rows) {
        auto local = (*team)->calendar.format_local(domain::TimePoint(std::chrono::milliseconds(r.at_ms)));
        // Every text cell through csv_text; delta is a number the server writes (-1 stays -1).
        csv += csv_text(r.at) + ',' + csv_text(r.rep) + ',' + csv_text(name_in(*people, r.rep)) + ',' +
               csv_text(r.metric) + ',' + std::to_string(r.delta) + ',' + csv_text(r.id) + ',' + csv_text(r.source) +
               ',' + local + "\r\n";
    }
    spdlog::info("export.activities team={} rows={}", team_id, rows->size());
    co_return HttpAnswer{200, std::move(csv), "text/csv; charset=utf-8"};
}

}  // namespace

std::vector<Route> report_routes() {
    return {
        {"GET", "/api/v1/reps/{rep}/stats", Access::token, &stats},
        {"GET", "/api/v1/teams/{team}/coaching", Access::team_admin, &coaching},
        {"GET", "/api/v1/teams/{team}/activities.csv", Access::team_admin, &activities_csv},
    };
}

}  // namespace wp::api
