// Partners across teams: one team's admin makes an invite code for one of its reps; the other
// team's admin accepts it for one of theirs. Each team keeps its half (no write spans two
// teams): the accepting team's half first, then the code is spent, then the inviting team's;
// a failure after the first takes it back, so no half is left alone.
#include <spdlog/spdlog.h>

#include "api/answers.hpp"
#include "api/names.hpp"
#include "api/router.hpp"

namespace wp::api {

namespace {

asio::awaitable<HttpAnswer> create_invite(Context& ctx, const HttpCall& call) {
    if (auto ok = check_body(ctx, call, "http/partner_invite"); !ok) co_return error_answer(ok.error());
    const auto& team_id = call.params["team"];
    auto rep = call.body["rep"].get<std::string>();
    auto made = co_await ctx.store().create_partner_invite(team_id, rep, ctx.options().invite_valid);
    if (!made) co_return error_answer(made.error());
    spdlog::info("admin.partner_invite_created team={} rep={} expires_at={}", team_id, rep,
                 domain::format_rfc3339(made->expires_at));
    co_return json_answer(201, {{"code", made->code}, {"expires_at", domain::format_rfc3339(made->expires_at)}});
}

asio::awaitable<HttpAnswer> accept_invite(Context& ctx, const HttpCall& call) {
    if (auto ok = check_body(ctx, call, "http/partner_accept"); !ok) co_return error_answer(ok.error());
    const auto& team_id = call.params["team"];
    auto code = call.body["code"].get<std::string>();
    auto rep = call.body["rep"].get<std::string>();
    auto owner = co_await ctx.store().partner_invite_owner(code);
    if (!owner) co_return error_answer(owner.error());
    const auto& [other_team, other_rep] = *owner;
    if (other_team == team_id)
        co_return error_answer(domain::bad_request(
            "code: an invite from this same team; pair two of its reps with POST /api/v1/teams/" + team_id + "/pairs"));
    auto id = co_await ctx.store().new_partnership_id();
    if (!id) co_return error_answer(id.error());
    store::Partnership ours{*id, rep, other_team, other_rep}, theirs{*id, other_rep, team_id, rep};
    if (auto added = co_await ctx.store().add_partner_half(team_id, ours); !added) co_return error_answer(added.error());
    auto undo = [&]() -> asio::awaitable<void> {
        if (auto gone = co_await ctx.store().remove_partner_half(team_id, *id); !gone)
            spdlog::warn("admin.partner_half_left team={} pair={} cause=\"{}\" fix=\"DELETE /api/v1/teams/{}/pairs/{}\"",
                         team_id, *id, gone.error().message, team_id, *id);
    };
    if (auto spent = co_await ctx.store().spend_partner_invite(code); !spent) {
        co_await undo();
        co_return error_answer(spent.error());
    }
    if (auto added = co_await ctx.store().add_partner_half(other_team, theirs); !added) {
        co_await undo();
        auto e = added.error();
        e.message = "the inviting team's rep: " + e.message + " (the code is spent: ask for a new invite)";
        co_return error_answer(e);
    }
    ctx.forget_roster(team_id);
    ctx.forget_roster(other_team);
    spdlog::info("admin.partners_paired pair={} team={} rep={} other_team={} other_rep={}", *id, team_id, rep, other_team,
                 other_rep);
    co_return json_answer(201, {{"pair", {{"id", *id},
                                          {"reps", json::array({json{{"team", other_team}, {"rep", other_rep}},
                                                                json{{"team", team_id}, {"rep", rep}}})}}}});
}

}  // namespace

std::vector<Route> partner_routes() {
    return {
        {"POST", "/api/v1/teams/{team}/partner-invites", Access::team_admin, &create_invite},
        {"POST", "/api/v1/teams/{team}/partner-invites/accept", Access::team_admin, &accept_invite},
    };
}

}  // namespace wp::api
