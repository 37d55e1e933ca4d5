// What integrations use: logging activity (one or a batch), reading a board and a challenge.
#include "api/answers.hpp"
#include "api/names.hpp"
#include "api/router.hpp"
#include "store/tokens.hpp"

namespace wp::api {

namespace {

// Each token may record limits.api_activities_per_minute activities; a batch asks for all its
// items at once and is refused whole, so a refusal records nothing.
std::optional<HttpAnswer> over_budget(Context& ctx, const std::string& bearer, std::size_t count) {
    if (bearer.empty()) return std::nullopt;  // the command line's own calls
    auto& budget = ctx.activity_budget();
    auto verdict = budget.take(store::token_hash(bearer), count);
    if (verdict.allowed) return std::nullopt;
    auto limit = std::to_string(budget.per_minute());
    auto answer = error_answer(
        {Errc::rate_limited,
         count > budget.per_minute()
             ? "activities: a batch of " + std::to_string(count) + " is more than the " + limit +
                   " a token may log a minute (limits.api_activities_per_minute): send smaller batches"
             : "activities: at most " + limit + " a minute per token (limits.api_activities_per_minute); nothing "
               "was recorded: retry after " + std::to_string(verdict.retry_after) + " s"});
    answer.retry_after = verdict.retry_after;
    return answer;
}

asio::awaitable<HttpAnswer> post_activities(Context& ctx, const HttpCall& call) {
    const auto& caller = *call.caller;
    if (caller.server_admin)
        co_return error_answer({Errc::forbidden, "activities are logged with a rep's or team admin's token"});
    const auto& body = call.body;
    if (!body.is_object()) co_return error_answer(domain::bad_request("body: a JSON object"));
    if (!body.contains("activities")) {
        if (auto ok = ctx.schemas().check("http/activity", body); !ok) co_return error_answer(ok.error());
        if (auto refused = over_budget(ctx, call.request.bearer, 1)) co_return *refused;
        auto result = co_await ctx.log(caller.rep, body, "api");
        if (!result) co_return error_answer(result.error());
        co_return json_answer(result->contains("duplicate") ? 200 : 201, *result);
    }
    if (auto ok = ctx.schemas().check("http/activities", body); !ok) co_return error_answer(ok.error());
    if (auto refused = over_budget(ctx, call.request.bearer, body["activities"].size())) co_return *refused;
    // Each item is answered on its own: one bad item does not undo the others.
    json results = json::array();
    for (const auto& item : body["activities"]) {
        Result<json> r = domain::bad_request("");
        if (auto ok = ctx.schemas().check("http/activity", item); !ok) r = ok.error();
        else r = co_await ctx.log(caller.rep, item, "api");
        if (r) results.push_back({{"ok", true}, {"result", *r}});
        else
            results.push_back({{"ok", false}, {"error", {{"code", domain::to_string(r.error().code)},
                                                          {"message", r.error().message}}}});
    }
    co_return json_answer(200, {{"results", std::move(results)}});
}

asio::awaitable<HttpAnswer> get_leaderboard(Context& ctx, const HttpCall& call) {
    const auto& caller = *call.caller;
    if (caller.server_admin) co_return error_answer({Errc::forbidden, "leaderboards are read with a team's token"});
    const auto& query = call.request.query;
    auto metric = query.find("metric");
    auto period_text = query.find("period");
    if (metric == query.end() || period_text == query.end())
        co_return error_answer(domain::bad_request("query: metric and period are required"));
    auto period = domain::parse_period(period_text->second);
    if (!period) co_return error_answer(domain::bad_request("period: day, week, month, quarter or all"));
    auto team = co_await ctx.team(caller.rep.team);
    if (!team) co_return error_answer(team.error());
    if (metric->second != domain::reserved_metric && !(*team)->team.has_metric(metric->second))
        co_return error_answer({Errc::not_found, "metric: '" + metric->second + "' is not one of this team's metrics"});
    auto data = co_await ctx.leaderboard(**team, metric->second, *period, caller.rep.role == domain::Role::display);
    if (!data) co_return error_answer(data.error());
    co_return json_answer(200, *data);
}

asio::awaitable<HttpAnswer> get_challenge(Context& ctx, const HttpCall& call) {
    const auto& caller = *call.caller;
    if (caller.server_admin) co_return error_answer({Errc::forbidden, "use a rep's token: challenges belong to a team"});
    auto data = co_await ctx.challenge(caller.rep.team, call.params["id"]);
    if (!data) co_return error_answer(data.error());
    co_return json_answer(200, *data);
}

}  // namespace

std::vector<Route> activity_routes() {
    return {
        {"POST", "/api/v1/activities", Access::token, &post_activities},
        {"GET", "/api/v1/leaderboard", Access::token, &get_leaderboard},
        {"GET", "/api/v1/challenges/{id}", Access::token, &get_challenge},
    };
}

}  // namespace wp::api
