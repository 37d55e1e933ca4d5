// Sign-in without tokens in URLs: invite and setup codes, device sessions (the Store's part).
#include <spdlog/spdlog.h>

#include "store/keys.hpp"
#include "store/redis_args.hpp"
#include "store/store.hpp"
#include "store/tokens.hpp"

namespace wp::store {

using domain::Errc;
using domain::Error;

namespace {
const Error spent_invite{Errc::unauthorized, "code: unknown, already used, replaced by a newer invite, or expired; "
                                             "ask your manager for a new invite link"};
const Error spent_setup{Errc::unauthorized, "code: unknown, already used or expired; print a new setup link with "
                                            "`wolfpack admin setup-link`"};

domain::TimePoint expiry_after(std::chrono::seconds valid) {
    return domain::now() + std::chrono::duration_cast<std::chrono::milliseconds>(valid);
}
}  // namespace

Task<IssuedToken> Store::add_session(std::string_view team_id, std::string_view rep_id, const std::string& invite_hash) {
    auto token = new_token();
    auto hash = token_hash(token);
    auto added = co_await eval("add_session", args(keys::fence(team_id), keys::rep(team_id, rep_id), keys::rep_sessions(team_id, rep_id)),
                               args(hash, invite_hash));
    if (!added) co_return added.error();
    if (added->is_error()) {
        if (added->str.find("spent") != std::string::npos) co_return spent_invite;
        co_return Error{Errc::unavailable, "Redis answered add_session unexpectedly: " + added->str};
    }
    if (added->kind != RedisReply::Kind::array || added->elements.size() != 2)
        co_return Error{Errc::unavailable, "Redis answered add_session unexpectedly"};
    auto role = domain::parse_role(added->elements[1].str);
    // Written after the session: a token key without its session is never accepted.
    auto stored = co_await command(args("SET", keys::token(hash), std::string(team_id) + "/" + std::string(rep_id)));
    if (!stored) co_return stored.error();
    co_return IssuedToken{{std::string(rep_id), std::string(team_id), added->elements[0].str,
                           role ? *role : domain::Role::rep},
                          std::move(token)};
}

Task<Invite> Store::create_invite(std::string_view team_id, std::string_view rep_id, std::chrono::seconds valid) {
    Invite invite{new_token(), expiry_after(valid)};
    auto hash = token_hash(invite.code);
    auto earlier = co_await eval("set_invite", args(keys::fence(team_id), keys::rep(team_id, rep_id)), args(hash));
    if (!earlier) co_return earlier.error();
    if (earlier->is_nil())
        co_return Error{Errc::not_found, "no rep '" + std::string(rep_id) + "' in team '" + std::string(team_id) + "'"};
    if (earlier->is_error()) co_return Error{Errc::unavailable, "Redis answered set_invite unexpectedly: " + earlier->str};
    auto stored = co_await command(args("SET", keys::invite(hash), std::string(team_id) + "/" + std::string(rep_id),
                                        "PXAT", ms_text(invite.expires_at)));
    if (!stored) co_return stored.error();
    // The earlier code already fails (the rep's record names only the newest); its key goes too.
    if (!earlier->str.empty()) (void)co_await command(args("DEL", keys::invite(earlier->str)));
    co_return invite;
}

Task<IssuedToken> Store::redeem_invite(std::string_view code) {
    if (code.empty() || code.size() > 128) co_return spent_invite;
    auto hash = token_hash(code);
    // GETDEL: of two devices opening the same link at once, one gets it.
    auto owner = co_await command(args("GETDEL", keys::invite(hash)));
    if (!owner) co_return owner.error();
    if (owner->is_nil()) co_return spent_invite;
    auto slash = owner->str.find('/');
    if (slash == std::string::npos) co_return spent_invite;
    co_return co_await add_session(owner->str.substr(0, slash), owner->str.substr(slash + 1), hash);
}

Task<Invite> Store::create_setup_code(std::chrono::seconds valid) {
    Invite setup{new_token(), expiry_after(valid)};
    auto stored = co_await command(args("SET", keys::setup_code(token_hash(setup.code)), ms_text(setup.expires_at),
                                        "PXAT", ms_text(setup.expires_at)));
    if (!stored) co_return stored.error();
    co_return setup;
}

Task<domain::TimePoint> Store::setup_code_expiry(std::string_view code) {
    if (code.empty() || code.size() > 128) co_return spent_setup;
    auto reply = co_await command(args("GET", keys::setup_code(token_hash(code))));
    if (!reply) co_return reply.error();
    auto ms = reply->as_int();
    if (reply->is_nil() || !ms) co_return spent_setup;
    co_return domain::TimePoint(std::chrono::milliseconds(*ms));
}

Task<IssuedToken> Store::redeem_setup_code(std::string_view code, const domain::Team& team, const domain::Rep& manager) {
    if (code.empty() || code.size() > 128) co_return spent_setup;
    auto key = keys::setup_code(token_hash(code));
    auto expiry = co_await command(args("GETDEL", key));
    if (!expiry) co_return expiry.error();
    if (expiry->is_nil()) co_return spent_setup;
    auto created = co_await create_team(team);
    if (!created) {
        // The code was not used up: put it back with its own expiry, so the form can retry.
        if (auto restored = co_await command(args("SET", key, expiry->str, "PXAT", expiry->str)); !restored)
            spdlog::warn("setup.code_lost cause=\"{}\" fix=\"print a new link with wolfpack admin setup-link\"",
                         restored.error().message);
        co_return created.error();
    }
    auto admin = co_await add_rep(manager);
    if (!admin) co_return admin.error();
    co_return co_await add_session(team.id, manager.id, "");
}

Task<std::monostate> Store::end_session(const TokenOwner& owner, std::string_view token) {
    co_return co_await end_sessions(owner.rep.team, owner.rep.id, "one", "", token_hash(token));
}

Task<std::monostate> Store::end_all_sessions(std::string_view team_id, std::string_view rep_id) {
    co_return co_await end_sessions(team_id, rep_id, "all", "");
}

Task<std::vector<std::int64_t>> Store::session_counts(std::string_view team_id, const std::vector<std::string>& reps) {
    std::vector<std::int64_t> counts;
    if (reps.empty()) co_return counts;
    std::vector<std::string> sets;
    for (const auto& r : reps) sets.push_back(keys::rep_sessions(team_id, r));
    auto reply = co_await eval("count_sessions", sets, {});
    if (!reply) co_return reply.error();
    if (reply->kind != RedisReply::Kind::array || reply->elements.size() != reps.size())
        co_return Error{Errc::unavailable, "Redis answered count_sessions unexpectedly: " + reply->str};
    for (const auto& e : reply->elements) counts.push_back(e.as_int().value_or(0));
    co_return counts;
}

Task<std::int64_t> Store::team_count() {
    auto reply = co_await command(args("SCARD", std::string(keys::all_teams)));
    if (!reply) co_return reply.error();
    co_return reply->as_int().value_or(0);
}

}  // namespace wp::store
