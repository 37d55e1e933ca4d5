#include "store/store.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "domain/challenge.hpp"
#include "store/embedded.hpp"
#include "store/keys.hpp"
#include "store/redis_args.hpp"
#include "store/team_json.hpp"
#include "store/tokens.hpp"

namespace wp::store {

using domain::Errc;
using domain::Error;
using domain::Result;

namespace {
Error unexpected_reply(std::string_view what, const RedisReply& r) {
    return {Errc::unavailable, "Redis answered " + std::string(what) + " unexpectedly: " + r.str};
}

// "10,25,50,100": the log script announces each round number once per day and week.
const std::string& milestone_thresholds() {
    static const std::string text = [] {
        std::string out;
        for (auto t : domain::milestone_thresholds) out += (out.empty() ? "" : ",") + std::to_string(t);
        return out;
    }();
    return text;
}
}  // namespace

Store::Store(RedisConnection& redis, StoreOptions options) : redis_(redis), options_(options) {}

std::chrono::milliseconds Store::write_deadline() const {
    // A quarter of the command timeout before it runs out, so that a write Redis runs in time
    // is also answered in time, with room for the reply's way back and clock measurement.
    auto timeout = redis_.timeouts().command;
    return timeout - timeout / 4;
}

const Store::Script& Store::script(std::string_view name) {
    if (auto it = scripts_.find(name); it != scripts_.end()) return it->second;
    auto body = embedded_file("src/store/lua/" + std::string(name) + ".lua");
    auto lib = embedded_file("src/store/lua/lib.lua");
    if (!body || !lib) throw std::logic_error("no embedded Lua script " + std::string(name));
    // Every script starts with lib.lua's shared functions.
    std::string text = std::string(*lib) + "\n" + std::string(*body);
    auto [it, _] = scripts_.emplace(std::string(name), Script{text, sha1_hex(text)});
    return it->second;
}

Task<RedisReply> Store::command(std::vector<std::string> args) {
    auto reply = co_await redis_.command(std::move(args));
    if (reply && reply->is_error()) co_return Error{Errc::unavailable, "Redis error: " + reply->str};
    co_return reply;
}

Task<RedisReply> Store::eval(std::string_view name, const std::vector<std::string>& keys,
                             const std::vector<std::string>& args) {
    const auto& s = script(name);
    std::vector<std::string> cmd{"EVALSHA", s.sha, std::to_string(keys.size())};
    cmd.insert(cmd.end(), keys.begin(), keys.end());
    cmd.insert(cmd.end(), args.begin(), args.end());
    auto reply = co_await redis_.command(cmd);
    if (reply && reply->is_error() && reply->str.starts_with("NOSCRIPT")) {
        cmd[0] = "EVAL";
        cmd[1] = s.text;
        reply = co_await redis_.command(std::move(cmd));
    }
    co_return reply;
}

Task<domain::Team> Store::create_team(const domain::Team& team) {
    auto reply = co_await command(args("SET", keys::team(team.id), stored_json(team).dump(), "NX"));
    if (!reply) co_return reply.error();
    if (reply->is_nil()) co_return Error{Errc::conflict, "team '" + team.id + "' exists"};
    // The finisher walks this set: a team missing from it would never finish a challenge.
    auto listed = co_await command(args("SADD", keys::all_teams, team.id));
    if (!listed) {
        spdlog::error("store.team_unlisted team={} cause=\"{}\" fix=\"SADD wp:teams {} once Redis answers\"", team.id,
                      listed.error().message, team.id);
        co_return listed.error();
    }
    teams_.insert_or_assign(team.id, team);
    co_return team;
}

Task<domain::Team> Store::team(std::string_view team_id) {
    if (auto it = teams_.find(team_id); it != teams_.end()) co_return it->second;
    auto reply = co_await command(args("GET", keys::team(team_id)));
    if (!reply) co_return reply.error();
    if (reply->is_nil()) co_return Error{Errc::not_found, "no team '" + std::string(team_id) + "'"};
    auto json = nlohmann::json::parse(reply->str, nullptr, false);
    auto team = team_from_json(json);
    if (!team) co_return Error{Errc::unavailable, "stored team is corrupt: " + team.error().message};
    teams_.insert_or_assign(std::string(team_id), *team);
    co_return team;
}

Task<Roster> Store::roster(std::string_view team_id) {
    auto team = co_await this->team(team_id);
    if (!team) co_return team.error();
    Roster roster{*team, {}, {}, {}};
    auto ids = co_await command(args("SMEMBERS", keys::reps(team_id)));
    if (!ids) co_return ids.error();
    std::vector<std::string> sorted;
    for (const auto& e : ids->elements) sorted.push_back(e.str);
    std::sort(sorted.begin(), sorted.end());
    for (const auto& id : sorted) {
        auto fields = co_await command(args("HMGET", keys::rep(team_id, id), "name", "role", "deleted", "wall"));
        if (!fields) co_return fields.error();
        if (fields->elements.size() != 4 || fields->elements[2].str != "0") continue;
        auto role = domain::parse_role(fields->elements[1].str);
        roster.reps.push_back({id, std::string(team_id), fields->elements[0].str,
                               role ? *role : domain::Role::rep, fields->elements[3].str != "0"});
    }
    auto pairs = co_await command(args("HGETALL", keys::pairs(team_id)));
    if (!pairs) co_return pairs.error();
    for (size_t i = 0; i + 1 < pairs->elements.size(); i += 2) {
        const auto& members = pairs->elements[i + 1].str;
        auto comma = members.find(',');
        roster.pairs.push_back({pairs->elements[i].str, args(members.substr(0, comma), members.substr(comma + 1))});
    }
    std::sort(roster.pairs.begin(), roster.pairs.end(), [](const Pair& a, const Pair& b) {
        return a.id.size() != b.id.size() ? a.id.size() < b.id.size() : a.id < b.id;
    });
    auto partners = co_await partner_halves(team_id);
    if (!partners) co_return partners.error();
    roster.partners = std::move(*partners);
    co_return roster;
}

Task<IssuedToken> Store::add_rep(const domain::Rep& rep) {
    auto token = new_token();
    auto hash = token_hash(token);
    auto created = co_await eval("add_rep", args(keys::team(rep.team), keys::rep(rep.team, rep.id), keys::reps(rep.team),
                                  keys::names(rep.team)), args(rep.id, rep.name, std::string(domain::to_string(rep.role)), hash,
                                  std::to_string(domain::now().time_since_epoch().count()), keys::changes(rep.team)));
    if (!created) co_return created.error();
    auto code = created->as_int();
    if (!code) co_return unexpected_reply("add_rep", *created);
    if (*code == 0) co_return Error{Errc::not_found, "no team '" + rep.team + "'"};
    if (*code < 0) co_return Error{Errc::conflict, "rep '" + rep.id + "' exists in team '" + rep.team + "'"};
    // The token key lives outside the team's slot, so it is written after the rep; a token
    // key without a matching rep hash is never accepted (authenticate checks both).
    auto stored = co_await command(args("SET", keys::token(hash), rep.team + "/" + rep.id));
    if (!stored) co_return stored.error();
    co_return IssuedToken{rep, std::move(token)};
}

Task<std::monostate> Store::end_sessions(std::string_view team_id, std::string_view rep_id, std::string_view mode,
                                         const std::string& new_hash, std::string_view session) {
    auto ended = co_await eval("end_sessions",
                               args(keys::rep(team_id, rep_id), keys::rep_sessions(team_id, rep_id), keys::pairs(team_id),
                                    keys::names(team_id)),
                               args(std::string(mode), new_hash, keys::changes(team_id), std::string(rep_id),
                                    std::string(session)));
    if (!ended) co_return ended.error();
    if (ended->is_nil())
        co_return Error{Errc::not_found, "no rep '" + std::string(rep_id) + "' in team '" + std::string(team_id) + "'"};
    if (ended->kind != RedisReply::Kind::array) co_return unexpected_reply("end_sessions", *ended);
    // The token keys live outside the team's slot; one left behind is harmless, since
    // authenticate also checks the rep's own record.
    for (const auto& h : ended->elements)
        if (auto gone = co_await command(args("DEL", keys::token(h.str))); !gone)
            spdlog::warn("store.token_key_left team={} rep={} cause=\"{}\"", team_id, rep_id, gone.error().message);
    co_return std::monostate{};
}

Task<std::string> Store::rotate_token(std::string_view team_id, std::string_view rep_id) {
    auto token = new_token();
    auto hash = token_hash(token);
    auto stored = co_await command(args("SET", keys::token(hash), std::string(team_id) + "/" + std::string(rep_id)));
    if (!stored) co_return stored.error();
    auto done = co_await end_sessions(team_id, rep_id, "rotate", hash);
    if (!done) {
        (void)co_await command(args("DEL", keys::token(hash)));
        co_return done.error();
    }
    co_return token;
}

Task<std::monostate> Store::delete_rep(std::string_view team_id, std::string_view rep_id) {
    co_return co_await end_sessions(team_id, rep_id, "delete", "");
}

Task<Pair> Store::add_pair(std::string_view team_id, std::string_view a, std::string_view b) {
    auto reply = co_await eval("add_pair", args(keys::pairs(team_id), keys::rep(team_id, a), keys::rep(team_id, b),
                                keys::pair_counter(team_id)), args(std::string(a), std::string(b), keys::changes(team_id)));
    if (!reply) co_return reply.error();
    if (reply->is_error()) {
        // Lua error replies read "not_found:REP" or "conflict:PAIR" (Redis may prefix them).
        const auto& text = reply->str;
        if (auto p = text.find("not_found:"); p != std::string::npos)
            co_return Error{Errc::not_found, "no rep '" + text.substr(p + 10) + "' in team '" + std::string(team_id) + "'"};
        if (auto p = text.find("display:"); p != std::string::npos)
            co_return domain::bad_request("reps: '" + text.substr(p + 8) + "' is a display, which only reads: pair reps or admins");
        if (auto p = text.find("conflict:"); p != std::string::npos)
            co_return Error{Errc::conflict, "these reps are already pair '" + text.substr(p + 9) + "'"};
        co_return unexpected_reply("add_pair", *reply);
    }
    co_return Pair{reply->str, args(a, b)};
}

Task<TokenOwner> Store::authenticate(std::string_view token) {
    static const Error denied{Errc::unauthorized, "unknown or revoked token"};
    if (token.empty() || token.size() > 256) co_return denied;
    auto hash = token_hash(token);
    auto owner = co_await command(args("GET", keys::token(hash)));
    if (!owner) co_return owner.error();
    if (owner->is_nil()) co_return denied;
    auto slash = owner->str.find('/');
    if (slash == std::string::npos) co_return denied;
    std::string team_id = owner->str.substr(0, slash), rep_id = owner->str.substr(slash + 1);
    auto fields = co_await eval("authenticate", args(keys::rep(team_id, rep_id), keys::rep_sessions(team_id, rep_id)),
                                args(hash));
    if (!fields) co_return fields.error();
    if (fields->kind != RedisReply::Kind::array || fields->elements.size() != 2) co_return denied;
    auto role = domain::parse_role(fields->elements[1].str);
    if (!role) co_return denied;
    co_return TokenOwner{{rep_id, team_id, fields->elements[0].str, *role}, hash.substr(0, 16)};
}

Task<LogOutcome> Store::log(const domain::Team& team, const domain::Calendar& calendar,
                            const domain::Activity& activity, std::string_view source) {
    std::vector<std::string> ks;
    ks.reserve(15);
    ks.push_back(keys::idempotency(team.id, activity.rep, activity.id));
    std::array<std::string, 5> period_keys;
    for (size_t i = 0; i < domain::all_periods.size(); ++i) {
        period_keys[i] = calendar.period_key(domain::all_periods[i], activity.at);
        ks.push_back(keys::board(team.id, activity.metric, period_keys[i]));
    }
    for (size_t i = 0; i < 5; ++i) ks.push_back(ks[1 + i] + ":total");
    ks.push_back(keys::feed(team.id));
    ks.push_back(keys::rep_open_challenges(team.id, activity.rep));
    ks.push_back(keys::activity_log(team.id));
    ks.push_back(keys::personal_best(team.id, activity.rep, activity.metric));
    auto now = domain::now();
    // Only a log in the current week can announce a personal best.
    const auto& week_key = period_keys[1];
    bool this_week = week_key == calendar.period_key(domain::Period::week, now);
    bool today = period_keys[0] == calendar.period_key(domain::Period::day, now);  // only today's is news
    auto oldest_kept = now - std::chrono::duration_cast<std::chrono::milliseconds>(options_.board_retention);
    auto argv = args(activity.rep, std::to_string(activity.delta), std::to_string(options_.idempotency_ttl.count()),
                     std::to_string(options_.board_retention.count()), std::to_string(options_.feed_max_len),
                     keys::changes(team.id), "", activity.metric, domain::format_rfc3339(activity.at), activity.id,
                     std::string(source), std::to_string(activity.at.time_since_epoch().count()),
                     keys::team_prefix(team.id), std::to_string(now.time_since_epoch().count()),
                     domain::format_rfc3339(now), std::to_string(oldest_kept.time_since_epoch().count()),
                     period_keys[0], week_key, milestone_thresholds(), this_week ? "1" : "0",
                     std::to_string(redis_.redis_time_ms(write_deadline())), today ? "1" : "0");
    auto reply = co_await eval("log_activity", ks, argv);
    if (!reply) co_return reply.error();
    if (reply->is_error() && reply->str.find("expired") != std::string::npos)
        co_return Error{Errc::unavailable, "Redis ran the log after the server had given up on it, so it recorded "
                                           "nothing: retry with the same id"};
    if (reply->is_error()) {
        if (auto at = reply->str.find("below_zero:"); at != std::string::npos)
            co_return Error{Errc::conflict, "delta: " + std::to_string(activity.delta) + " would take " + activity.rep +
                                                "'s " + activity.metric + " for " + calendar.local_date(activity.at) +
                                                " below zero (it is " + reply->str.substr(at + 11) +
                                                "): a correction undoes at most what that day holds"};
    }
    if (reply->kind != RedisReply::Kind::array || reply->elements.size() != 7)
        co_return unexpected_reply("log_activity", *reply);
    LogOutcome out;
    out.duplicate = reply->elements[0].as_int().value_or(0) == 1;
    for (size_t i = 0; i < 5; ++i) out.counts[i] = reply->elements[i + 1].as_int().value_or(0);
    out.milestones = static_cast<int>(reply->elements[6].as_int().value_or(0));
    co_return out;
}

Task<Board> Store::board(std::string_view team_id, std::string_view metric, std::string_view period_key,
                         int limit) {
    auto b = keys::board(team_id, metric, period_key);
    auto reply = co_await eval("read_board", args(b, b + ":total", keys::names(team_id)), args(std::to_string(limit)));
    if (!reply) co_return reply.error();
    if (reply->kind != RedisReply::Kind::array || reply->elements.empty() || (reply->elements.size() - 1) % 3)
        co_return unexpected_reply("read_board", *reply);
    Board board;
    board.total = reply->elements[0].as_int().value_or(0);
    for (size_t i = 1; i + 2 < reply->elements.size(); i += 3)
        board.rows.push_back({reply->elements[i].str, reply->elements[i + 2].str,
                              reply->elements[i + 1].as_int().value_or(0)});
    co_return board;
}

}  // namespace wp::store
