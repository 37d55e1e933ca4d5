// Prospecting pairs, made and dissolved by the team's admin (a partnership across teams too).
#include <spdlog/spdlog.h>

#include <algorithm>

#include "api/answers.hpp"
#include "api/router.hpp"

namespace wp::api {

using nlohmann::json;

namespace {

// A partnership across teams: this team's half, then the other's (either team's admin may end it).
asio::awaitable<domain::Status> dissolve_partnership(Context& ctx, const std::string& team_id, const std::string& id) {
    auto halves = co_await ctx.store().partner_halves(team_id);
    if (!halves) co_return halves.error();
    auto half = std::find_if(halves->begin(), halves->end(), [&](const store::Partnership& p) { return p.id == id; });
    if (half == halves->end()) co_return domain::Error{domain::Errc::not_found, "no pair '" + id + "' in team '" + team_id + "'"};
    auto other = half->team;
    if (auto gone = co_await ctx.store().remove_partner_half(team_id, id); !gone) co_return gone.error();
    if (auto gone = co_await ctx.store().remove_partner_half(other, id); !gone && gone.error().code != domain::Errc::not_found)
        spdlog::warn("admin.partner_half_left team={} pair={} cause=\"{}\"", other, id, gone.error().message);
    ctx.forget_roster(other);
    co_return domain::ok();
}

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
    if (!done && done.error().code == domain::Errc::not_found) done = co_await dissolve_partnership(ctx, team_id, call.params["pair"]);
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
