// What managers read: a rep's weekly stats with conversion ratios, and the activity history
// as CSV.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>

#include "api/api.hpp"
#include "api/csv.hpp"
#include "store/keys.hpp"

namespace wp::api {

using domain::Errc;
using domain::Error;
using nlohmann::json;

namespace {

HttpAnswer json_ok(const json& body) { return {200, body.dump(), "application/json"}; }

json ratio(std::int64_t numerator, std::int64_t denominator) {
    if (denominator <= 0) return nullptr;
    return static_cast<double>(numerator) / static_cast<double>(denominator);
}

}  // namespace

asio::awaitable<HttpAnswer> Api::get_stats(const Caller& caller, std::string_view rep_id, const HttpRequest& request) {
    if (caller.server_admin) co_return error_answer({Errc::forbidden, "stats are read with a team's token"});
    const auto& me = caller.rep;
    if (me.id != rep_id && me.role != domain::Role::admin)
        co_return error_answer({Errc::forbidden, "stats: a rep reads their own; a team admin reads anyone's"});
    int weeks = 12;
    if (auto w = request.query.find("weeks"); w != request.query.end()) {
        auto [p, ec] = std::from_chars(w->second.data(), w->second.data() + w->second.size(), weeks);
        if (ec != std::errc{} || p != w->second.data() + w->second.size() || weeks < 1 || weeks > 52)
            co_return error_answer(domain::bad_request("weeks: 1..52"));
    }
    auto ctx_r = co_await team_context(me.team);
    if (!ctx_r) co_return error_answer(ctx_r.error());
    const auto& ctx = **ctx_r;
    auto people = co_await roster(me.team);
    if (!people) co_return error_answer(people.error());
    auto rep = std::find_if(people->reps.begin(), people->reps.end(),
                            [&](const domain::Rep& r) { return r.id == rep_id; });
    if (rep == people->reps.end()) co_return error_answer({Errc::not_found, "no rep '" + std::string(rep_id) + "' in this team"});

    // Oldest week first; each week named by its key and its first day.
    auto now = domain::now();
    std::vector<std::string> week_keys, week_starts, boards;
    for (int i = weeks - 1; i >= 0; --i) {
        auto t = now - std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::days(7 * i));
        auto key = ctx.calendar.period_key(domain::Period::week, t);
        week_keys.push_back(key);
        week_starts.push_back(ctx.calendar.local_date(ctx.calendar.window(domain::Period::week, t).start));
    }
    for (const auto& m : ctx.team.metrics)
        for (const auto& key : week_keys) boards.push_back(store::keys::board(me.team, m.id, key));
    std::vector<std::string> reps{std::string(rep_id)};
    auto scores = co_await store_.scores(boards, reps);
    if (!scores) co_return error_answer(scores.error());

    json series = json::array();
    for (std::size_t w = 0; w < week_keys.size(); ++w) series.push_back({{"week", week_keys[w]}, {"start", week_starts[w]}, {"counts", json::object()}});
    json totals = json::object();
    std::size_t i = 0;
    for (const auto& m : ctx.team.metrics) {
        std::int64_t total = 0;
        for (std::size_t w = 0; w < week_keys.size(); ++w, ++i) {
            series[w]["counts"][m.id] = (*scores)[i];
            total += (*scores)[i];
        }
        totals[m.id] = total;
    }
    auto total_of = [&](const char* metric) { return totals.contains(metric) ? totals[metric].get<std::int64_t>() : -1; };
    json ratios = json::object();
    if (total_of("calls") >= 0 && total_of("appointments") >= 0)
        ratios["appointments_per_call"] = ratio(total_of("appointments"), total_of("calls"));
    if (total_of("appointments") >= 0 && total_of("proposals") >= 0)
        ratios["proposals_per_appointment"] = ratio(total_of("proposals"), total_of("appointments"));
    co_return json_ok({{"rep", rep_id}, {"name", rep->name}, {"weeks", std::move(series)}, {"totals", std::move(totals)},
                       {"ratios", std::move(ratios)}});
}

asio::awaitable<HttpAnswer> Api::get_activities_csv(const Caller& caller, const std::string& team_id,
                                                    const HttpRequest& request) {
    bool allowed = caller.server_admin || (caller.rep.role == domain::Role::admin && caller.rep.team == team_id);
    if (!allowed) co_return error_answer({Errc::forbidden, "the activity export needs the team's admin token"});
    auto ctx = co_await team_context(team_id);
    if (!ctx) co_return error_answer(ctx.error());
    auto now = domain::now();
    auto to = now + std::chrono::milliseconds(1);  // exclusive: an activity of this very millisecond is in
    if (auto t = request.query.find("to"); t != request.query.end()) {
        auto parsed = domain::parse_rfc3339(t->second, "to");
        if (!parsed) co_return error_answer(parsed.error());
        to = *parsed;
    }
    auto from = to - std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::days(30));
    if (auto f = request.query.find("from"); f != request.query.end()) {
        auto parsed = domain::parse_rfc3339(f->second, "from");
        if (!parsed) co_return error_answer(parsed.error());
        from = *parsed;
    }
    if (to <= from) co_return error_answer(domain::bad_request("to: must be after from"));
    if (to - from > std::chrono::days(400)) co_return error_answer(domain::bad_request("from, to: at most 400 days apart"));
    constexpr std::size_t max_rows = 500000;
    auto rows = co_await store_.activities(team_id, from, to, max_rows);
    if (!rows) co_return error_answer(rows.error());
    auto people = co_await roster(team_id);
    if (!people) co_return error_answer(people.error());
    std::map<std::string, std::string, std::less<>> names;
    for (const auto& r : people->reps) names[r.id] = r.name;
    std::string csv = "at,rep,name,metric,delta,id,source\r\n";
    for (const auto& r : *rows) {
        auto name = names.contains(r.rep) ? names[r.rep] : r.rep;
        // Every text cell through csv_text; delta is a number the server writes (-1 stays -1).
        csv += csv_text(r.at) + ',' + csv_text(r.rep) + ',' + csv_text(name) + ',' + csv_text(r.metric) + ',' +
               std::to_string(r.delta) + ',' + csv_text(r.id) + ',' + csv_text(r.source) + "\r\n";
    }
    spdlog::info("export.activities team={} rows={}", team_id, rows->size());
    co_return HttpAnswer{200, std::move(csv), "text/csv; charset=utf-8"};
}

}  // namespace wp::api
