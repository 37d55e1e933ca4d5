// targets.set and prefs.set: a rep's own targets and whether the wall shows them.
#include <spdlog/spdlog.h>

#include "api/names.hpp"
#include "api/scoring.hpp"
#include "store/targets_json.hpp"

namespace wp::api {

JsonTask set_own_targets(Context& ctx, const domain::Rep& caller, const json& message) {
    if (caller.role == domain::Role::display) co_return Error{Errc::forbidden, "a display has no targets"};
    auto team = co_await ctx.team(caller.team);
    if (!team) co_return team.error();
    auto targets = co_await ctx.store().change_targets((*team)->team, caller.id, target_changes(message["targets"]));
    if (!targets) co_return targets.error();
    spdlog::info("scoring.targets_set team={} rep={} by={} metrics={}", caller.team, caller.id, caller.id, targets->size());
    co_return json{{"targets", store::to_json(*targets)}};
}

JsonTask set_prefs(Context& ctx, const domain::Rep& caller, const json& message) {
    if (caller.role == domain::Role::display) co_return Error{Errc::forbidden, "a display has no place on the wall's boards"};
    const bool wall = message["wall"].get<bool>();
    auto done = co_await ctx.store().set_wall(caller.team, caller.id, wall);
    if (!done) co_return done.error();
    ctx.forget_roster(caller.team);
    spdlog::info("scoring.wall_set team={} rep={} shown={}", caller.team, caller.id, wall);
    co_return json{{"prefs", {{"wall", wall}}}};
}

}  // namespace wp::api
