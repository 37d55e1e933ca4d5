// The wall as a kiosk: a TV pairs itself by the code it shows (no token in any URL), and the
// team's admin names it, programs its playlist, reloads it, makes it show its name, removes it,
// and announces to every display of the team.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "api/answers.hpp"
#include "api/kiosk_topics.hpp"
#include "api/names.hpp"
#include "api/router.hpp"
#include "store/display_json.hpp"
#include "store/team_json.hpp"
#include "store/tokens.hpp"

namespace wp::api {

namespace {

// A display counts as online while its socket reports in (every 30 s, api.cpp display_seen).
constexpr auto online_within = std::chrono::seconds(75);
constexpr auto identify_for = std::chrono::seconds(10);

json or_time(const std::optional<domain::TimePoint>& t) { return t ? json(domain::format_rfc3339(*t)) : json(nullptr); }

}  // namespace

json display_json(const domain::Team& team, const store::DisplaySettings& d) {
    auto now = domain::now();
    return {{"id", d.id},
            {"name", d.name},
            {"playlist", store::to_json(domain::playable(team, d.playlist.value_or(std::vector<domain::Slide>{})))},
            {"default_playlist", !d.playlist.has_value()},
            {"quiet_mode", d.quiet_mode},
            {"sound", d.sound},
            {"reload_seq", d.reload_seq},
            {"identify_until", d.identify_until && *d.identify_until > now ? or_time(d.identify_until) : json(nullptr)},
            {"last_seen", or_time(d.last_seen)},
            {"online", d.last_seen && now - *d.last_seen < online_within}};
}

namespace {

// What a person typed ("ab3 k7p", "AB3-K7P") as the code a TV shows, or nothing.
std::optional<std::string> typed_code(std::string_view text) {
    std::string code;
    for (char c : text) {
        if (c == ' ' || c == '-') continue;
        code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    bool fine = code.size() == 6 && std::all_of(code.begin(), code.end(), [](char c) {
        return store::pairing_alphabet.find(c) != std::string_view::npos;
    });
    if (!fine) return std::nullopt;
    return code;
}

asio::awaitable<domain::Result<domain::Rep>> display_of(Context& ctx, const std::string& team_id, const std::string& id) {
    auto roster = co_await ctx.store().roster(team_id);
    if (!roster) co_return roster.error();
    for (const auto& r : roster->reps)
        if (r.id == id && r.role == domain::Role::display) co_return r;
    co_return Error{Errc::not_found, "no display '" + id + "' in team '" + team_id + "'"};
}

asio::awaitable<HttpAnswer> new_pairing(Context& ctx, const HttpCall& call) {
    const auto& peer = call.request.peer;
    if (!peer.empty() && !ctx.pairing_attempts().allow(peer)) {
        spdlog::warn("display.pairing_rate_limited peer={}", peer);
        auto answer = error_answer({Errc::rate_limited, "too many pairing codes from this address; wait a minute"});
        answer.retry_after = static_cast<int>(ctx.pairing_attempts().retry_after(peer));
        co_return answer;
    }
    auto pairing = co_await ctx.store().create_pairing(ctx.options().pairing_valid);
    if (!pairing) co_return error_answer(pairing.error());
    spdlog::info("display.pairing_open peer={}", peer);
    co_return json_answer(201, {{"code", pairing->code}, {"secret", pairing->secret},
                                {"expires_in", ctx.options().pairing_valid.count()}});
}

asio::awaitable<HttpAnswer> poll_pairing(Context& ctx, const HttpCall& call) {
    if (call.request.bearer.empty())
        co_return error_answer({Errc::unauthorized, "send Authorization: Bearer SECRET (from POST /api/v1/displays/pairing)"});
    auto claimed = co_await ctx.store().claim_pairing(call.params["pairing"], call.request.bearer);
    if (!claimed) co_return error_answer(claimed.error());
    if (!*claimed) co_return json_answer(202, json::object());
    const auto& rep = (*claimed)->rep;
    spdlog::info("display.paired team={} display={}", rep.team, rep.id);
    co_return json_answer(200, {{"token", (*claimed)->token},
                                {"display", {{"id", rep.id}, {"name", rep.name}, {"team", rep.team}}}});
}

asio::awaitable<HttpAnswer> list_displays(Context& ctx, const HttpCall& call) {
    const auto& team_id = call.params["team"];
    auto roster = co_await ctx.store().roster(team_id);
    if (!roster) co_return error_answer(roster.error());
    std::vector<domain::Rep> shown;
    std::copy_if(roster->reps.begin(), roster->reps.end(), std::back_inserter(shown),
                 [](const domain::Rep& r) { return r.role == domain::Role::display; });
    auto settings = co_await ctx.store().displays(team_id, shown);
    if (!settings) co_return error_answer(settings.error());
    json list = json::array();
    for (const auto& d : *settings) list.push_back(display_json(roster->team, d));
    co_return json_answer(200, {{"displays", std::move(list)}});
}

asio::awaitable<HttpAnswer> pair_display(Context& ctx, const HttpCall& call) {
    if (auto ok = check_body(ctx, call, "http/display_pair"); !ok) co_return error_answer(ok.error());
    const auto& team_id = call.params["team"];
    auto code = typed_code(call.body["code"].get<std::string>());
    if (!code) co_return error_answer(domain::bad_request("code: the 6 characters the TV shows (letters and digits)"));
    auto name = call.body["name"].get<std::string>();
    if (auto ok = domain::check_name("name", name); !ok) co_return error_answer(ok.error());
    auto display = co_await ctx.store().pair_display(team_id, *code, name);
    if (!display) co_return error_answer(display.error());
    ctx.forget_roster(team_id);
    spdlog::info("display.bound team={} display={}", team_id, display->id);
    co_return json_answer(201, {{"display", {{"id", display->id}, {"name", display->name}}}});
}

asio::awaitable<HttpAnswer> put_display(Context& ctx, const HttpCall& call) {
    if (auto ok = check_body(ctx, call, "http/display_put"); !ok) co_return error_answer(ok.error());
    const auto& body = call.body;
    const auto& team_id = call.params["team"];
    if (body.empty()) co_return error_answer(domain::bad_request("body: any of name, playlist, quiet_mode, sound"));
    auto team = co_await ctx.team(team_id);
    if (!team) co_return error_answer(team.error());
    store::DisplayChange change;
    if (body.contains("name")) {
        change.name = body["name"].get<std::string>();
        if (auto ok = domain::check_name("name", change.name); !ok) co_return error_answer(ok.error());
    }
    if (body.contains("playlist")) {
        if (body["playlist"].is_null()) {
            change.playlist = "[]";  // back to the default
        } else {
            auto slides = domain::make_playlist((*team)->team, store::slide_requests(body["playlist"]));
            if (!slides) co_return error_answer(slides.error());
            change.playlist = store::to_json(*slides).dump();
        }
    }
    change.quiet_mode = body.value("quiet_mode", "");
    if (body.contains("sound")) change.sound = body["sound"].get<bool>();
    auto updated = co_await ctx.store().update_display(team_id, call.params["display"], change);
    if (!updated) co_return error_answer(updated.error());
    if (!change.name.empty()) ctx.forget_roster(team_id);
    spdlog::info("display.changed team={} display={}", team_id, updated->id);
    co_return json_answer(200, {{"display", display_json((*team)->team, *updated)}});
}

asio::awaitable<HttpAnswer> remove_display(Context& ctx, const HttpCall& call) {
    const auto& team_id = call.params["team"];
    auto display = co_await display_of(ctx, team_id, call.params["display"]);
    if (!display) co_return error_answer(display.error());
    // Its sessions end with it, so its socket closes and the screen goes back to a pairing code.
    auto done = co_await ctx.store().delete_rep(team_id, display->id);
    if (!done) co_return error_answer(done.error());
    ctx.forget_roster(team_id);
    spdlog::info("display.removed team={} display={}", team_id, display->id);
    co_return no_content();
}

asio::awaitable<HttpAnswer> signal(Context& ctx, const HttpCall& call, std::string_view what) {
    const auto& team_id = call.params["team"];
    auto done = co_await ctx.store().signal_display(team_id, call.params["display"], what, domain::now() + identify_for);
    if (!done) co_return error_answer(done.error());
    spdlog::info("display.{} team={} display={}", what, team_id, call.params["display"]);
    co_return json_answer(202, json::object());
}
asio::awaitable<HttpAnswer> reload(Context& ctx, const HttpCall& call) { co_return co_await signal(ctx, call, "reload"); }
asio::awaitable<HttpAnswer> identify(Context& ctx, const HttpCall& call) { co_return co_await signal(ctx, call, "identify"); }

asio::awaitable<HttpAnswer> announce(Context& ctx, const HttpCall& call) {
    if (auto ok = check_body(ctx, call, "http/announcement"); !ok) co_return error_answer(ok.error());
    auto text = call.body["text"].get<std::string>();
    if (!domain::is_valid_text(text, 200)) co_return error_answer(domain::bad_request("text: 1-200 printable characters"));
    auto seconds = call.body["seconds"].get<std::int64_t>();
    if (seconds < 5 || seconds > 300) co_return error_answer(domain::bad_request("seconds: 5-300"));
    const auto& team_id = call.params["team"];
    auto event = co_await ctx.store().announce(team_id, text, static_cast<int>(seconds));
    if (!event) co_return error_answer(event.error());
    spdlog::info("display.announced team={} seconds={}", team_id, seconds);
    co_return json_answer(201, {{"announcement", {{"id", (*event)["id"]}, {"text", text}, {"seconds", seconds},
                                                  {"at", (*event)["at"]}}}});
}

}  // namespace

std::vector<Route> display_routes() {
    return {
        {"POST", "/api/v1/displays/pairing", Access::open, &new_pairing},
        {"GET", "/api/v1/displays/pairing/{pairing}", Access::open, &poll_pairing},
        {"GET", "/api/v1/teams/{team}/displays", Access::team_admin, &list_displays},
        {"POST", "/api/v1/teams/{team}/displays", Access::team_admin, &pair_display},
        {"PUT", "/api/v1/teams/{team}/displays/{display}", Access::team_admin, &put_display},
        {"DELETE", "/api/v1/teams/{team}/displays/{display}", Access::team_admin, &remove_display},
        {"POST", "/api/v1/teams/{team}/displays/{display}/reload", Access::team_admin, &reload},
        {"POST", "/api/v1/teams/{team}/displays/{display}/identify", Access::team_admin, &identify},
        {"POST", "/api/v1/teams/{team}/announcements", Access::team_admin, &announce},
    };
}

}  // namespace wp::api
