#include "api/api.hpp"
#include "api/decoders.hpp"

#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include "domain/activity.hpp"
#include "domain/ranking.hpp"
#include "store/keys.hpp"
#include "store/redis_args.hpp"
#include "store/team_json.hpp"
#include "store/tokens.hpp"

namespace wp::api {

using domain::Errc;
using domain::Error;
using domain::Result;
using nlohmann::json;

namespace {

live::Frame frame_of(const json& j) { return std::make_shared<const std::string>(j.dump()); }

json ack(const json& req, json result = nullptr) {
    json a = {{"type", "ack"}, {"req", req}, {"ok", true}};
    if (!result.is_null()) a["result"] = std::move(result);
    return a;
}

HttpAnswer json_answer(int status, const json& body) { return {status, body.dump(), "application/json"}; }

// Splits "/api/v1/teams/demo/reps" into {"api","v1","teams","demo","reps"}.
std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    while (!path.empty()) {
        if (path.front() == '/') { path.remove_prefix(1); continue; }
        auto slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash);
    }
    return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

const Error display_reads_only{Errc::forbidden, "a display token only reads"};

// The `req` an error may echo: only one the envelope allows (a string of at most 64
// characters or an integer), so the error itself always matches proto/ws/server/error.json.
json echoable_req(const json& message) {
    if (!message.is_object()) return nullptr;
    auto it = message.find("req");
    if (it == message.end()) return nullptr;
    if (it->is_number_integer() || (it->is_string() && it->get_ref<const std::string&>().size() <= 64)) return *it;
    return nullptr;
}

}  // namespace

Api::Api(store::Store& store, ApiOptions options)
    : store_(store), options_(std::move(options)), schemas_(Schemas::instance()),
      budget_(options_.activities_per_minute) {}

int Api::http_status(Errc code) {
    switch (code) {
        case Errc::bad_request: return 400;
        case Errc::unauthorized: return 401;
        case Errc::forbidden: return 403;
        case Errc::not_found: return 404;
        case Errc::conflict: return 409;
        case Errc::too_large: return 413;
        case Errc::rate_limited: return 429;
        case Errc::unavailable: return 503;
    }
    return 500;
}

live::Frame Api::error_frame(const json& req, const Error& error) {
    json e = {{"type", "error"}, {"code", domain::to_string(error.code)}, {"message", error.message}};
    if (!req.is_null()) e["req"] = req;
    return frame_of(e);
}

HttpAnswer Api::error_answer(const Error& error) {
    return json_answer(http_status(error.code),
                       {{"error", {{"code", domain::to_string(error.code)}, {"message", error.message}}}});
}

asio::awaitable<Result<Caller>> Api::authenticate(std::string_view token) {
    if (!options_.admin_token.empty() && constant_time_equal(token, options_.admin_token))
        co_return Caller{{"admin", "", "server admin", domain::Role::admin}, true};
    auto rep = co_await store_.authenticate(token);
    if (!rep) co_return rep.error();
    co_return Caller{std::move(*rep), false};
}

asio::awaitable<Result<const Api::TeamContext*>> Api::team_context(const std::string& team_id) {
    if (auto it = teams_.find(team_id); it != teams_.end()) co_return &it->second;
    auto team = co_await store_.team(team_id);
    if (!team) co_return team.error();
    auto calendar = domain::Calendar::make(team->tz, team->week_start);
    if (!calendar) co_return Error{Errc::unavailable, "team '" + team_id + "': " + calendar.error().message};
    auto [it, _] = teams_.try_emplace(team_id, TeamContext{std::move(*team), *calendar});
    co_return &it->second;
}

asio::awaitable<Result<live::Frame>> Api::welcome(const domain::Rep& rep) {
    auto ctx = co_await team_context(rep.team);
    if (!ctx) co_return ctx.error();
    auto people = co_await roster(rep.team);
    if (!people) co_return people.error();
    auto me = store::to_json(rep);
    json pairs = json::array(), teammates = json::array();
    for (const auto& p : people->pairs) {
        auto mine = std::find(p.reps.begin(), p.reps.end(), rep.id);
        if (mine == p.reps.end() || p.reps.size() != 2) continue;
        const auto& partner = p.reps[mine == p.reps.begin() ? 1 : 0];
        std::string partner_name = partner;
        for (const auto& r : people->reps)
            if (r.id == partner) partner_name = r.name;
        pairs.push_back({{"id", p.id}, {"partner", partner}, {"partner_name", partner_name}});
    }
    for (const auto& r : people->reps)
        if (r.role != domain::Role::display) teammates.push_back({{"id", r.id}, {"name", r.name}});
    me["pair"] = pairs.empty() ? json(nullptr) : pairs[0]["id"];
    me["pairs"] = std::move(pairs);
    co_return frame_of({{"type", "welcome"},
                        {"protocol", "wolfpack.v1"},
                        {"server", options_.server_version},
                        {"me", std::move(me)},
                        {"team", store::to_json((*ctx)->team)},
                        {"teammates", std::move(teammates)},
                        {"now", domain::format_rfc3339(domain::now())}});
}

asio::awaitable<WsReply> Api::handle_ws(const domain::Rep& rep, std::string_view text) {
    auto reply = co_await dispatch_ws(rep, text);
    // error_frame's JSON is the only one that starts so (nlohmann sorts the keys).
    constexpr std::string_view error_head = R"({"code":")";
    if (reply.frame && reply.frame->starts_with(error_head)) {
        auto end = reply.frame->find('"', error_head.size());
        ++errors_by_code_[reply.frame->substr(error_head.size(), end - error_head.size())];
    }
    co_return reply;
}

asio::awaitable<WsReply> Api::dispatch_ws(const domain::Rep& rep, std::string_view text) {
    auto message = json::parse(text, nullptr, false);
    if (message.is_discarded()) co_return WsReply{error_frame(nullptr, domain::bad_request("malformed JSON"))};
    if (auto envelope = schemas_.check("ws/client/envelope", message); !envelope)
        co_return WsReply{error_frame(echoable_req(message), envelope.error())};
    json req = message.contains("req") ? message["req"] : json();
    const auto type = message["type"].get<std::string>();
    auto schema = "ws/client/" + type;
    ++messages_by_type_[type != "envelope" && schemas_.has(schema) ? type : "unknown"];
    if (type == "envelope" || !schemas_.has(schema))
        co_return WsReply{error_frame(req, domain::bad_request("type: unknown message type '" + type + "'"))};
    if (auto valid = schemas_.check(schema, message); !valid) co_return WsReply{error_frame(req, valid.error())};

    if (type == "log") {
        auto result = co_await log(rep, message, "web");
        if (!result) co_return WsReply{error_frame(req, result.error())};
        co_return WsReply{frame_of(ack(req, std::move(*result)))};
    }
    if (type == "subscribe" || type == "unsubscribe") {
        auto topic = message["topic"].get<std::string>();
        auto ctx = co_await team_context(rep.team);
        if (!ctx) co_return WsReply{error_frame(req, ctx.error())};
        if (auto ok = check_topic((*ctx)->team, topic); !ok) co_return WsReply{error_frame(req, ok.error())};
        if (type == "subscribe" && (topic.starts_with("challenge:") || topic.starts_with("pair:"))) {
            // These name things that may not exist: read once so an unknown id is an error now.
            auto exists = co_await read(rep.team, topic);
            if (!exists) co_return WsReply{error_frame(req, exists.error())};
        }
        WsReply reply{frame_of(ack(req))};
        reply.req = req;
        (type == "subscribe" ? reply.subscribe : reply.unsubscribe) = std::move(topic);
        co_return reply;
    }
    Result<json> result = domain::bad_request("type: unknown message type '" + type + "'");
    if (type == "challenge.create") result = co_await create_challenge(rep, message);
    else if (type == "challenge.accept") result = co_await answer_challenge(rep, message, domain::ChallengeAnswer::accept);
    else if (type == "challenge.decline") result = co_await answer_challenge(rep, message, domain::ChallengeAnswer::decline);
    else if (type == "challenge.cancel") result = co_await answer_challenge(rep, message, domain::ChallengeAnswer::cancel);
    else if (type == "checkin.post") result = co_await post_checkin(rep, message);
    else if (type == "cheer") result = co_await cheer(rep, message);
    if (!result) co_return WsReply{error_frame(req, result.error())};
    co_return WsReply{frame_of(ack(req, std::move(*result)))};
}

asio::awaitable<Result<json>> Api::log(const domain::Rep& caller, const json& item, std::string_view source) {
    if (caller.role == domain::Role::display) co_return display_reads_only;
    auto ctx_r = co_await team_context(caller.team);
    if (!ctx_r) co_return ctx_r.error();
    const auto& ctx = **ctx_r;
    std::string rep_id = caller.id;
    if (item.contains("rep") && item["rep"].get<std::string>() != caller.id) {
        if (caller.role != domain::Role::admin)
            co_return Error{Errc::forbidden, "rep: only an admin may log for another rep"};
        rep_id = item["rep"].get<std::string>();
        auto roster = co_await store_.roster(caller.team);
        if (!roster) co_return roster.error();
        bool known = std::any_of(roster->reps.begin(), roster->reps.end(),
                                 [&](const domain::Rep& r) { return r.id == rep_id; });
        if (!known) co_return Error{Errc::not_found, "rep: no rep '" + rep_id + "' in this team"};
    }
    auto activity = domain::make_activity(ctx.team, rep_id, decode_log(item), domain::now());
    if (!activity) co_return activity.error();
    auto started = std::chrono::steady_clock::now();
    auto outcome = co_await store_.log(ctx.team, ctx.calendar, *activity, source);
    log_latency_.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    if (!outcome) co_return outcome.error();
    json counts = json::object();
    for (std::size_t i = 0; i < domain::all_periods.size(); ++i)
        counts[std::string(domain::to_string(domain::all_periods[i]))] = outcome->counts[i];
    json result = {{"counts", std::move(counts)}};
    if (outcome->duplicate) result["duplicate"] = true;
    co_return result;
}

asio::awaitable<Result<json>> Api::leaderboard(const TeamContext& ctx, std::string_view metric, domain::Period period) {
    auto key = ctx.calendar.period_key(period, domain::now());
    auto board = co_await store_.board(ctx.team.id, metric, key, options_.leaderboard_rows);
    if (!board) co_return board.error();
    std::vector<domain::Standing> standings;
    std::map<std::string, std::string, std::less<>> names;
    for (auto& row : board->rows) {
        standings.push_back({row.rep, row.count});
        names[row.rep] = row.name;
    }
    json rows = json::array();
    for (const auto& r : domain::rank_competition(std::move(standings)))
        rows.push_back({{"rank", r.rank}, {"rep", r.rep}, {"name", names[r.rep]}, {"count", r.count}});
    co_return json{{"metric", metric}, {"period", domain::to_string(period)}, {"period_key", key},
                   {"rows", std::move(rows)}, {"total", board->total}};
}

asio::awaitable<Result<json>> Api::read(const std::string& team, const std::string& topic) {
    auto ctx = co_await team_context(team);
    if (!ctx) co_return ctx.error();
    if (topic.starts_with("leaderboard:")) {
        std::string_view rest(topic);
        rest.remove_prefix(12);
        auto colon = rest.find(':');
        auto period = domain::parse_period(rest.substr(colon + 1));
        if (colon == std::string_view::npos || !period) co_return Error{Errc::not_found, "no topic " + topic};
        co_return co_await leaderboard(**ctx, rest.substr(0, colon), *period);
    }
    if (topic == "feed") co_return co_await feed_data(team);
    if (topic.starts_with("challenge:")) co_return co_await challenge_data(team, topic.substr(10));
    if (topic.starts_with("pair:")) co_return co_await pair_data(**ctx, topic.substr(5));
    if (topic.starts_with("challenges:")) {
        // The hub reads a rep's "challenges:me" as "challenges:REP".
        auto ids = co_await store_.challenge_ids(team, topic.substr(11));
        if (!ids) co_return ids.error();
        auto list = co_await challenge_list(team, *ids);
        if (!list) co_return list.error();
        co_return json{{"challenges", std::move(*list)}};
    }
    co_return Error{Errc::not_found, "no topic " + topic};
}

std::vector<std::string> Api::touched(const std::string& team, const json& notice) {
    std::vector<std::string> topics;
    auto kind = notice.value("kind", "");
    auto strings = [&](const char* field) {
        std::vector<std::string> out;
        if (auto it = notice.find(field); it != notice.end() && it->is_array())
            for (const auto& v : *it)
                if (v.is_string()) out.push_back(v.get<std::string>());
        return out;
    };
    auto add = [&](std::vector<std::string> more) { topics.insert(topics.end(), more.begin(), more.end()); };
    if (kind == "roster") {
        // Names or pairs changed: re-read every pair topic, then forget the cached roster.
        add(pair_topics_of(team, [&] {
            std::vector<std::string> all;
            if (auto it = rosters_.find(team); it != rosters_.end())
                for (const auto& r : it->second.reps) all.push_back(r.id);
            return all;
        }()));
        rosters_.erase(team);
        return topics;
    }
    if (kind == "activity") {
        auto metric = notice.value("metric", "");
        for (auto p : domain::all_periods)
            topics.push_back("leaderboard:" + metric + ":" + std::string(domain::to_string(p)));
        add(pair_topics_of(team, {notice.value("rep", "")}));
    }
    if (kind == "checkin") add(pair_topics_of(team, {notice.value("rep", "")}));
    auto challenge_ids = strings("challenges");
    if (!challenge_ids.empty()) {
        for (const auto& id : challenge_ids) topics.push_back("challenge:" + id);
        auto reps = strings("reps");
        std::sort(reps.begin(), reps.end());
        reps.erase(std::unique(reps.begin(), reps.end()), reps.end());
        for (const auto& r : reps) topics.push_back("challenges:" + r);
        if (kind != "activity") add(pair_topics_of(team, reps));
    }
    return topics;
}

std::string Api::metrics_text() const {
    std::string m;
    m += "# HELP wolfpack_ws_messages_total WebSocket messages handled, by type.\n"
         "# TYPE wolfpack_ws_messages_total counter\n";
    for (const auto& [type, n] : messages_by_type_)
        m += "wolfpack_ws_messages_total{type=\"" + type + "\"} " + std::to_string(n) + "\n";
    m += "# HELP wolfpack_errors_total Errors answered (WebSocket and HTTP API), by protocol code.\n"
         "# TYPE wolfpack_errors_total counter\n";
    for (const auto& [code, n] : errors_by_code_)
        m += "wolfpack_errors_total{code=\"" + code + "\"} " + std::to_string(n) + "\n";
    m += log_latency_.render("wolfpack_log_seconds", "Time to record one activity in Redis (the log script).");
    m += store_.redis().round_trips().render("wolfpack_redis_round_trip_seconds",
                                             "Redis command round trips on the command connection.");
    return m;
}

asio::awaitable<HttpAnswer> Api::handle_http(const HttpRequest& request) {
    auto answer = co_await route_http(request);
    constexpr std::string_view error_head = R"({"error":{"code":")";
    if (answer.status >= 400 && answer.body.starts_with(error_head)) {
        auto end = answer.body.find('"', error_head.size());
        ++errors_by_code_[answer.body.substr(error_head.size(), end - error_head.size())];
    }
    co_return answer;
}

asio::awaitable<HttpAnswer> Api::route_http(const HttpRequest& request) {
    if (request.bearer.empty())
        co_return error_answer({Errc::unauthorized, "send Authorization: Bearer TOKEN"});
    auto caller = co_await authenticate(request.bearer);
    if (!caller) co_return error_answer(caller.error());
    co_return co_await handle_http_as(*caller, request);
}

asio::awaitable<HttpAnswer> Api::handle_http_as(const Caller& caller, const HttpRequest& request) {
    json body;
    if (!request.body.empty()) {
        body = json::parse(request.body, nullptr, false);
        if (body.is_discarded()) co_return error_answer(domain::bad_request("body: malformed JSON"));
    }
    const auto& path = request.path;
    if (path == "/api/v1/activities") {
        if (request.method != "POST") co_return error_answer({Errc::not_found, "use POST " + path});
        co_return co_await post_activities(caller, body, request.bearer);
    }
    if (path.starts_with("/api/v1/challenges/")) {
        if (request.method != "GET") co_return error_answer({Errc::not_found, "use GET " + path});
        auto id = std::string_view(path).substr(19);
        if (auto ok = domain::check_id("challenge", id); !ok) co_return error_answer(ok.error());
        co_return co_await get_challenge(caller, id);
    }
    if (path == "/api/v1/leaderboard") {
        if (request.method != "GET") co_return error_answer({Errc::not_found, "use GET " + path});
        co_return co_await get_leaderboard(caller, request);
    }
    if (path.starts_with("/api/v1/reps/") && path.ends_with("/stats")) {
        auto rep = std::string_view(path).substr(13, path.size() - 13 - 6);
        if (request.method != "GET") co_return error_answer({Errc::not_found, "use GET /api/v1/reps/REP/stats?weeks=12"});
        if (auto ok = domain::check_id("rep", rep); !ok) co_return error_answer(ok.error());
        co_return co_await get_stats(caller, rep, request);
    }
    if (path.starts_with("/api/v1/teams/") && path.ends_with("/activities.csv")) {
        auto team = std::string_view(path).substr(14, path.size() - 14 - 15);
        if (request.method != "GET")
            co_return error_answer({Errc::not_found, "use GET /api/v1/teams/TEAM/activities.csv?from=&to="});
        if (auto ok = domain::check_id("team", team); !ok) co_return error_answer(ok.error());
        co_return co_await get_activities_csv(caller, std::string(team), request);
    }
    if (path.starts_with("/api/v1/teams")) co_return co_await admin_route(caller, request, body);
    co_return error_answer({Errc::not_found, "no route " + request.method + " " + path});
}

asio::awaitable<HttpAnswer> Api::post_activities(const Caller& caller, const json& body, const std::string& bearer) {
    if (caller.server_admin)
        co_return error_answer({Errc::forbidden, "activities are logged with a rep's or team admin's token"});
    if (!body.is_object()) co_return error_answer(domain::bad_request("body: a JSON object"));
    auto within_budget = [&](std::size_t count) -> std::optional<HttpAnswer> {
        if (bearer.empty()) return std::nullopt;  // the command line's own calls
        auto verdict = budget_.take(store::token_hash(bearer), count);
        if (verdict.allowed) return std::nullopt;
        auto limit = std::to_string(budget_.per_minute());
        auto answer = error_answer(
            {Errc::rate_limited,
             count > budget_.per_minute()
                 ? "activities: a batch of " + std::to_string(count) + " is more than the " + limit +
                       " a token may log a minute (limits.api_activities_per_minute): send smaller batches"
                 : "activities: at most " + limit + " a minute per token (limits.api_activities_per_minute); nothing "
                   "was recorded: retry after " + std::to_string(verdict.retry_after) + " s"});
        answer.retry_after = verdict.retry_after;
        return answer;
    };
    if (!body.contains("activities")) {
        if (auto ok = schemas_.check("http/activity", body); !ok) co_return error_answer(ok.error());
        if (auto refused = within_budget(1)) co_return *refused;
        auto result = co_await log(caller.rep, body, "api");
        if (!result) co_return error_answer(result.error());
        co_return json_answer(result->contains("duplicate") ? 200 : 201, *result);
    }
    if (auto ok = schemas_.check("http/activities", body); !ok) co_return error_answer(ok.error());
    if (auto refused = within_budget(body["activities"].size())) co_return *refused;
    // Each item is answered on its own: one bad item does not undo the others.
    json results = json::array();
    for (const auto& item : body["activities"]) {
        Result<json> r = domain::bad_request("");
        if (auto ok = schemas_.check("http/activity", item); !ok) r = ok.error();
        else r = co_await log(caller.rep, item, "api");
        if (r) results.push_back({{"ok", true}, {"result", *r}});
        else results.push_back({{"ok", false}, {"error", {{"code", domain::to_string(r.error().code)},
                                                           {"message", r.error().message}}}});
    }
    co_return json_answer(200, {{"results", std::move(results)}});
}

asio::awaitable<HttpAnswer> Api::get_leaderboard(const Caller& caller, const HttpRequest& request) {
    if (caller.server_admin) co_return error_answer({Errc::forbidden, "leaderboards are read with a team's token"});
    auto metric = request.query.find("metric");
    auto period_text = request.query.find("period");
    if (metric == request.query.end() || period_text == request.query.end())
        co_return error_answer(domain::bad_request("query: metric and period are required"));
    auto period = domain::parse_period(period_text->second);
    if (!period) co_return error_answer(domain::bad_request("period: day, week, month, quarter or all"));
    auto ctx = co_await team_context(caller.rep.team);
    if (!ctx) co_return error_answer(ctx.error());
    if (!(*ctx)->team.has_metric(metric->second))
        co_return error_answer({Errc::not_found, "metric: '" + metric->second + "' is not one of this team's metrics"});
    auto data = co_await leaderboard(**ctx, metric->second, *period);
    if (!data) co_return error_answer(data.error());
    co_return json_answer(200, *data);
}

asio::awaitable<HttpAnswer> Api::admin_route(const Caller& caller, const HttpRequest& request, const json& body) {
    auto parts = segments(request.path);  // api v1 teams [TEAM [reps|pairs [REP [token]]]]
    const auto& method = request.method;
    auto check_body = [&](std::string_view schema) -> domain::Status {
        if (!body.is_object()) return domain::bad_request("body: a JSON object");
        return schemas_.check(schema, body);
    };
    if (parts.size() == 3) {
        if (method != "POST") co_return error_answer({Errc::not_found, "use POST /api/v1/teams"});
        if (!caller.server_admin) co_return error_answer({Errc::forbidden, "creating a team needs the server admin token"});
        if (auto ok = check_body("http/team"); !ok) co_return error_answer(ok.error());
        auto week_start = domain::parse_week_start(body.value("week_start", "monday"));
        if (!week_start) co_return error_answer(week_start.error());
        std::vector<domain::Metric> metrics;
        for (const auto& m : body.value("metrics", json::array()))
            metrics.push_back({m["id"].get<std::string>(), m["label"].get<std::string>()});
        auto team = domain::make_team(body["id"].get<std::string>(), body["name"].get<std::string>(),
                                      body["tz"].get<std::string>(), *week_start, std::move(metrics));
        if (!team) co_return error_answer(team.error());
        auto created = co_await store_.create_team(*team);
        if (!created) co_return error_answer(created.error());
        spdlog::info("admin.team_created team={}", created->id);
        co_return json_answer(201, {{"team", store::to_json(*created)}});
    }
    if (parts.size() < 4) co_return error_answer({Errc::not_found, "no route " + method + " " + request.path});
    // Ids in the path are checked like ids in bodies: never a key name Redis could misread.
    std::string team_id(parts[3]);
    if (auto ok = domain::check_id("team", team_id); !ok) co_return error_answer(ok.error());
    bool allowed = caller.server_admin || (caller.rep.role == domain::Role::admin && caller.rep.team == team_id);
    if (!allowed) co_return error_answer({Errc::forbidden, "administering team '" + team_id + "' needs its admin token"});

    if (parts.size() == 4) {
        if (method != "GET") co_return error_answer({Errc::not_found, "use GET /api/v1/teams/TEAM"});
        auto roster = co_await store_.roster(team_id);
        if (!roster) co_return error_answer(roster.error());
        json reps = json::array(), pairs = json::array();
        for (const auto& r : roster->reps) reps.push_back(store::to_json(r));
        for (const auto& p : roster->pairs) pairs.push_back({{"id", p.id}, {"reps", p.reps}});
        co_return json_answer(200, {{"team", store::to_json(roster->team)}, {"reps", reps}, {"pairs", pairs}});
    }
    if (parts[4] == "reps" && parts.size() == 5) {
        if (method != "POST") co_return error_answer({Errc::not_found, "use POST /api/v1/teams/TEAM/reps"});
        if (auto ok = check_body("http/rep"); !ok) co_return error_answer(ok.error());
        auto name = body["name"].get<std::string>();
        if (auto ok = domain::check_name("name", name); !ok) co_return error_answer(ok.error());
        auto role = domain::parse_role(body.value("role", "rep"));
        if (!role) co_return error_answer(role.error());
        domain::Rep new_rep{body["id"].get<std::string>(), team_id, name, *role};
        auto issued = co_await store_.add_rep(new_rep);
        if (!issued) co_return error_answer(issued.error());
        spdlog::info("admin.rep_added team={} rep={} role={}", team_id, issued->rep.id, domain::to_string(*role));
        rosters_.erase(team_id);  // here at once; other instances when the notice arrives
        (void)co_await store_.command(store::args("PUBLISH", store::keys::changes(team_id), R"({"kind":"roster"})"));
        co_return json_answer(201, {{"rep", store::to_json(issued->rep)}, {"token", issued->token}});
    }
    if (parts[4] == "reps" && parts.size() >= 6) {
        std::string rep_id(parts[5]);
        if (auto ok = domain::check_id("rep", rep_id); !ok) co_return error_answer(ok.error());
        if (parts.size() == 7 && parts[6] == "token" && method == "POST") {
            auto token = co_await store_.rotate_token(team_id, rep_id);
            if (!token) co_return error_answer(token.error());
            spdlog::info("admin.token_rotated team={} rep={}", team_id, rep_id);
            co_return json_answer(201, {{"token", *token}});
        }
        if (parts.size() == 6 && method == "DELETE") {
            auto done = co_await store_.delete_rep(team_id, rep_id);
            if (!done) co_return error_answer(done.error());
            spdlog::info("admin.rep_deleted team={} rep={}", team_id, rep_id);
            rosters_.erase(team_id);  // here at once; other instances when the notice arrives
            (void)co_await store_.command(store::args("PUBLISH", store::keys::changes(team_id), R"({"kind":"roster"})"));
            co_return HttpAnswer{204, "", "application/json"};
        }
    }
    if (parts[4] == "pairs" && parts.size() == 5) {
        if (method != "POST") co_return error_answer({Errc::not_found, "use POST /api/v1/teams/TEAM/pairs"});
        if (auto ok = check_body("http/pair"); !ok) co_return error_answer(ok.error());
        auto a = body["reps"][0].get<std::string>(), b = body["reps"][1].get<std::string>();
        if (a == b) co_return error_answer(domain::bad_request("reps: two different reps"));
        auto pair = co_await store_.add_pair(team_id, a, b);
        if (!pair) co_return error_answer(pair.error());
        spdlog::info("admin.pair_added team={} pair={}", team_id, pair->id);
        rosters_.erase(team_id);  // here at once; other instances when the notice arrives
        (void)co_await store_.command(store::args("PUBLISH", store::keys::changes(team_id), R"({"kind":"roster"})"));
        co_return json_answer(201, {{"pair", {{"id", pair->id}, {"reps", pair->reps}}}});
    }
    co_return error_answer({Errc::not_found, "no route " + method + " " + request.path});
}

}  // namespace wp::api
