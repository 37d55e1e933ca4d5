// Challenges between partners across teams (protocol.md "Partners across teams"). Each team
// lives in its own cluster slot and no script touches two, so such a challenge is two records
// with one id: each team's half scores its own rep (its log script, as for any challenge) and
// writes its own feed line. The challenger's team is home and decides: an answer, a race
// reached, the window's close, each once, by compare-and-set on the home half's status
// (decide_cross_challenge.lua), with the away rep's score read from the away half beforehand
// (frozen there first at the close). The away half then copies the outcome
// (mirror_cross_challenge.lua, idempotent).
//
// What repairs a crash between steps: a reach makes the half due in its team's open index (the
// log script), a closed home half stays due at score 0 until the server saw the away half copy
// it, and every instance's finisher settles what is due in either team. An away half whose
// home half never came (a failure between the two creations) is cancelled.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "store/keys.hpp"
#include "store/redis_args.hpp"
#include "store/store.hpp"

namespace wp::store {

using domain::Errc;
using domain::Error;
using nlohmann::json;

namespace {

std::int64_t int_field(const ChallengeRecord& r, const std::string& name) {
    try { return std::stoll(r.field(name)); } catch (...) { return 0; }
}

std::int64_t score_of(const ChallengeRecord& r) { return r.scores.empty() ? 0 : r.scores.front().count; }

bool open_status(const std::string& status) { return status == "proposed" || status == "active"; }

// The home half's state as decide_cross_challenge.lua returns it.
std::vector<std::string> state_of(const ChallengeRecord& home) {
    auto reached = home.field("reached");
    return {home.field("status"), home.field("winner"), home.field("winner_team"), reached.empty() ? "[]" : reached,
            home.field("finished_at"), home.field("other_accepted") == "1" ? "1" : "0", "0"};
}

}  // namespace

CrossSides cross_sides(std::string_view team_id, const ChallengeRecord& half) {
    CrossSides s;
    s.id = half.field("id");
    s.home_here = half.field("across") == "home";
    auto here = std::pair{std::string(team_id), half.field("participants")};
    auto there = std::pair{half.field("other_team"), half.field("other_rep")};
    const auto& home = s.home_here ? here : there;
    const auto& away = s.home_here ? there : here;
    s.home_team = home.first;
    s.home_rep = home.second;
    s.away_team = away.first;
    s.away_rep = away.second;
    return s;
}

Task<std::string> Store::create_cross_challenge(const CrossChallengeSpec& spec) {
    auto n = co_await command(args("INCR", std::string(keys::cross_challenge_counter)));
    if (!n) co_return n.error();
    auto id = spec.pair + "-" + std::to_string(n->as_int().value_or(0));
    const auto& d = spec.draft;
    const auto& creator = d.participants.at(0);
    const auto& partner = d.participants.at(1);
    auto now = domain::now();
    // One half through create_pair_challenges.lua (mode 'one'), with the fields that make it a half.
    auto half = [&](const std::string& team, const std::string& rep, bool home, const std::string& seed,
                    json event) -> Task<std::monostate> {
        json more = {{"across", home ? "home" : "away"}, {"pair", spec.pair},
                     {"other_team", home ? spec.away_team : spec.home_team}, {"other_rep", home ? partner : creator},
                     {"other_name", home ? spec.partner_name : spec.creator_name}};
        auto ks = args(keys::challenge(team, id), keys::open_challenges(team), keys::feed(team),
                       seed.empty() ? keys::challenge(team, id) : keys::board(team, d.metric, seed),
                       keys::challenge(team, id), keys::challenge_scores(team, id), keys::rep(team, rep),
                       keys::rep_open_challenges(team, rep), keys::fence(team));
        event["challenge"] = id;
        auto a = args("one", std::to_string(options_.board_retention.count()), domain::format_rfc3339(now),
                      std::to_string(options_.feed_max_len), keys::changes(team), more.dump(), "",
                      seed.empty() ? "0" : "1", event.dump(), "1", id, creator, d.metric,
                      std::string(domain::to_string(d.kind)), std::to_string(d.target), d.stakes, ms_text(d.window.start),
                      ms_text(d.window.end), domain::format_rfc3339(d.window.start),
                      domain::format_rfc3339(d.window.end), "proposed", "", rep, home ? creator : "");
        auto reply = co_await eval("create_pair_challenges", ks, a);
        if (!reply) co_return reply.error();
        if (reply->is_error()) {
            if (reply->str.find("not_found:") != std::string::npos)
                co_return Error{Errc::not_found, "pair: '" + rep + "' is no longer in team '" + team + "'"};
            co_return Error{Errc::unavailable, "Redis answered create_pair_challenges unexpectedly: " + reply->str};
        }
        co_return std::monostate{};
    };
    json base = {{"kind", "challenge.proposed"}, {"at", domain::format_rfc3339(now)}, {"metric", d.metric},
                 {"challenge_kind", domain::to_string(d.kind)}, {"across_teams", true}};
    auto away_event = base, home_event = base;
    away_event["participants"] = {partner};
    away_event["partner_name"] = spec.creator_name;
    home_event["participants"] = {creator};
    home_event["partner_name"] = spec.partner_name;
    home_event["rep"] = creator;
    home_event["name"] = spec.creator_name;
    // The away half first: the pages show a challenge by its home half, so a failure between the
    // two leaves an away half alone, which is cancelled here (or, after a crash, by a finisher).
    if (auto made = co_await half(spec.away_team, partner, false, spec.away_seed, away_event); !made) co_return made.error();
    if (auto made = co_await half(spec.home_team, creator, true, spec.home_seed, home_event); !made) {
        CrossSides s{id, spec.home_team, creator, spec.away_team, partner, true};
        auto undone = co_await mirror_cross(s, "copy", args("cancelled", "", "", "[]", "", "0"));
        if (!undone)
            spdlog::warn("challenge.half_left team={} challenge={} cause=\"{}\" fix=\"none: a finisher cancels it at its "
                         "window's end\"", spec.away_team, id, undone.error().message);
        co_return made.error();
    }
    co_return id;
}

Task<std::vector<std::string>> Store::decide_cross(const CrossSides& s, std::string_view mode, std::string_view expected,
                                                   std::int64_t theirs) {
    auto now = domain::now();
    std::vector<std::string> home_rep{s.home_rep};
    auto reply = co_await eval("decide_cross_challenge", closing_keys(s.home_team, s.id, home_rep),
                               args(s.id, std::string(mode), std::string(expected), std::to_string(theirs), ms_text(now),
                                    domain::format_rfc3339(now), std::to_string(options_.feed_max_len),
                                    keys::changes(s.home_team), s.home_rep,
                                    std::to_string(options_.board_retention.count())));
    if (!reply) co_return reply.error();
    if (reply->is_error()) {
        if (reply->str.find("not_found") != std::string::npos)
            co_return Error{Errc::not_found, "challenge: no challenge '" + s.id + "'"};
        if (auto at = reply->str.find("conflict:"); at != std::string::npos)
            co_return Error{Errc::conflict, "challenge: already " + reply->str.substr(at + 9)};
        co_return Error{Errc::unavailable, "Redis answered decide_cross_challenge unexpectedly: " + reply->str};
    }
    if (reply->kind != RedisReply::Kind::array || reply->elements.size() != 7)
        co_return Error{Errc::unavailable, "Redis answered decide_cross_challenge unexpectedly"};
    std::vector<std::string> state;
    for (const auto& e : reply->elements) state.push_back(e.str);
    co_return state;
}

Task<std::int64_t> Store::mirror_cross(const CrossSides& s, std::string_view mode, const std::vector<std::string>& state) {
    auto now = domain::now();
    std::vector<std::string> away_rep{s.away_rep};
    auto field = [&](std::size_t i) { return i < state.size() ? state[i] : std::string(); };
    auto reply = co_await eval("mirror_cross_challenge", closing_keys(s.away_team, s.id, away_rep),
                               args(s.id, std::string(mode), field(0), field(1), field(2), field(3), field(4), field(5),
                                    ms_text(now), domain::format_rfc3339(now), std::to_string(options_.feed_max_len),
                                    keys::changes(s.away_team), s.away_rep,
                                    std::to_string(options_.board_retention.count())));
    if (!reply) co_return reply.error();
    if (reply->is_error()) co_return Error{Errc::unavailable, "Redis answered mirror_cross_challenge unexpectedly: " + reply->str};
    co_return reply->as_int().value_or(0);
}

asio::awaitable<void> Store::follow_home(const CrossSides& s, const std::vector<std::string>& state) {
    auto copied = co_await mirror_cross(s, "copy", state);
    if (!copied) {
        spdlog::warn("challenge.not_copied team={} challenge={} cause=\"{}\" fix=\"none: the next finisher pass copies it\"",
                     s.away_team, s.id, copied.error().message);
        co_return;
    }
    std::vector<std::string> away_rep{s.away_rep};
    forget_open_challenges(s.away_team, away_rep);
    if (open_status(state.at(0))) co_return;
    std::vector<std::string> home_rep{s.home_rep};
    forget_open_challenges(s.home_team, home_rep);
    if (auto done = co_await command(args("ZREM", keys::open_challenges(s.home_team), s.id)); !done)
        spdlog::warn("challenge.not_copied team={} challenge={} cause=\"{}\" fix=\"none: the next finisher pass does it\"",
                     s.home_team, s.id, done.error().message);
}

Task<std::string> Store::answer_cross_challenge(std::string_view team_id, const ChallengeRecord& half,
                                                domain::ChallengeAnswer answer, domain::ChallengeStatus expected) {
    auto s = cross_sides(team_id, half);
    std::int64_t theirs = 0;
    if (!s.home_here) {
        theirs = score_of(half);
    } else {
        std::vector<std::string> ids{s.id};
        auto away = co_await challenges(s.away_team, ids);
        if (!away) co_return away.error();
        if (!away->empty()) theirs = score_of(away->front());
    }
    std::string mode = answer == domain::ChallengeAnswer::accept    ? "accept"
                       : answer == domain::ChallengeAnswer::decline ? "decline"
                                                                    : "cancel";
    auto state = co_await decide_cross(s, mode, domain::to_string(expected), theirs);
    if (!state) co_return state.error();
    co_await follow_home(s, *state);
    co_return state->at(0);
}

Task<bool> Store::settle_cross_challenge(std::string_view team_id, const ChallengeRecord& half, bool finisher) {
    auto s = cross_sides(team_id, half);
    std::vector<std::string> ids{s.id};
    std::optional<ChallengeRecord> home, away;
    (s.home_here ? home : away) = half;
    auto read = [&](const std::string& team, std::optional<ChallengeRecord>& into) -> Task<std::monostate> {
        auto found = co_await challenges(team, ids);
        if (!found) co_return found.error();
        if (!found->empty()) into = found->front();
        co_return std::monostate{};
    };
    if (!home)
        if (auto r = co_await read(s.home_team, home); !r) co_return r.error();
    if (!home) {
        // Its home half never came, or is gone: an away half alone is cancelled.
        if (open_status(half.field("status"))) {
            co_await follow_home(s, args("cancelled", "", "", "[]", "", "0"));
            co_return true;
        }
        co_return false;
    }
    auto status = home->field("status");
    if (!open_status(status)) {
        co_await follow_home(s, state_of(*home));
        co_return true;
    }
    const bool due = domain::now().time_since_epoch().count() >= int_field(*home, "end_ms");
    const bool race = home->field("kind") == "race";
    std::string mode;
    std::int64_t theirs = 0;
    if (due) {
        // The away score first, frozen: what the home half decides with is final.
        auto frozen = co_await mirror_cross(s, "freeze", std::vector<std::string>());
        if (!frozen) co_return frozen.error();
        theirs = *frozen;
        mode = "close";
    } else if (race && status == "active") {
        if (!away)
            if (auto r = co_await read(s.away_team, away); !r) co_return r.error();
        theirs = away ? score_of(*away) : 0;
        if (std::max(theirs, score_of(*home)) >= int_field(*home, "target")) mode = "race";
    }
    if (mode.empty()) {
        // Nothing to decide yet. The away half may lag behind an acceptance (a crash after it).
        bool lags = away && (away->field("status") != status ||
                             (home->field("other_accepted") == "1") != (away->field("accepted") == s.away_rep));
        if (lags) co_await follow_home(s, state_of(*home));
        // Made due by a reach before everyone accepted: due again at the window's end (the
        // acceptance decides a race already reached).
        if (finisher)
            if (auto back = co_await command(args("ZADD", keys::open_challenges(team_id), "XX", half.field("end_ms"), s.id));
                !back)
                co_return back.error();
        co_return lags;
    }
    auto state = co_await decide_cross(s, mode, "", theirs);
    if (!state) co_return state.error();
    co_await follow_home(s, *state);
    if (state->at(0) == "finished" && state->at(6) == "1")
        spdlog::info("challenge.finished team={} challenge={} winner={} across_teams=true", s.home_team, s.id,
                     state->at(1).empty() ? "none" : state->at(1));
    co_return true;
}

Task<bool> Store::settle_after_log(std::string_view team_id, std::string_view id) {
    std::vector<std::string> ids{std::string(id)};
    auto found = co_await challenges(team_id, ids);
    if (!found) co_return found.error();
    if (found->empty() || found->front().field("across").empty()) co_return false;
    const auto& half = found->front();
    bool due = domain::now().time_since_epoch().count() >= int_field(half, "end_ms");
    bool reached = half.field("kind") == "race" && score_of(half) >= int_field(half, "target");
    if (!due && !reached) co_return false;  // the usual case: one read, nothing to do
    co_return co_await settle_cross_challenge(team_id, half, false);
}

}  // namespace wp::store
