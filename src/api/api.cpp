#include "api/api.hpp"
#include "api/decoders.hpp"

#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include "api/names.hpp"
#include "api/pairs.hpp"
#include "api/kiosk_topics.hpp"
#include "api/scoring.hpp"
#include "store/team_json.hpp"
#include "store/tokens.hpp"

namespace wp::api {

namespace {

bool constant_time_equal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::vector<Route> all_routes() {
    std::vector<Route> routes;
    for (auto part : {team_routes(), people_routes(), pair_routes(), session_routes(), report_routes(), activity_routes(),
                      scoring_routes(), partner_routes(), display_routes()})
        routes.insert(routes.end(), part.begin(), part.end());
    return routes;
}

}  // namespace

Api::Api(store::Store& store, ApiOptions options)
    : ctx_(store, std::move(options)), router_(all_routes()), decoder_(Schemas::instance(), counts_) {}

asio::awaitable<Result<Caller>> Api::authenticate(std::string_view token) {
    const auto& admin_token = ctx_.options().admin_token;
    if (!admin_token.empty() && constant_time_equal(token, admin_token))
        co_return Caller{{"admin", "", "server admin", domain::Role::admin}, true, ""};
    auto owner = co_await ctx_.store().authenticate(token);
    if (!owner) co_return owner.error();
    co_return Caller{std::move(owner->rep), false, std::move(owner->session)};
}

asio::awaitable<Result<bool>> Api::signed_in(const live::Subscriber& s) {
    auto role = co_await ctx_.store().signed_in(s.team(), s.rep(), s.session());
    if (!role) co_return role.error();
    co_return *role == s.role();  // a new role also closes its connections (update_rep.lua)
}

asio::awaitable<Result<json>> Api::profile(const domain::Rep& rep) {
    auto ctx = co_await ctx_.team(rep.team);
    if (!ctx) co_return ctx.error();
    auto people = co_await ctx_.roster(rep.team);
    if (!people) co_return people.error();
    auto self = std::find_if(people->reps.begin(), people->reps.end(), [&](const domain::Rep& r) { return r.id == rep.id; });
    if (self == people->reps.end()) co_return Error{Errc::not_found, "rep: '" + rep.id + "' is no longer in the team"};
    auto me = store::to_json(*self);
    me["wall"] = self->on_wall;
    json pairs = json::array(), teammates = json::array();
    for (const auto& p : people->pairs) {
        auto mine = std::find(p.reps.begin(), p.reps.end(), rep.id);
        if (mine == p.reps.end() || p.reps.size() != 2) continue;
        const auto& partner = p.reps[mine == p.reps.begin() ? 1 : 0];
        pairs.push_back({{"id", p.id}, {"partner", partner}, {"partner_name", name_in(*people, partner)}});
    }
    // Partners in another team: a card like any pair's (only the partner's name crosses over).
    auto across = co_await live_partnerships(ctx_, *people);
    if (!across) co_return across.error();
    for (const auto& p : *across)
        if (p.half.rep == rep.id)
            pairs.push_back({{"id", p.half.id}, {"partner", p.half.partner}, {"partner_name", p.partner_name},
                             {"partner_team", p.half.team}});
    for (const auto& r : people->reps)
        if (r.role != domain::Role::display)
            teammates.push_back({{"id", r.id}, {"name", r.name}, {"role", domain::to_string(r.role)}});
    if (auto marked = co_await mark_sellers(ctx_, **ctx, teammates); !marked) co_return marked.error();
    me["pair"] = pairs.empty() ? json(nullptr) : pairs[0]["id"];
    me["pairs"] = std::move(pairs);
    json view = {{"me", std::move(me)}, {"team", store::to_json((*ctx)->team)}, {"teammates", std::move(teammates)}};
    // A manager's console lists the team's partnerships across teams: one the other team's
    // admin accepts changes this view, so the console hears of it (the `team` topic).
    if (self->role == domain::Role::admin) {
        json partners = json::array();
        for (const auto& p : *across) partners.push_back({{"id", p.half.id}, {"rep", p.half.rep}, {"team", p.half.team}});
        view["partners"] = std::move(partners);
    }
    co_return view;
}

asio::awaitable<Result<live::Frame>> Api::welcome(const domain::Rep& rep) {
    auto view = co_await profile(rep);
    if (!view) co_return view.error();
    auto& w = *view;
    w["type"] = "welcome";
    w["protocol"] = "wolfpack.v1";
    w["server"] = ctx_.options().server_version;
    w["now"] = domain::format_rfc3339(domain::now());
    co_return frame_of(w);
}

asio::awaitable<WsReply> Api::handle_ws(const domain::Rep& rep, WsMessage message) {
    auto reply = co_await dispatch_ws(rep, message);
    if (reply.frame) counts_.error_in(*reply.frame, R"({"code":")");
    co_return reply;
}

asio::awaitable<WsReply> Api::dispatch_ws(const domain::Rep& rep, const WsMessage& decoded) {
    const auto& type = decoded.type;
    const auto& message = decoded.body;
    const auto& req = decoded.req;
    if (type == "log") {
        auto result = co_await ctx_.log(rep, message, "web");
        if (!result) co_return WsReply{error_frame(req, result.error())};
        co_return WsReply{frame_of(ack(req, std::move(*result)))};
    }
    if (type == "subscribe" || type == "unsubscribe") {
        auto ctx = co_await ctx_.team(rep.team);
        if (!ctx) co_return WsReply{error_frame(req, ctx.error())};
        auto topic = domain::parse_topic(message["topic"].get<std::string>(), (*ctx)->team, rep.id,
                                         rep.role == domain::Role::display);
        if (!topic) co_return WsReply{error_frame(req, topic.error())};
        if (std::holds_alternative<domain::topic::DisplayMe>(*topic) && rep.role != domain::Role::display)
            co_return WsReply{error_frame(req, {Errc::forbidden, "topic: display:me is a display's own; a screen signs in "
                                                                 "by its pairing code on /wall"})};
        bool names_a_thing = std::holds_alternative<domain::topic::Challenge>(*topic) ||
                             std::holds_alternative<domain::topic::PairCard>(*topic);
        if (type == "subscribe" && names_a_thing) {
            // These name things that may not exist: read once so an unknown id is an error now.
            auto exists = co_await read(rep.team, *topic);
            if (!exists) co_return WsReply{error_frame(req, exists.error())};
        }
        WsReply reply{frame_of(ack(req))};
        reply.req = req;
        (type == "subscribe" ? reply.subscribe : reply.unsubscribe) = std::move(*topic);
        co_return reply;
    }
    Result<json> result = domain::bad_request("type: unknown message type '" + type + "'");
    if (type == "challenge.create") result = co_await create_challenge(rep, message);
    else if (type == "challenge.accept") result = co_await answer_challenge(rep, message, domain::ChallengeAnswer::accept);
    else if (type == "challenge.decline") result = co_await answer_challenge(rep, message, domain::ChallengeAnswer::decline);
    else if (type == "challenge.cancel") result = co_await answer_challenge(rep, message, domain::ChallengeAnswer::cancel);
    else if (type == "checkin.post") result = co_await post_checkin(rep, message);
    else if (type == "cheer") result = co_await cheer(rep, message);
    else if (type == "targets.set") result = co_await set_own_targets(ctx_, rep, message);
    else if (type == "prefs.set") result = co_await set_prefs(ctx_, rep, message);
    if (!result) co_return WsReply{error_frame(req, result.error())};
    co_return WsReply{frame_of(ack(req, std::move(*result)))};
}

asio::awaitable<Result<json>> Api::read(const std::string& team, const domain::Topic& topic) {
    namespace t = domain::topic;
    auto ctx = co_await ctx_.team(team);
    if (!ctx) co_return ctx.error();
    if (auto* board = std::get_if<t::Board>(&topic))
        co_return co_await board_data(ctx_, **ctx, board->metric, board->period, board->wall);
    if (auto* pct = std::get_if<t::PctBoard>(&topic)) co_return co_await pct_board_data(ctx_, **ctx, *pct);
    if (auto* near = std::get_if<t::Around>(&topic)) co_return co_await around_data(ctx_, **ctx, *near);
    if (auto* improved = std::get_if<t::Improved>(&topic)) co_return co_await improved_data(ctx_, **ctx, *improved);
    if (auto* mine = std::get_if<t::MyTargets>(&topic)) co_return co_await targets_data(ctx_, **ctx, mine->rep);
    if (std::holds_alternative<t::Feed>(topic)) co_return co_await feed_data(team);
    if (auto* c = std::get_if<t::Challenge>(&topic)) co_return co_await ctx_.challenge(team, c->id);
    if (auto* p = std::get_if<t::PairCard>(&topic)) co_return co_await pair_card(ctx_, **ctx, p->pair);
    if (auto* board = std::get_if<t::PairBoard>(&topic)) co_return co_await pair_board(ctx_, **ctx, board->metric, board->period);
    if (auto* view = std::get_if<t::TeamView>(&topic)) {
        auto people = co_await ctx_.roster(team);
        if (!people) co_return people.error();
        auto self = std::find_if(people->reps.begin(), people->reps.end(),
                                 [&](const domain::Rep& r) { return r.id == view->rep; });
        if (self == people->reps.end()) co_return Error{Errc::not_found, "rep: '" + view->rep + "' is no longer in the team"};
        co_return co_await profile(*self);
    }
    if (auto* display = std::get_if<t::DisplayMe>(&topic)) co_return co_await display_me_data(ctx_, **ctx, display->rep);
    if (std::holds_alternative<t::TeamChallenges>(topic)) co_return co_await team_challenges_data(ctx_, team);
    if (std::holds_alternative<t::Review>(topic)) co_return co_await review_data(ctx_, **ctx);
    const auto& mine = std::get<t::MyChallenges>(topic);
    auto ids = co_await ctx_.store().challenge_ids(team, mine.rep);
    if (!ids) co_return ids.error();
    auto list = co_await ctx_.challenges(team, *ids);
    if (!list) co_return list.error();
    co_return json{{"challenges", std::move(*list)}};
}

domain::Touched Api::touched(const std::string& team, const json& notice) {
    namespace t = domain::topic;
    domain::Touched out;
    auto& topics = out.topics;
    auto kind = notice.value("kind", "");
    // The boards held move with the notice (or are forgotten), before their topics are re-read.
    if (kind == "activity") ctx_.boards().apply(team, notice);
    if (kind == "targets") ctx_.forget_targets(team);
    auto strings = [&](const char* field) {
        std::vector<std::string> found;
        if (auto it = notice.find(field); it != notice.end() && it->is_array())
            for (const auto& v : *it)
                if (v.is_string()) found.push_back(v.get<std::string>());
        return found;
    };
    auto add = [&](std::vector<domain::Topic> more) { topics.insert(topics.end(), more.begin(), more.end()); };
    if (kind == "roster" || kind == "team") {
        // Names, roles, pairs or the team's settings changed: every topic of the team may show
        // them (names on boards and challenges, metrics on pair cards, the `team` topic), and
        // such changes are rare, so all of them are read again.
        if (kind == "team") ctx_.forget_team(team);
        else ctx_.forget_roster(team);
        out.everything = true;
        out.elsewhere = partner_topics_elsewhere(ctx_, team, {}, true);
        return out;
    }
    if (kind == "targets") {
        // Targets show on boards, % of target, neighbourhoods and the rep's pad: rare, so all.
        out.everything = true;
        return out;
    }
    if (kind == "activity") {
        auto metric = notice.value("metric", "");
        for (auto p : domain::all_periods) topics.push_back(t::Board{metric, p});
        add_scoring_topics(out, metric, notice.value("rep", ""));
        for (auto p : domain::all_periods) topics.push_back(t::PairBoard{metric, p});
        add(pair_topics_of(team, {notice.value("rep", "")}));
    }
    if (kind == "checkin" || kind == "streak") add(pair_topics_of(team, {notice.value("rep", "")}));
    if (kind == "activity" || kind == "checkin" || kind == "streak")
        out.elsewhere = partner_topics_elsewhere(ctx_, team, {notice.value("rep", "")}, false);
    if (kind == "display") topics.push_back(t::DisplayMe{notice.value("display", "")});
    if (kind == "announcement") {
        // Every display shows the team's current announcement. Without the people cached here
        // (just forgotten after a roster change) it is not known which are displays: all then.
        const auto* roster = ctx_.cached_roster(team);
        if (!roster) {
            out.everything = true;
            return out;
        }
        for (const auto& r : roster->reps)
            if (r.role == domain::Role::display) topics.push_back(t::DisplayMe{r.id});
    }
    // The week in review shows check-ins, cheers and personal bests (its numbers follow on the
    // refresh timer, so every log does not re-read the week).
    bool milestone = false;
    if (auto it = notice.find("events"); it != notice.end() && it->is_array())
        for (const auto& ev : *it) milestone = milestone || (ev.is_object() && ev.value("kind", "") == "milestone");
    if (kind == "checkin" || kind == "cheer" || milestone) topics.push_back(t::Review{});
    auto challenge_ids = strings("challenges");
    if (!challenge_ids.empty()) {
        topics.push_back(t::TeamChallenges{});
        for (const auto& id : challenge_ids) topics.push_back(t::Challenge{id});
        auto reps = strings("reps");
        std::sort(reps.begin(), reps.end());
        reps.erase(std::unique(reps.begin(), reps.end()), reps.end());
        for (const auto& r : reps) topics.push_back(t::MyChallenges{r});
        // The cards of every participant's pairs: a pair-vs-pair challenge shows on both pairs'.
        add(pair_topics_of(team, reps));
        // A challenge across teams shows on the partner's team's topics too.
        auto there = cross_topics_elsewhere(ctx_, team, challenge_ids);
        out.elsewhere.insert(out.elsewhere.end(), there.begin(), there.end());
    }
    return out;
}

asio::awaitable<void> Api::display_seen(domain::Rep display, bool closing) {
    constexpr auto every = std::chrono::seconds(30);
    const auto now = std::chrono::steady_clock::now();
    auto key = display.team + "/" + display.id;
    auto [it, fresh] = display_seen_at_.try_emplace(key, now);
    if (!fresh && !closing && now - it->second < every) co_return;
    it->second = now;
    if (closing) display_seen_at_.erase(it);  // the next connection reports at once
    if (auto written = co_await ctx_.store().display_seen(display.team, display.id, domain::now()); !written)
        spdlog::debug("display.seen_unrecorded team={} display={} cause=\"{}\"", display.team, display.id,
                      written.error().message);
}

std::string Api::metrics_text() const {
    auto m = counts_.render();
    m += const_cast<Context&>(ctx_).log_latency().render("wolfpack_log_seconds",
                                                         "Time to record one activity in Redis (the log script).");
    m += const_cast<Context&>(ctx_).store().round_trips().render("wolfpack_redis_round_trip_seconds",
                                                             "Redis command round trips, redirects and retries included.");
    return m;
}

asio::awaitable<HttpAnswer> Api::handle_http(const HttpRequest& request) {
    auto answer = co_await route(nullptr, request);
    if (answer.status >= 400) counts_.error_in(answer.body, R"({"error":{"code":")");
    co_return answer;
}

asio::awaitable<HttpAnswer> Api::handle_http_as(const Caller& caller, const HttpRequest& request) {
    co_return co_await route(&caller, request);
}

asio::awaitable<HttpAnswer> Api::route(const Caller* known, const HttpRequest& request) {
    auto match = router_.match(request.method, request.path);
    if (!match) co_return error_answer({Errc::not_found, "no route " + request.method + " " + request.path});
    if (!match->route) {
        std::string methods;
        for (auto m : match->allowed) methods += (methods.empty() ? "" : " or ") + std::string(m);
        co_return error_answer({Errc::not_found, "use " + methods + " " + request.path});
    }
    const auto& route = *match->route;
    if (auto ok = Router::check_params(route, match->params); !ok) co_return error_answer(ok.error());
    std::optional<Caller> authenticated;
    const Caller* caller = known;
    if (!caller && route.access != Access::open) {
        if (request.bearer.empty()) co_return error_answer({Errc::unauthorized, "send Authorization: Bearer TOKEN"});
        auto found = co_await authenticate(request.bearer);
        if (!found) co_return error_answer(found.error());
        authenticated = std::move(*found);
        caller = &*authenticated;
    }
    if (route.access == Access::server_admin && !caller->server_admin)
        co_return error_answer({Errc::forbidden, "this needs the server admin token (admin_token)"});
    if (route.access == Access::team_admin && !administers(*caller, match->params["team"]))
        co_return error_answer({Errc::forbidden, "administering team '" + match->params["team"] + "' needs its admin token"});
    json body;
    if (!request.body.empty()) {
        body = json::parse(request.body, nullptr, false);
        if (body.is_discarded()) co_return error_answer(domain::bad_request("body: malformed JSON"));
    }
    HttpCall call{caller, request, body, std::move(match->params)};
    co_return co_await route.handler(ctx_, call);
}

}  // namespace wp::api
