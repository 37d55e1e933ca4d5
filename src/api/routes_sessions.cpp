// Sign-in without a token in any URL: the first-run setup, invite codes exchanged for a
// device session, signing out of this device, and who the caller is.
#include <spdlog/spdlog.h>

#include "api/answers.hpp"
#include "api/names.hpp"
#include "api/router.hpp"
#include "store/team_json.hpp"

namespace wp::api {

namespace {

// Codes are long and random, but a guesser still gets only a few tries a minute per address.
std::optional<HttpAnswer> over_attempts(Context& ctx, const HttpCall& call) {
    const auto& peer = call.request.peer;
    if (peer.empty() || ctx.sign_in_attempts().allow(peer)) return std::nullopt;
    spdlog::warn("signin.rate_limited peer={}", peer);
    auto answer = error_answer({Errc::rate_limited, "too many sign-in attempts from this address; wait a minute"});
    answer.retry_after = static_cast<int>(ctx.sign_in_attempts().retry_after(peer));
    return answer;
}

json signed_in(const store::IssuedToken& issued) {
    return {{"token", issued.token}, {"rep", store::to_json(issued.rep)}};
}

asio::awaitable<HttpAnswer> setup(Context& ctx, const HttpCall& call) {
    if (auto limited = over_attempts(ctx, call)) co_return *limited;
    if (auto ok = check_body(ctx, call, "http/setup"); !ok) co_return error_answer(ok.error());
    const auto& t = call.body["team"];
    const auto& m = call.body["manager"];
    auto week_start = domain::parse_week_start(t.value("week_start", "monday"));
    if (!week_start) co_return error_answer(week_start.error());
    std::vector<domain::Metric> metrics;
    for (const auto& metric : t.value("metrics", json::array()))
        metrics.push_back({metric["id"].get<std::string>(), metric["label"].get<std::string>()});
    auto team = domain::make_team(t["id"].get<std::string>(), t["name"].get<std::string>(), t["tz"].get<std::string>(),
                                  *week_start, std::move(metrics));
    if (!team) co_return error_answer({Errc::bad_request, "team." + team.error().message});
    auto name = m["name"].get<std::string>();
    if (auto ok = domain::check_name("manager.name", name); !ok) co_return error_answer(ok.error());
    domain::Rep manager{m["id"].get<std::string>(), team->id, name, domain::Role::admin};
    auto issued = co_await ctx.store().redeem_setup_code(call.body["code"].get<std::string>(), *team, manager);
    if (!issued) co_return error_answer(issued.error());
    spdlog::info("setup.team_created team={} admin={}", team->id, manager.id);
    auto answer = signed_in(*issued);
    answer["team"] = store::to_json(*team);
    co_return json_answer(201, answer);
}

// The code rides in a body, not the path: a path reaches access logs.
asio::awaitable<HttpAnswer> check_setup(Context& ctx, const HttpCall& call) {
    if (auto limited = over_attempts(ctx, call)) co_return *limited;
    if (auto ok = check_body(ctx, call, "http/code"); !ok) co_return error_answer(ok.error());
    auto expiry = co_await ctx.store().setup_code_expiry(call.body["code"].get<std::string>());
    if (!expiry) co_return error_answer(expiry.error());
    co_return json_answer(200, {{"valid", true}, {"expires_at", domain::format_rfc3339(*expiry)}});
}

asio::awaitable<HttpAnswer> sign_in(Context& ctx, const HttpCall& call) {
    if (auto limited = over_attempts(ctx, call)) co_return *limited;
    if (auto ok = check_body(ctx, call, "http/session"); !ok) co_return error_answer(ok.error());
    auto issued = co_await ctx.store().redeem_invite(call.body["code"].get<std::string>());
    if (!issued) co_return error_answer(issued.error());
    spdlog::info("signin.session_started team={} rep={}", issued->rep.team, issued->rep.id);
    co_return json_answer(201, signed_in(*issued));
}

asio::awaitable<HttpAnswer> sign_out(Context& ctx, const HttpCall& call) {
    const auto& caller = *call.caller;
    if (caller.server_admin)
        co_return error_answer({Errc::forbidden, "the server admin token comes from the configuration: change admin_token"});
    // Named: g++ 12 destroys a braced temporary inside co_await twice.
    store::TokenOwner owner{caller.rep, caller.session};
    auto done = co_await ctx.store().end_session(owner, call.request.bearer);
    if (!done) co_return error_answer(done.error());
    spdlog::info("signin.session_ended team={} rep={}", caller.rep.team, caller.rep.id);
    co_return no_content();
}

asio::awaitable<HttpAnswer> me(Context& ctx, const HttpCall& call) {
    const auto& caller = *call.caller;
    if (caller.server_admin) co_return json_answer(200, {{"rep", nullptr}, {"server_admin", true}});
    auto team = co_await ctx.team(caller.rep.team);
    if (!team) co_return error_answer(team.error());
    co_return json_answer(200, {{"rep", store::to_json(caller.rep)}, {"team", store::to_json((*team)->team)}});
}

}  // namespace

std::vector<Route> session_routes() {
    return {
        {"POST", "/api/v1/setup", Access::open, &setup},
        {"POST", "/api/v1/setup/check", Access::open, &check_setup},
        {"POST", "/api/v1/sessions", Access::open, &sign_in},
        {"DELETE", "/api/v1/sessions/current", Access::token, &sign_out},
        {"GET", "/api/v1/me", Access::token, &me},
    };
}

}  // namespace wp::api
