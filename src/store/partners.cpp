// Partnerships across teams: one half in each team's keys (no script touches two teams), made
// from a single-use invite code that one team's admin hands to the other's.
#include <algorithm>

#include "store/keys.hpp"
#include "store/redis_args.hpp"
#include "store/store.hpp"
#include "store/tokens.hpp"

namespace wp::store {

using domain::Errc;
using domain::Error;

namespace {
const Error spent_code{Errc::unauthorized, "code: unknown, already used or expired; ask the other team's admin for a "
                                           "new partner invite"};
}  // namespace

Task<std::vector<Partnership>> Store::partner_halves(std::string_view team_id) {
    auto reply = co_await command(args("HGETALL", keys::partners(team_id)));
    if (!reply) co_return reply.error();
    std::vector<Partnership> out;
    for (std::size_t i = 0; i + 1 < reply->elements.size(); i += 2) {
        const auto& value = reply->elements[i + 1].str;  // "rep,TEAM/REP"
        auto comma = value.find(',');
        auto slash = value.find('/', comma == std::string::npos ? 0 : comma);
        if (comma == std::string::npos || slash == std::string::npos) continue;
        out.push_back({reply->elements[i].str, value.substr(0, comma), value.substr(comma + 1, slash - comma - 1),
                       value.substr(slash + 1)});
    }
    std::sort(out.begin(), out.end(), [](const Partnership& a, const Partnership& b) {
        return a.id.size() != b.id.size() ? a.id.size() < b.id.size() : a.id < b.id;
    });
    co_return out;
}

Task<Invite> Store::create_partner_invite(std::string_view team_id, std::string_view rep_id, std::chrono::seconds valid) {
    auto fields = co_await command(args("HMGET", keys::rep(team_id, rep_id), "deleted", "role"));
    if (!fields) co_return fields.error();
    if (fields->elements.size() != 2 || fields->elements[0].str != "0")
        co_return Error{Errc::not_found, "rep: no rep '" + std::string(rep_id) + "' in team '" + std::string(team_id) + "'"};
    if (fields->elements[1].str == "display")
        co_return domain::bad_request("rep: '" + std::string(rep_id) + "' is a display, which only reads");
    Invite invite{new_token(), domain::now() + std::chrono::duration_cast<std::chrono::milliseconds>(valid)};
    auto stored = co_await command(args("SET", keys::partner_invite(token_hash(invite.code)),
                                        std::string(team_id) + "/" + std::string(rep_id), "PXAT",
                                        std::to_string(invite.expires_at.time_since_epoch().count())));
    if (!stored) co_return stored.error();
    co_return invite;
}

Task<std::pair<std::string, std::string>> Store::partner_invite_owner(std::string_view code) {
    if (code.empty() || code.size() > 256) co_return spent_code;
    auto owner = co_await command(args("GET", keys::partner_invite(token_hash(code))));
    if (!owner) co_return owner.error();
    auto slash = owner->str.find('/');
    if (owner->is_nil() || slash == std::string::npos) co_return spent_code;
    co_return std::pair{owner->str.substr(0, slash), owner->str.substr(slash + 1)};
}

Task<std::monostate> Store::spend_partner_invite(std::string_view code) {
    auto taken = co_await command(args("GETDEL", keys::partner_invite(token_hash(code))));
    if (!taken) co_return taken.error();
    if (taken->is_nil()) co_return spent_code;
    co_return std::monostate{};
}

Task<std::string> Store::new_partnership_id() {
    auto n = co_await command(args("INCR", std::string(keys::partner_counter)));
    if (!n) co_return n.error();
    co_return "x" + std::to_string(n->as_int().value_or(0));
}

Task<std::monostate> Store::add_partner_half(std::string_view team_id, const Partnership& half) {
    auto reply = co_await eval("add_partner",
                               args(keys::partners(team_id), keys::rep(team_id, half.rep), keys::fence(team_id)),
                               args(half.id, half.rep, half.team, half.partner, keys::changes(team_id)));
    if (!reply) co_return reply.error();
    if (reply->is_error()) {
        const auto& text = reply->str;
        if (auto p = text.find("not_found:"); p != std::string::npos)
            co_return Error{Errc::not_found, "rep: no rep '" + text.substr(p + 10) + "' in team '" + std::string(team_id) + "'"};
        if (auto p = text.find("display:"); p != std::string::npos)
            co_return domain::bad_request("rep: '" + text.substr(p + 8) + "' is a display, which only reads");
        if (auto p = text.find("conflict:"); p != std::string::npos)
            co_return Error{Errc::conflict, "these reps are already partners ('" + text.substr(p + 9) + "')"};
        co_return Error{Errc::unavailable, "Redis answered add_partner unexpectedly: " + text};
    }
    co_return std::monostate{};
}

Task<std::monostate> Store::remove_partner_half(std::string_view team_id, std::string_view id) {
    // delete_pair.lua removes a field of a pairs hash and tells the team: the same for this one.
    auto reply = co_await eval("delete_pair", args(keys::fence(team_id), keys::partners(team_id)),
                               args(std::string(id), keys::changes(team_id)));
    if (!reply) co_return reply.error();
    if (reply->as_int().value_or(0) == 0)
        co_return Error{Errc::not_found, "no pair '" + std::string(id) + "' in team '" + std::string(team_id) + "'"};
    co_return std::monostate{};
}

}  // namespace wp::store
