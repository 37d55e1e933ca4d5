// People of a team: added, renamed, re-roled and removed by its admin; their API tokens,
// invite links and device sessions.
#include <spdlog/spdlog.h>

#include "api/answers.hpp"
#include "api/names.hpp"
#include "api/router.hpp"
#include "store/team_json.hpp"

namespace wp::api {

namespace {

// A change that would leave the team without an admin: nobody could run the console then.
asio::awaitable<domain::Status> keeps_an_admin(Context& ctx, const std::string& team_id, const std::string& rep_id) {
    auto roster = co_await ctx.store().roster(team_id);
    if (!roster) co_return roster.error();
    int others = 0;
    bool is_admin = false;
    for (const auto& r : roster->reps) {
        if (r.role != domain::Role::admin) continue;
        if (r.id == rep_id) is_admin = true;
        else ++others;
    }
    if (is_admin && others == 0)
        co_return Error{Errc::conflict, "rep: '" + rep_id + "' is the team's only admin; make someone else admin first"};
    co_return domain::ok();
}

asio::awaitable<HttpAnswer> add_rep(Context& ctx, const HttpCall& call) {
    if (auto ok = check_body(ctx, call, "http/rep"); !ok) co_return error_answer(ok.error());
    const auto& team_id = call.params["team"];
    auto name = call.body["name"].get<std::string>();
    if (auto ok = domain::check_name("name", name); !ok) co_return error_answer(ok.error());
    auto role = domain::parse_role(call.body.value("role", "rep"));
    if (!role) co_return error_answer(role.error());
    domain::Rep new_rep{call.body["id"].get<std::string>(), team_id, name, *role};
    auto issued = co_await ctx.store().add_rep(new_rep);
    if (!issued) co_return error_answer(issued.error());
    spdlog::info("admin.rep_added team={} rep={} role={}", team_id, issued->rep.id, domain::to_string(*role));
    ctx.forget_roster(team_id);  // here at once; other instances when the notice arrives
    co_return json_answer(201, {{"rep", store::to_json(issued->rep)}, {"token", issued->token}});
}

asio::awaitable<HttpAnswer> patch_rep(Context& ctx, const HttpCall& call) {
    if (auto ok = check_body(ctx, call, "http/rep_patch"); !ok) co_return error_answer(ok.error());
    const auto& team_id = call.params["team"];
    const auto& rep_id = call.params["rep"];
    if (call.body.empty()) co_return error_answer(domain::bad_request("body: any of name, role, wall"));
    std::string name = call.body.value("name", "");
    if (call.body.contains("name"))
        if (auto ok = domain::check_name("name", name); !ok) co_return error_answer(ok.error());
    std::optional<domain::Role> role;
    if (call.body.contains("role")) {
        auto parsed = domain::parse_role(call.body["role"].get<std::string>());
        if (!parsed) co_return error_answer(parsed.error());
        role = *parsed;
        if (*role != domain::Role::admin)
            if (auto ok = co_await keeps_an_admin(ctx, team_id, rep_id); !ok) co_return error_answer(ok.error());
    }
    if (call.body.contains("name") || role) {
        auto rep = co_await ctx.store().update_rep(team_id, rep_id, name, role);
        if (!rep) co_return error_answer(rep.error());
        spdlog::info("admin.rep_changed team={} rep={} role={}", team_id, rep_id, domain::to_string(rep->role));
    }
    if (auto wall = call.body.find("wall"); wall != call.body.end()) {
        auto done = co_await ctx.store().set_wall(team_id, rep_id, wall->get<bool>());
        if (!done) co_return error_answer(done.error());
        spdlog::info("admin.rep_wall team={} rep={} shown={}", team_id, rep_id, wall->get<bool>());
    }
    ctx.forget_roster(team_id);
    auto roster = co_await ctx.store().roster(team_id);
    if (!roster) co_return error_answer(roster.error());
    auto now = std::find_if(roster->reps.begin(), roster->reps.end(), [&](const domain::Rep& r) { return r.id == rep_id; });
    if (now == roster->reps.end()) co_return error_answer({Errc::not_found, "no rep '" + rep_id + "' in team '" + team_id + "'"});
    auto answer = store::to_json(*now);
    answer["wall"] = now->on_wall;
    co_return json_answer(200, {{"rep", std::move(answer)}});
}

asio::awaitable<HttpAnswer> delete_rep(Context& ctx, const HttpCall& call) {
    const auto& team_id = call.params["team"];
    const auto& rep_id = call.params["rep"];
    if (auto ok = co_await keeps_an_admin(ctx, team_id, rep_id); !ok) co_return error_answer(ok.error());
    auto done = co_await ctx.store().delete_rep(team_id, rep_id);
    if (!done) co_return error_answer(done.error());
    spdlog::info("admin.rep_deleted team={} rep={}", team_id, rep_id);
    ctx.forget_roster(team_id);
    co_return no_content();
}

asio::awaitable<HttpAnswer> rotate_token(Context& ctx, const HttpCall& call) {
    const auto& team_id = call.params["team"];
    auto token = co_await ctx.store().rotate_token(team_id, call.params["rep"]);
    if (!token) co_return error_answer(token.error());
    spdlog::info("admin.token_rotated team={} rep={}", team_id, call.params["rep"]);
    co_return json_answer(201, {{"token", *token}});
}

asio::awaitable<HttpAnswer> invite(Context& ctx, const HttpCall& call) {
    const auto& team_id = call.params["team"];
    const auto& rep_id = call.params["rep"];
    auto made = co_await ctx.store().create_invite(team_id, rep_id, ctx.options().invite_valid);
    if (!made) co_return error_answer(made.error());
    const auto& base = ctx.options().public_url.empty() ? call.request.origin : ctx.options().public_url;
    spdlog::info("admin.invite_created team={} rep={} expires_at={}", team_id, rep_id,
                 domain::format_rfc3339(made->expires_at));
    // The code rides in the fragment, which browsers send to no server and in no Referer.
    co_return json_answer(201, {{"code", made->code}, {"url", base + "/join#" + made->code},
                                {"expires_at", domain::format_rfc3339(made->expires_at)}});
}

asio::awaitable<HttpAnswer> sign_out_everywhere(Context& ctx, const HttpCall& call) {
    const auto& team_id = call.params["team"];
    auto done = co_await ctx.store().end_all_sessions(team_id, call.params["rep"]);
    if (!done) co_return error_answer(done.error());
    spdlog::info("admin.sessions_ended team={} rep={}", team_id, call.params["rep"]);
    co_return no_content();
}

}  // namespace

std::vector<Route> people_routes() {
    return {
        {"POST", "/api/v1/teams/{team}/reps", Access::team_admin, &add_rep},
        {"PATCH", "/api/v1/teams/{team}/reps/{rep}", Access::team_admin, &patch_rep},
        {"DELETE", "/api/v1/teams/{team}/reps/{rep}", Access::team_admin, &delete_rep},
        {"POST", "/api/v1/teams/{team}/reps/{rep}/token", Access::team_admin, &rotate_token},
        {"POST", "/api/v1/teams/{team}/reps/{rep}/invite", Access::team_admin, &invite},
        {"DELETE", "/api/v1/teams/{team}/reps/{rep}/sessions", Access::team_admin, &sign_out_everywhere},
    };
}

}  // namespace wp::api
