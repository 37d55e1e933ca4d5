// Prospecting pairs, made and dissolved by the team's admin.
#include <spdlog/spdlog.h>

#include "api/answers.hpp"
#include "api/router.hpp"

namespace wp::api {

using nlohmann::json;

namespace {

asio::awaitable<HttpAnswer> add_pair(Context& ctx, const HttpCall& call) {
    if (auto ok = check_body(ctx, call, "http/pair"); !ok) co_return error_answer(ok.error());
    const auto& team_id = call.params["team"];
    auto a = call.body["reps"][0].get<std::string>(), b = call.body["reps"][1].get<std::string>();
    if (a == b) co_return error_answer(domain::bad_request("reps: two different reps"));
    auto pair = co_await ctx.store().add_pair(team_id, a, b);
    if (!pair) co_return error_answer(pair.error());
    spdlog::info("admin.pair_added team={} pair={}", team_id, pair->id);
    ctx.forget_roster(team_id);  // here at once; other instances when the notice arrives
    co_return json_answer(201, {{"pair", {{"id", pair->id}, {"reps", pair->reps}}}});
}

asio::awaitable<HttpAnswer> delete_pair(Context& ctx, const HttpCall& call) {
    const auto& team_id = call.params["team"];
    auto done = co_await ctx.store().delete_pair(team_id, call.params["pair"]);
    if (!done) co_return error_answer(done.error());
    spdlog::info("admin.pair_dissolved team={} pair={}", team_id, call.params["pair"]);
    ctx.forget_roster(team_id);
    co_return no_content();
}

}  // namespace

std::vector<Route> pair_routes() {
    return {
        {"POST", "/api/v1/teams/{team}/pairs", Access::team_admin, &add_pair},
        {"DELETE", "/api/v1/teams/{team}/pairs/{pair}", Access::team_admin, &delete_pair},
    };
}

}  // namespace wp::api
