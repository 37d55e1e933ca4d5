// Challenges, check-ins, cheers and the feed: the Store's social half.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "store/keys.hpp"
#include "store/redis_args.hpp"
#include "store/redis_errors.hpp"
#include "store/split_commas.hpp"
#include "store/store.hpp"

namespace wp::store {

using domain::Errc;
using domain::Error;
using nlohmann::json;

namespace {


// Lua's {err = 'code:detail'} replies, mapped to protocol error codes.
Error script_error(const RedisReply& r, std::string_view what) {
    auto text = r.str;
    auto colon = text.find(':');
    auto code = text.substr(0, colon);
    auto detail = colon == std::string::npos ? std::string() : text.substr(colon + 1);
    if (code == "not_found") return {Errc::not_found, "participants: no rep '" + detail + "' in this team"};
    if (code == "conflict" && std::string(what) == "create_challenge")
        return {Errc::conflict, "participants: " + detail + " already has " +
                                    std::to_string(domain::max_open_challenges_per_rep) +
                                    " open challenges (created or accepted; an unanswered proposal does not count)"};
    if (code == "conflict") return {Errc::conflict, "challenge: already " + detail};
    if (code == "rate_limited") return {Errc::rate_limited, "cheer: too many cheers; wait a minute"};
    return unexpected_reply(what, r);
}

// "calls=1,appointments=5": a points challenge's weights, as create_challenge.lua reads them.
std::string weights_text(const domain::ChallengeDraft& d) {
    std::string out;
    for (const auto& [metric, weight] : d.weights) out += (out.empty() ? "" : ",") + metric + "=" + std::to_string(weight);
    return out;
}

}  // namespace

std::vector<std::string> Store::closing_keys(std::string_view team_id, std::string_view id,
                                             const std::vector<std::string>& participants) {
    auto k = args(keys::fence(team_id), keys::open_challenges(team_id), keys::feed(team_id), keys::names(team_id),
                  keys::challenge(team_id, id), keys::challenge_scores(team_id, id));
    for (const auto& rep : participants) {
        k.push_back(keys::rep_open_challenges(team_id, rep));
        k.push_back(keys::rep_done_challenges(team_id, rep));
    }
    return k;
}

void Store::forget_open_challenges(std::string_view team_id, const std::vector<std::string>& reps) {
    for (const auto& rep : reps) open_challenges_.erase(std::string(team_id) + '\n' + rep);
}

Task<std::string> Store::held_challenges(std::string_view team_id, std::string_view rep, bool reload,
                                         std::vector<std::string>& keys_out) {
    auto open = co_await open_challenges_of(team_id, rep, reload);
    if (!open) co_return open.error();
    auto ids = nlohmann::json::array();
    for (const auto& c : *open) {
        ids.push_back(c.id);
        keys_out.push_back(keys::challenge(team_id, c.id));
    }
    co_return ids.dump();
}

Task<std::string> Store::create_challenge(const domain::ChallengeDraft& d, std::string_view team_id,
                                          std::string_view seed_period) {
    // The id first, so the script writes only keys it declares (a burnt id when it fails is fine).
    auto seq = co_await command(args("INCR", keys::challenge_counter(team_id)));
    if (!seq) co_return seq.error();
    if (!seq->as_int()) co_return unexpected_reply("INCR", *seq);
    auto id = "c" + std::to_string(*seq->as_int());
    auto now = domain::now();
    // The boards whose counts start the scores: the metric's, or for points every weighted
    // metric's (weights_text lists them in the same order).
    std::vector<std::string> seeds;
    if (!seed_period.empty()) {
        if (d.weights.empty()) seeds.push_back(keys::board(team_id, d.metric, seed_period));
        for (const auto& [metric, _] : d.weights) seeds.push_back(keys::board(team_id, metric, seed_period));
    }
    auto a = args(id, d.creator, d.metric, std::string(domain::to_string(d.kind)), std::to_string(d.target), d.stakes,
                  ms_text(d.window.start), ms_text(d.window.end), domain::format_rfc3339(d.window.start),
                  domain::format_rfc3339(d.window.end), ms_text(now), domain::format_rfc3339(now),
                  std::to_string(options_.feed_max_len), keys::changes(team_id),
                  std::to_string(domain::max_open_challenges_per_rep), std::to_string(seeds.size()), "[]",
                  weights_text(d));
    a.insert(a.end(), d.participants.begin(), d.participants.end());
    // The cap counts what each participant created or accepted, read from the hashes of their
    // open challenges: the script declares those and refuses (stale) when a set changed since.
    for (int attempt = 0;; ++attempt) {
        auto k = args(keys::fence(team_id), keys::challenge(team_id, id), keys::challenge_scores(team_id, id),
                      keys::open_challenges(team_id), keys::feed(team_id), keys::names(team_id));
        k.insert(k.end(), seeds.begin(), seeds.end());
        std::string held = "[";
        for (const auto& rep : d.participants) {
            k.push_back(keys::rep(team_id, rep));
            k.push_back(keys::rep_open_challenges(team_id, rep));
            auto ids = co_await held_challenges(team_id, rep, attempt > 0, k);
            if (!ids) co_return ids.error();
            held += (held.size() > 1 ? "," : "") + *ids;
        }
        a[16] = held + "]";
        auto reply = co_await eval("create_challenge", k, a);
        if (!reply) co_return reply.error();
        if (reply->is_error() && reply->str.find("stale") != std::string::npos && attempt < 3) continue;
        if (reply->is_error()) co_return script_error(*reply, "create_challenge");
        forget_open_challenges(team_id, d.participants);
        co_return reply->str;
    }
}

Task<std::string> Store::answer_challenge(std::string_view team_id, std::string_view id, std::string_view caller,
                                          domain::ChallengeAnswer answer, domain::ChallengeStatus expected) {
    const Error unknown{Errc::not_found, "challenge: no challenge '" + std::string(id) + "'"};
    // Its participants first (they never change), so the script declares each one's keys.
    auto stored = co_await command(args("HGET", keys::challenge(team_id, id), "participants"));
    if (!stored) co_return stored.error();
    if (stored->is_nil()) co_return unknown;
    auto participants = split_commas(stored->str);
    auto now = domain::now();
    std::string answer_text = answer == domain::ChallengeAnswer::accept    ? "accept"
                              : answer == domain::ChallengeAnswer::decline ? "decline"
                                                                           : "cancel";
    for (int attempt = 0;; ++attempt) {
        auto k = closing_keys(team_id, id, participants);
        k.push_back(keys::rep_open_challenges(team_id, caller));
        // Only an accept counts the caller's open challenges against the cap.
        std::string held = "[]";
        if (answer == domain::ChallengeAnswer::accept) {
            auto ids = co_await held_challenges(team_id, caller, attempt > 0, k);
            if (!ids) co_return ids.error();
            held = *ids;
        }
        auto reply = co_await eval("answer_challenge", k,
                                   args(std::string(id), std::string(caller), answer_text,
                                        std::string(domain::to_string(expected)), ms_text(now),
                                        domain::format_rfc3339(now), std::to_string(options_.feed_max_len),
                                        keys::changes(team_id), stored->str,
                                        std::to_string(domain::max_open_challenges_per_rep),
                                        std::to_string(options_.board_retention.count()), held));
        if (!reply) co_return reply.error();
        if (reply->is_error()) {
            if (reply->str.find("stale") != std::string::npos && attempt < 3) continue;
            if (reply->str.starts_with("not_found")) co_return unknown;
            if (reply->str.starts_with("full"))
                co_return Error{Errc::conflict, "challenge: you already have " +
                                                    std::to_string(domain::max_open_challenges_per_rep) +
                                                    " open challenges; finish, cancel or decline one first"};
            co_return script_error(*reply, "answer_challenge");
        }
        forget_open_challenges(team_id, participants);
        co_return reply->str;
    }
}

Task<std::vector<ChallengeRecord>> Store::challenges(std::string_view team_id, const std::vector<std::string>& ids) {
    std::vector<ChallengeRecord> out;
    if (ids.empty()) co_return out;
    std::vector<std::string> k;
    for (const auto& id : ids) {
        k.push_back(keys::challenge(team_id, id));
        k.push_back(keys::challenge_scores(team_id, id));
    }
    auto reply = co_await eval("read_challenges", k, {});
    if (!reply) co_return reply.error();
    if (reply->kind != RedisReply::Kind::array) co_return unexpected_reply("read_challenges", *reply);
    for (const auto& item : reply->elements) {
        if (item.elements.size() != 2 || item.elements[0].elements.empty()) continue;  // gone
        ChallengeRecord rec;
        const auto& h = item.elements[0].elements;
        for (std::size_t i = 0; i + 1 < h.size(); i += 2) rec.fields[h[i].str] = h[i + 1].str;
        std::map<std::string, std::int64_t> by_rep;
        const auto& z = item.elements[1].elements;
        for (std::size_t i = 0; i + 1 < z.size(); i += 2) by_rep[z[i].str] = z[i + 1].as_int().value_or(0);
        for (const auto& rep : split_commas(rec.field("participants"))) rec.scores.push_back({rep, by_rep[rep]});
        out.push_back(std::move(rec));
    }
    co_return out;
}

Task<std::vector<std::string>> Store::challenge_ids(std::string_view team_id, std::string_view rep) {
    auto open = co_await command(args("SMEMBERS", keys::rep_open_challenges(team_id, rep)));
    if (!open) co_return open.error();
    auto done = co_await command(args("ZREVRANGE", keys::rep_done_challenges(team_id, rep), "0", "19"));
    if (!done) co_return done.error();
    std::vector<std::string> ids;
    for (const auto& e : open->elements) ids.push_back(e.str);
    // Newest first: ids are c<sequence>.
    std::sort(ids.begin(), ids.end(), [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() > b.size() : a > b;
    });
    // One closed between the two reads is in both: once.
    auto open_count = ids.size();
    for (const auto& e : done->elements)
        if (std::find(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(open_count), e.str) ==
            ids.begin() + static_cast<std::ptrdiff_t>(open_count))
            ids.push_back(e.str);
    co_return ids;
}

Task<std::vector<std::string>> Store::team_ids() {
    auto reply = co_await command(args("SMEMBERS", std::string(keys::all_teams)));
    if (!reply) co_return reply.error();
    std::vector<std::string> ids;
    for (const auto& e : reply->elements) ids.push_back(e.str);
    co_return ids;
}

Task<int> Store::finish_due(std::string_view team_id) {
    auto now = domain::now();
    auto due = co_await command(args("ZRANGEBYSCORE", keys::open_challenges(team_id), "-inf", ms_text(now)));
    if (!due) co_return due.error();
    std::vector<std::string> ids;
    for (const auto& e : due->elements) ids.push_back(e.str);
    if (ids.empty()) co_return 0;
    auto records = co_await challenges(team_id, ids);
    if (!records) co_return records.error();
    int finished = 0;
    for (const auto& rec : *records) {
        if (!rec.field("across").empty()) {  // a half of a challenge across teams: home decides
            auto settled = co_await settle_cross_challenge(team_id, rec, true);
            if (!settled) co_return settled.error();
            finished += *settled ? 1 : 0;
            continue;
        }
        auto kind = domain::parse_challenge_kind(rec.field("kind")).value_or(domain::ChallengeKind::most);
        std::int64_t target = 0;
        try { target = std::stoll(rec.field("target")); } catch (...) {}
        // Pair against pair: each side scores its reps' sum, and a pair wins.
        auto sides = domain::parse_sides(rec.field("sides"));
        auto outcome = domain::decide_at_close(kind, target, sides.empty() ? rec.scores : domain::side_scores(sides, rec.scores));
        auto participants = split_commas(rec.field("participants"));
        auto reply = co_await eval("finish_challenge", closing_keys(team_id, rec.field("id"), participants),
                                   args(rec.field("id"), rec.field("v"), outcome.winner.value_or(""),
                                        json(outcome.reached).dump(), ms_text(now), domain::format_rfc3339(now),
                                        std::to_string(options_.feed_max_len), keys::changes(team_id),
                                        rec.field("participants"), std::to_string(options_.board_retention.count())));
        if (!reply) co_return reply.error();
        if (reply->is_error()) co_return unexpected_reply("finish_challenge", *reply);
        if (reply->as_int().value_or(0) == 1) {
            forget_open_challenges(team_id, participants);
            ++finished;
            spdlog::info("challenge.finished team={} challenge={} winner={}", team_id, rec.field("id"),
                         outcome.winner.value_or("none"));
        }
    }
    co_return finished;
}

Task<std::string> Store::post_checkin(std::string_view team_id, std::string_view rep, std::string_view week_key,
                                      const json& checkin) {
    auto reply = co_await eval("post_checkin",
                               args(keys::fence(team_id), keys::checkins(team_id, week_key), keys::feed(team_id),
                                    keys::names(team_id)),
                               args(std::string(rep), checkin.dump(), std::to_string(options_.board_retention.count()),
                                    checkin.value("at", std::string()), std::to_string(options_.feed_max_len),
                                    keys::changes(team_id), std::string(week_key)));
    if (!reply) co_return reply.error();
    if (reply->is_error()) co_return unexpected_reply("post_checkin", *reply);
    co_return reply->str;
}

Task<json> Store::checkins(std::string_view team_id, std::string_view week_key) {
    auto reply = co_await command(args("HGETALL", keys::checkins(team_id, week_key)));
    if (!reply) co_return reply.error();
    json out = json::object();
    for (std::size_t i = 0; i + 1 < reply->elements.size(); i += 2) {
        auto parsed = json::parse(reply->elements[i + 1].str, nullptr, false);
        if (!parsed.is_discarded()) out[reply->elements[i].str] = parsed;
    }
    co_return out;
}

Task<std::string> Store::cheer(std::string_view team_id, std::string_view from, std::string_view to,
                               std::string_view text) {
    auto now = domain::now();
    auto reply = co_await eval("cheer",
                               args(keys::fence(team_id), keys::cheer_counter(team_id, from), keys::feed(team_id),
                                    keys::names(team_id)),
                               args(std::string(from), std::string(to), std::string(text),
                                    domain::format_rfc3339(now), std::to_string(options_.cheers_per_window),
                                    std::to_string(options_.cheer_window.count()),
                                    std::to_string(options_.feed_max_len), keys::changes(team_id)));
    if (!reply) co_return reply.error();
    if (reply->is_error()) co_return script_error(*reply, "cheer");
    co_return reply->str;
}

namespace {
std::vector<FeedEntry> feed_entries(const RedisReply& reply) {
    std::vector<FeedEntry> out;
    for (const auto& entry : reply.elements) {
        if (entry.elements.size() != 2) continue;
        const auto& fields = entry.elements[1].elements;
        for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
            if (fields[i].str != "e") continue;
            auto ev = json::parse(fields[i + 1].str, nullptr, false);
            if (ev.is_discarded() || !ev.is_object()) continue;
            ev["id"] = entry.elements[0].str;
            out.push_back({entry.elements[0].str, std::move(ev)});
        }
    }
    return out;
}
}  // namespace

Task<std::vector<FeedEntry>> Store::feed(std::string_view team_id, int count) {
    auto reply = co_await command(args("XREVRANGE", keys::feed(team_id), "+", "-", "COUNT", std::to_string(count)));
    if (!reply) co_return reply.error();
    co_return feed_entries(*reply);
}

Task<std::vector<FeedEntry>> Store::feed_since(std::string_view team_id, domain::TimePoint since, int limit) {
    // Stream ids begin with the time the event was written.
    auto reply = co_await command(args("XREVRANGE", keys::feed(team_id), "+", ms_text(since), "COUNT", std::to_string(limit)));
    if (!reply) co_return reply.error();
    co_return feed_entries(*reply);
}

HistoryId HistoryId::parse(std::string_view id) {
    HistoryId out;
    auto dash = id.find('-');
    auto number = [](std::string_view text, std::int64_t& into) {
        return std::from_chars(text.data(), text.data() + text.size(), into).ec == std::errc{};
    };
    if (!number(id.substr(0, dash), out.ms) || (dash != std::string_view::npos && !number(id.substr(dash + 1), out.seq)))
        return {};
    return out;
}

Task<std::vector<ActivityRow>> Store::activities(std::string_view team_id, domain::TimePoint from,
                                                 domain::TimePoint to, std::size_t limit, std::string_view rep,
                                                 std::string_view metric) {
    // Stream ids are arrival times; `at` may be up to 7 days earlier than arrival.
    auto first = from.time_since_epoch().count();
    auto last = (to + domain::max_backdate).time_since_epoch().count();
    std::vector<ActivityRow> rows;
    std::string cursor = std::to_string(first);
    while (rows.size() < limit) {
        auto reply = co_await command(args("XRANGE", keys::activity_log(team_id), cursor, std::to_string(last), "COUNT", "1000"));
        if (!reply) co_return reply.error();
        if (reply->elements.empty()) break;
        for (const auto& entry : reply->elements) {
            if (entry.elements.size() != 2) continue;
            ActivityRow row;
            row.arrived = HistoryId::parse(entry.elements[0].str);
            const auto& f = entry.elements[1].elements;
            for (std::size_t i = 0; i + 1 < f.size(); i += 2) {
                const auto& k = f[i].str;
                const auto& v = f[i + 1];
                if (k == "rep") row.rep = v.str;
                else if (k == "metric") row.metric = v.str;
                else if (k == "delta") row.delta = v.as_int().value_or(0);
                else if (k == "at") row.at = v.str;
                else if (k == "at_ms") row.at_ms = v.as_int().value_or(0);
                else if (k == "id") row.id = v.str;
                else if (k == "source") row.source = v.str;
            }
            bool wanted = (rep.empty() || row.rep == rep) && (metric.empty() || row.metric == metric);
            if (wanted && row.at_ms >= from.time_since_epoch().count() && row.at_ms < to.time_since_epoch().count() &&
                rows.size() < limit)
                rows.push_back(std::move(row));
        }
        if (reply->elements.size() < 1000) break;
        cursor = "(" + reply->elements.back().elements[0].str;  // exclusive: after the last one read
    }
    std::stable_sort(rows.begin(), rows.end(), [](const ActivityRow& a, const ActivityRow& b) { return a.at_ms < b.at_ms; });
    co_return rows;
}

Task<std::vector<std::int64_t>> Store::counts(std::string_view team_id, const std::vector<std::string>& reps,
                                              const std::vector<std::string>& metrics,
                                              const std::vector<std::string>& period_keys) {
    std::vector<std::string> boards;
    for (const auto& metric : metrics)
        for (const auto& period_key : period_keys) boards.push_back(keys::board(team_id, metric, period_key));
    auto reply = co_await eval("read_scores", boards, reps);
    if (!reply) co_return reply.error();
    if (reply->kind != RedisReply::Kind::array) co_return unexpected_reply("read_scores", *reply);
    std::vector<std::int64_t> out;
    for (const auto& e : reply->elements) out.push_back(e.as_int().value_or(0));
    co_return out;
}

}  // namespace wp::store
