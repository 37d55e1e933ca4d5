// The wall as a kiosk (the Store's part): pairing a TV by the code it shows, its settings on its
// rep record, reload and identify requests, announcements, and the team's challenge index.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "store/display_json.hpp"
#include "store/keys.hpp"
#include "store/redis_args.hpp"
#include "store/redis_errors.hpp"
#include "store/store.hpp"
#include "store/tokens.hpp"

namespace wp::store {

using domain::Errc;
using domain::Error;
using nlohmann::json;

namespace {
const Error unknown_code{Errc::not_found, "code: no TV shows this code now (codes last 10 minutes): check the "
                                          "screen, or reload it for a new one"};



Error no_display(std::string_view team_id, std::string_view id) {
    return {Errc::not_found, "no display '" + std::string(id) + "' in team '" + std::string(team_id) + "'"};
}

// Built outside the coroutines: g++ 12 rejects braced initializers of strings inside them.
std::string pairing_record(const std::string& secret) { return json{{"secret", token_hash(secret)}}.dump(); }
domain::Rep display_rep(std::int64_t n, std::string_view team_id, std::string_view name) {
    return domain::Rep{"tv" + std::to_string(n), std::string(team_id), std::string(name), domain::Role::display};
}
json announcement_event(const std::string& id, const std::string& at, std::string_view text, int seconds) {
    return json{{"id", id}, {"kind", "announcement"}, {"at", at}, {"text", text}, {"seconds", seconds}};
}

std::optional<domain::TimePoint> time_of(const RedisReply& r) {
    auto ms = r.as_int();
    if (!ms || *ms <= 0) return std::nullopt;
    return domain::TimePoint(std::chrono::milliseconds(*ms));
}

}  // namespace

Task<Pairing> Store::create_pairing(std::chrono::seconds valid) {
    Pairing p{"", new_token()};
    const auto ttl = std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(valid).count());
    // 32^6 codes: a clash with one of the few waiting at once is rare; a new code settles it.
    for (int attempt = 0; attempt < 8; ++attempt) {
        p.code = new_pairing_code();
        auto set = co_await command(args("SET", keys::pairing(p.code), pairing_record(p.secret), "NX", "PX", ttl));
        if (!set) co_return set.error();
        if (!set->is_nil()) co_return p;
    }
    co_return Error{Errc::unavailable, "no free pairing code after 8 tries; try again"};
}

Task<domain::Rep> Store::pair_display(std::string_view team_id, std::string_view code, std::string_view name) {
    auto waiting = co_await command(args("GET", keys::pairing(code)));
    if (!waiting) co_return waiting.error();
    if (waiting->is_nil()) co_return unknown_code;
    auto now = std::to_string(domain::now().time_since_epoch().count());
    // The id is allocated before the script that adds the display (Redis Cluster rules); an id
    // someone already gave a rep by hand takes the next number.
    for (int attempt = 0; attempt < 5; ++attempt) {
        auto n = co_await command(args("INCR", keys::display_counter(team_id)));
        if (!n) co_return n.error();
        auto display = display_rep(n->as_int().value_or(0), team_id, name);
        // No API token (''): a paired display has only its device session.
        auto added = co_await eval("add_rep",
                                   args(keys::fence(team_id), keys::team(team_id), keys::rep(team_id, display.id),
                                        keys::reps(team_id), keys::names(team_id)),
                                   args(display.id, display.name, "display", "", now, keys::changes(team_id)));
        if (!added) co_return added.error();
        auto result = added->as_int();
        if (!result) co_return unexpected_reply("add_rep", *added);
        if (*result == 0) co_return Error{Errc::not_found, "no team '" + std::string(team_id) + "'"};
        if (*result < 0) continue;
        auto bound = co_await eval("bind_pairing", args(keys::pairing(code)), args(std::string(team_id), display.id));
        if (bound && bound->as_int().value_or(0) == 1) co_return display;
        // Expired or bound by someone else meanwhile: the display just made goes again.
        if (auto gone = co_await delete_rep(team_id, display.id); !gone)
            spdlog::warn("display.unbound_left team={} display={} cause=\"{}\"", team_id, display.id, gone.error().message);
        if (!bound) co_return bound.error();
        co_return unknown_code;
    }
    co_return Error{Errc::conflict, "display: no free id tvN after 5 tries; remove reps named tv1, tv2, ..."};
}

Task<std::optional<IssuedToken>> Store::claim_pairing(std::string_view code, std::string_view secret) {
    auto reply = co_await eval("claim_pairing", args(keys::pairing(code)), args(token_hash(secret)));
    if (!reply) co_return reply.error();
    if (reply->is_nil()) co_return unknown_code;
    if (reply->kind == RedisReply::Kind::string && reply->str == "waiting") co_return std::nullopt;
    if (reply->kind != RedisReply::Kind::array || reply->elements.size() != 2) co_return unexpected_reply("claim_pairing", *reply);
    auto issued = co_await add_session(reply->elements[0].str, reply->elements[1].str, "");
    if (!issued) co_return issued.error().code == Errc::unauthorized ? unknown_code : issued.error();
    co_return std::optional<IssuedToken>(std::move(*issued));
}

Task<std::vector<DisplaySettings>> Store::displays(std::string_view team_id, const std::vector<domain::Rep>& reps) {
    std::vector<DisplaySettings> out;
    for (const auto& rep : reps) {
        auto f = co_await command(args("HMGET", keys::rep(team_id, rep.id), "playlist", "quiet_mode", "sound", "reload_seq",
                                       "identify_until", "last_seen"));
        if (!f) co_return f.error();
        if (f->elements.size() != 6) co_return unexpected_reply("HMGET display", *f);
        const auto& e = f->elements;
        DisplaySettings d;
        d.id = rep.id;
        d.name = rep.name;
        d.reload_seq = e[3].as_int().value_or(0);
        d.identify_until = time_of(e[4]);
        d.last_seen = time_of(e[5]);
        if (!e[0].is_nil()) d.playlist = slides_from_json(json::parse(e[0].str, nullptr, false));
        if (e[1].str == "black") d.quiet_mode = "black";
        d.sound = e[2].str == "1";
        out.push_back(std::move(d));
    }
    co_return out;
}

Task<DisplaySettings> Store::update_display(std::string_view team_id, std::string_view id, const DisplayChange& change) {
    std::string sound = change.sound ? (*change.sound ? "1" : "0") : "";
    auto reply = co_await eval("update_display", args(keys::fence(team_id), keys::rep(team_id, id), keys::names(team_id)),
                               args(std::string(id), change.name, change.playlist, change.quiet_mode, sound,
                                    keys::changes(team_id)));
    if (!reply) co_return reply.error();
    if (reply->is_nil()) co_return no_display(team_id, id);
    if (reply->kind != RedisReply::Kind::array || reply->elements.size() != 5) co_return unexpected_reply("update_display", *reply);
    std::vector<domain::Rep> one;
    one.push_back(display_rep(0, team_id, reply->elements[0].str));
    one.back().id = std::string(id);
    auto read = co_await displays(team_id, one);
    if (!read) co_return read.error();
    co_return std::move(read->front());
}

Task<std::monostate> Store::signal_display(std::string_view team_id, std::string_view id, std::string_view what,
                                           domain::TimePoint until) {
    auto reply = co_await eval("signal_display", args(keys::fence(team_id), keys::rep(team_id, id)),
                               args(std::string(id), std::string(what), ms_text(until), keys::changes(team_id)));
    if (!reply) co_return reply.error();
    auto done = reply->as_int();
    if (!done) co_return unexpected_reply("signal_display", *reply);
    if (*done == 0) co_return no_display(team_id, id);
    co_return std::monostate{};
}

Task<std::monostate> Store::display_seen(std::string_view team_id, std::string_view id, domain::TimePoint at) {
    auto reply = co_await command(args("HSET", keys::rep(team_id, id), "last_seen", ms_text(at)));
    if (!reply) co_return reply.error();
    co_return std::monostate{};
}

Task<json> Store::announce(std::string_view team_id, std::string_view text, int seconds) {
    auto at = domain::format_rfc3339(domain::now());
    auto reply = co_await eval("announce", args(keys::fence(team_id), keys::feed(team_id), keys::announcement(team_id)),
                               args(std::string(text), std::to_string(seconds), at, std::to_string(options_.feed_max_len),
                                    keys::changes(team_id)));
    if (!reply) co_return reply.error();
    if (reply->kind != RedisReply::Kind::string) co_return unexpected_reply("announce", *reply);
    co_return announcement_event(reply->str, at, text, seconds);
}

Task<std::optional<json>> Store::current_announcement(std::string_view team_id) {
    auto reply = co_await command(args("GET", keys::announcement(team_id)));
    if (!reply) co_return reply.error();
    if (reply->is_nil()) co_return std::optional<json>();
    auto ev = json::parse(reply->str, nullptr, false);
    if (!ev.is_object()) co_return std::optional<json>();
    co_return std::optional<json>(std::move(ev));
}

Task<std::vector<std::string>> Store::team_challenge_ids(std::string_view team_id, const std::vector<std::string>& reps,
                                                         domain::TimePoint since) {
    std::vector<std::string> ks{keys::open_challenges(team_id)};
    for (const auto& r : reps) ks.push_back(keys::rep_done_challenges(team_id, r));
    auto reply = co_await eval("read_team_challenges", ks, args(ms_text(since)));
    if (!reply) co_return reply.error();
    if (reply->kind != RedisReply::Kind::array) co_return unexpected_reply("read_team_challenges", *reply);
    std::vector<std::string> ids;
    for (const auto& e : reply->elements) ids.push_back(e.str);
    co_return ids;
}

}  // namespace wp::store
