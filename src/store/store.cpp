#include "store/store.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "domain/challenge.hpp"
#include "store/embedded.hpp"
#include "store/keys.hpp"
#include "store/redis_args.hpp"
#include "store/redis_errors.hpp"
#include "store/team_json.hpp"
#include "store/tokens.hpp"

namespace wp::store {

using domain::Errc;
using domain::Error;
using domain::Result;

namespace {
// Every redis.call goes through a check that its key (the first argument; XGROUP's second) is
// one of KEYS. TIME and SPUBLISH (a channel) name no key.
std::string checking_declared_keys(std::string code) {
    std::string checked = R"(local wp_declared = {}
for _, k in ipairs(KEYS) do wp_declared[k] = true end
local function wp_call(cmd, ...)
  local key = select(1, ...)
  if cmd == 'XGROUP' then key = select(2, ...) end
  if cmd ~= 'TIME' and cmd ~= 'SPUBLISH' and key ~= nil and not wp_declared[key] then
    error('undeclared key ' .. tostring(key) .. ' (' .. cmd .. ')')
  end
  return redis.call(cmd, ...)
end
)";
    constexpr std::string_view call = "redis.call(";
    for (auto at = code.find(call); at != std::string::npos; at = code.find(call, at)) code.replace(at, call.size(), "wp_call(");
    return checked + code;
}
}  // namespace

Store::Store(RedisClient& redis, StoreOptions options) : redis_(redis), options_(options) {
    // Every script is loaded as each connection comes up, before any command is sent on it, so
    // the first calls after a (re)start do not all meet NOSCRIPT and send the whole text again.
    constexpr std::string_view folder = "src/store/lua/", suffix = ".lua";
    std::vector<std::vector<std::string>> loads;
    for (const auto& file : embedded_files()) {
        if (!file.path.starts_with(folder) || !file.path.ends_with(suffix)) continue;
        auto name = file.path.substr(folder.size(), file.path.size() - folder.size() - suffix.size());
        if (name == "lib") continue;
        loads.push_back(args("SCRIPT", "LOAD", script(name).text));
    }
    redis_.preload(std::move(loads));
}

std::chrono::system_clock::time_point Store::write_deadline() const {
    // A quarter of the command timeout before it runs out, so that a write Redis runs in time
    // is also answered in time, with room for the reply's way back and clock measurement.
    auto timeout = redis_.timeouts().command;
    return std::chrono::system_clock::now() + (timeout - timeout / 4);
}

const Store::Script& Store::script(std::string_view name) {
    if (auto it = scripts_.find(name); it != scripts_.end()) return it->second;
    auto body = embedded_file("src/store/lua/" + std::string(name) + ".lua");
    auto lib = embedded_file("src/store/lua/lib.lua");
    if (!body || !lib) throw std::logic_error("no embedded Lua script " + std::string(name));
    // The shebang first, so Redis (>= 7) treats the script as one that declares its keys and
    // refuses one from another slot; then lib.lua's shared functions, then the script.
    constexpr std::string_view shebang = "#!lua";
    if (!body->starts_with(shebang)) throw std::logic_error("Lua script " + std::string(name) + " lacks #!lua");
    auto first_line = body->find('\n');
    std::string code = std::string(*lib) + "\n" + std::string(body->substr(first_line + 1));
    if (options_.check_declared_keys) code = checking_declared_keys(std::move(code));
    std::string text = std::string(body->substr(0, first_line)) + "\n" + code;
    auto [it, _] = scripts_.emplace(std::string(name), Script{text, sha1_hex(text)});
    return it->second;
}

Task<RedisReply> Store::command(std::vector<std::string> args) {
    auto key = args.size() > 1 ? args[1] : std::string();
    auto reply = co_await redis_.command(std::move(key), std::move(args));
    if (reply && reply->is_error()) co_return Error{Errc::unavailable, "Redis error: " + reply->str};
    co_return reply;
}

Task<RedisReply> Store::eval(std::string_view name, const std::vector<std::string>& keys,
                             const std::vector<std::string>& args, std::optional<std::size_t> deadline_arg) {
    const auto& s = script(name);
    RedisRequest request;
    request.key = keys.empty() ? std::string() : keys.front();
    std::vector<std::string> cmd{"EVALSHA", s.sha, std::to_string(keys.size())};
    request.args = std::move(cmd);
    request.args.insert(request.args.end(), keys.begin(), keys.end());
    request.args.insert(request.args.end(), args.begin(), args.end());
    if (deadline_arg) {
        request.deadline_arg = 3 + keys.size() + *deadline_arg;
        request.deadline = write_deadline();
    }
    auto reply = co_await redis_.run(request);
    if (reply && reply->is_error() && reply->str.starts_with("NOSCRIPT")) {
        // This node lost its script cache (a restart, a failover, SCRIPT FLUSH).
        request.args[0] = "EVAL";
        request.args[1] = s.text;
        reply = co_await redis_.run(std::move(request));
    }
    co_return reply;
}

Task<domain::Team> Store::create_team(const domain::Team& team) {
    // wp:teams lives in a slot of its own, so it is written alone, first: a team is never made
    // that the finisher cannot see, and a retry after a failure here creates it.
    auto listed = co_await command(args("SADD", keys::all_teams, team.id));
    if (!listed) {
        spdlog::error("store.team_unlisted team={} cause=\"{}\" fix=\"retry: the team is created once it is listed\"",
                      team.id, listed.error().message);
        co_return listed.error();
    }
    auto created = co_await eval("create_team", args(keys::fence(team.id), keys::team(team.id), keys::feed(team.id)),
                                 args(stored_json(team).dump()));
    if (!created) co_return created.error();
    if (created->is_error()) co_return unexpected_reply("create_team", *created);
    if (created->as_int().value_or(0) == 0) co_return Error{Errc::conflict, "team '" + team.id + "' exists"};
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
    // Read afresh with the reps: a roster is read when the one cached above went stale, and a
    // team this instance hears no notices of is not known to be current.
    forget_team(team_id);
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

// Token keys (wp:tok:*) each live in a slot of their own, so they are written alone. A new one
// is stored before the rep hash names it, so a failure in between leaves a key nothing
// accepts (authenticate checks the rep's hash too), never a rep whose token does not work.
Task<std::monostate> Store::store_token(const std::string& hash, const std::string& owner) {
    auto stored = co_await command(args("SET", keys::token(hash), owner));
    if (!stored) {
        spdlog::error("store.write_failed key=wp:tok:* owner={} cause=\"{}\"", owner, stored.error().message);
        co_return stored.error();
    }
    co_return std::monostate{};
}

// Best effort: a token key whose rep hash does not name it is refused anyway.
Task<std::monostate> Store::discard_token(const std::string& hash, std::string_view why) {
    auto gone = co_await command(args("DEL", keys::token(hash)));
    if (!gone)
        spdlog::warn("store.token_not_deleted why=\"{}\" cause=\"{}\" effect=\"none: the rep's hash no longer names "
                     "it, so it is refused\"", why, gone.error().message);
    co_return std::monostate{};
}

Task<IssuedToken> Store::add_rep(const domain::Rep& rep) {
    auto token = new_token();
    auto hash = token_hash(token);
    if (auto stored = co_await store_token(hash, rep.team + "/" + rep.id); !stored) co_return stored.error();
    auto created = co_await eval("add_rep",
                                 args(keys::fence(rep.team), keys::team(rep.team), keys::rep(rep.team, rep.id),
                                      keys::reps(rep.team), keys::names(rep.team)),
                                 args(rep.id, rep.name, std::string(domain::to_string(rep.role)), hash,
                                      std::to_string(domain::now().time_since_epoch().count()), keys::changes(rep.team)));
    auto code = created ? created->as_int() : std::nullopt;
    if (!code || *code != 1) (void)co_await discard_token(hash, "the rep was not added");
    if (!created) co_return created.error();
    if (!code) co_return unexpected_reply("add_rep", *created);
    if (*code == 0) co_return Error{Errc::not_found, "no team '" + rep.team + "'"};
    if (*code < 0) co_return Error{Errc::conflict, "rep '" + rep.id + "' exists in team '" + rep.team + "'"};
    co_return IssuedToken{rep, std::move(token)};
}

Task<std::monostate> Store::end_sessions(std::string_view team_id, std::string_view rep_id, std::string_view mode,
                                         const std::string& new_hash, std::string_view session) {
    auto ended = co_await eval("end_sessions",
                               args(keys::fence(team_id), keys::rep(team_id, rep_id), keys::rep_sessions(team_id, rep_id),
                                    keys::pairs(team_id)),
                               args(std::string(mode), new_hash, keys::changes(team_id), std::string(rep_id),
                                    std::string(session)));
    if (!ended) co_return ended.error();
    if (ended->is_nil())
        co_return Error{Errc::not_found, "no rep '" + std::string(rep_id) + "' in team '" + std::string(team_id) + "'"};
    if (ended->kind != RedisReply::Kind::array) co_return unexpected_reply("end_sessions", *ended);
    // The token keys live outside the team's slot, so they go after the script.
    for (const auto& h : ended->elements) (void)co_await discard_token(h.str, "its session ended");
    co_return std::monostate{};
}

Task<std::string> Store::rotate_token(std::string_view team_id, std::string_view rep_id) {
    auto token = new_token();
    auto hash = token_hash(token);
    if (auto stored = co_await store_token(hash, std::string(team_id) + "/" + std::string(rep_id)); !stored)
        co_return stored.error();
    auto done = co_await end_sessions(team_id, rep_id, "rotate", hash);
    if (!done) {
        (void)co_await discard_token(hash, "the rotation failed");
        co_return done.error();
    }
    co_return token;
}

Task<std::monostate> Store::delete_rep(std::string_view team_id, std::string_view rep_id) {
    co_return co_await end_sessions(team_id, rep_id, "delete", "");
}

Task<Pair> Store::add_pair(std::string_view team_id, std::string_view a, std::string_view b) {
    auto reply = co_await eval("add_pair",
                               args(keys::fence(team_id), keys::pairs(team_id), keys::rep(team_id, a),
                                    keys::rep(team_id, b), keys::pair_counter(team_id)),
                               args(std::string(a), std::string(b), keys::changes(team_id)));
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
    co_return TokenOwner{{rep_id, team_id, fields->elements[0].str, *role}, std::move(hash)};
}

Task<std::optional<domain::Role>> Store::signed_in(std::string_view team_id, std::string_view rep_id,
                                                    const std::string& session) {
    auto fields = co_await eval("authenticate", args(keys::rep(team_id, rep_id), keys::rep_sessions(team_id, rep_id)),
                                args(session));
    if (!fields) co_return fields.error();
    std::optional<domain::Role> role;
    if (fields->kind == RedisReply::Kind::array && fields->elements.size() == 2)
        if (auto parsed = domain::parse_role(fields->elements[1].str)) role = *parsed;
    co_return role;
}

Task<Board> Store::board(std::string_view team_id, std::string_view metric, std::string_view period_key,
                         int limit) {
    auto b = keys::board(team_id, metric, period_key);
    auto reply = co_await eval("read_board", args(b, b + ":total", keys::names(team_id), keys::board_version(team_id)),
                               args(std::to_string(limit)));
    if (!reply) co_return reply.error();
    if (reply->kind != RedisReply::Kind::array || reply->elements.size() < 2 || (reply->elements.size() - 2) % 3)
        co_return unexpected_reply("read_board", *reply);
    Board board;
    board.version = static_cast<std::uint64_t>(std::max<std::int64_t>(0, reply->elements[0].as_int().value_or(0)));
    board.total = reply->elements[1].as_int().value_or(0);
    for (size_t i = 2; i + 2 < reply->elements.size(); i += 3)
        board.rows.push_back({reply->elements[i].str, reply->elements[i + 2].str,
                              reply->elements[i + 1].as_int().value_or(0)});
    co_return board;
}

}  // namespace wp::store
