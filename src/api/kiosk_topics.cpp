#include "api/kiosk_topics.hpp"

#include <algorithm>

#include "api/names.hpp"
#include "store/display_json.hpp"
#include "store/team_json.hpp"

namespace wp::api {

namespace {
constexpr auto finished_shown_for = std::chrono::hours(24);
}  // namespace

asio::awaitable<Result<json>> display_me_data(Context& ctx, const TeamContext& team, const std::string& display_id) {
    auto roster = co_await ctx.roster(team.team.id);
    if (!roster) co_return roster.error();
    auto self = std::find_if(roster->reps.begin(), roster->reps.end(),
                             [&](const domain::Rep& r) { return r.id == display_id && r.role == domain::Role::display; });
    if (self == roster->reps.end()) co_return Error{Errc::not_found, "display: '" + display_id + "' is no longer in the team"};
    std::vector<domain::Rep> one{*self};
    auto settings = co_await ctx.store().displays(team.team.id, one);
    if (!settings) co_return settings.error();
    auto announcement = co_await ctx.store().current_announcement(team.team.id);
    if (!announcement) co_return announcement.error();
    auto data = display_json(team.team, settings->front());
    data.erase("last_seen");
    data.erase("online");
    auto display = json{{"id", self->id}, {"name", self->name}, {"team", team.team.id}};
    auto week = store::to_json(team.team.work_week);
    json pairs = json::array();
    for (const auto& p : roster->pairs) {
        json reps = json::array();
        for (const auto& r : p.reps) reps.push_back({{"rep", r}, {"name", name_in(*roster, r)}});
        pairs.push_back({{"id", p.id}, {"reps", std::move(reps)}});
    }
    const auto now = domain::now();
    data.erase("id");
    data.erase("name");
    data.update({{"display", std::move(display)},
                 {"quiet_hours", week["quiet_hours"]},
                 {"working_days", week["working_days"]},
                 {"quiet", domain::is_quiet(team.team.work_week, team.calendar, now)},
                 {"review_day", domain::is_review_day(team.team.work_week, team.calendar, now)},
                 {"announcement", announcement->value_or(json(nullptr))},
                 {"pairs", std::move(pairs)},
                 {"celebrations", {{"percent", ctx.options().celebration_percent}, {"seconds", ctx.options().celebration_seconds}}}});
    co_return data;
}

asio::awaitable<Result<json>> team_challenges_data(Context& ctx, const std::string& team_id) {
    auto roster = co_await ctx.roster(team_id);
    if (!roster) co_return roster.error();
    std::vector<std::string> reps;
    for (const auto& r : roster->reps) reps.push_back(r.id);
    const auto since = domain::now() - std::chrono::duration_cast<std::chrono::milliseconds>(finished_shown_for);
    auto ids = co_await ctx.store().team_challenge_ids(team_id, reps, since);
    if (!ids) co_return ids.error();
    auto list = co_await ctx.challenges(team_id, *ids);
    if (!list) co_return list.error();
    json shown = json::array();
    for (auto& c : *list) {
        const auto status = c.value("status", "");
        bool live = status == "proposed" || status == "active";
        bool recent = false;
        if (status == "finished" && c["finished_at"].is_string())
            if (auto at = domain::parse_rfc3339(c["finished_at"].get<std::string>(), "finished_at"); at) recent = *at >= since;
        if (live || recent) shown.push_back(std::move(c));
    }
    std::sort(shown.begin(), shown.end(), [](const json& a, const json& b) {
        return a["window"].value("end", "") < b["window"].value("end", "");
    });
    co_return json{{"challenges", std::move(shown)}};
}

}  // namespace wp::api
