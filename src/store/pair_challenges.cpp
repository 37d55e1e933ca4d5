// Pair-vs-pair challenges and the weekly matchups' draw: the Store's part. One script creates
// them, ids allocated before it, every key declared (Redis Cluster rules).
#include <nlohmann/json.hpp>

#include "store/keys.hpp"
#include "store/redis_args.hpp"
#include "store/store.hpp"

namespace wp::store {

using domain::Errc;
using domain::Error;

namespace {

std::string joined(const std::vector<std::string>& list) {
    std::string out;
    for (const auto& s : list) out += (out.empty() ? "" : ",") + s;
    return out;
}

}  // namespace

Task<bool> Store::matchups_drawn(std::string_view team_id, std::string_view week_key) {
    auto reply = co_await command(args("EXISTS", keys::matchups_drawn(team_id, week_key)));
    if (!reply) co_return reply.error();
    co_return reply->as_int().value_or(0) == 1;
}

Task<std::vector<std::string>> Store::create_pair_challenges(std::string_view team_id,
                                                             const std::vector<PairChallengeSpec>& specs,
                                                             std::string_view seed_period, const nlohmann::json& event,
                                                             std::string_view draw_week) {
    std::vector<std::string> ids;
    if (specs.empty()) co_return ids;
    auto last = co_await command(args("INCRBY", keys::challenge_counter(team_id), std::to_string(specs.size())));
    if (!last) co_return last.error();
    auto top = last->as_int().value_or(0);
    for (std::size_t i = 0; i < specs.size(); ++i)
        ids.push_back("c" + std::to_string(top - static_cast<std::int64_t>(specs.size() - 1 - i)));

    const bool draw = !draw_week.empty();
    std::vector<std::string> ks{draw ? keys::matchups_drawn(team_id, draw_week) : keys::challenge(team_id, ids[0]),
                                keys::open_challenges(team_id), keys::feed(team_id),
                                seed_period.empty() ? keys::challenge(team_id, ids[0])
                                                    : keys::board(team_id, specs[0].draft.metric, seed_period)};
    auto now = domain::now();
    auto a = args(draw ? "draw" : "one", std::to_string(options_.board_retention.count()), domain::format_rfc3339(now),
                  std::to_string(options_.feed_max_len), keys::changes(team_id), "", "", seed_period.empty() ? "0" : "1");
    // The event names its challenges: ids are known only now.
    auto ev = event;
    if (ev.contains("matchups"))
        for (std::size_t i = 0; i < ev["matchups"].size() && i < ids.size(); ++i) ev["matchups"][i]["challenge"] = ids[i];
    else
        ev["challenge"] = ids[0];
    a.push_back(ev.dump());
    a.push_back(std::to_string(specs.size()));
    for (std::size_t i = 0; i < specs.size(); ++i) {
        const auto& d = specs[i].draft;
        ks.push_back(keys::challenge(team_id, ids[i]));
        ks.push_back(keys::challenge_scores(team_id, ids[i]));
        for (const auto& rep : d.participants) {
            ks.push_back(keys::rep(team_id, rep));
            ks.push_back(keys::rep_open_challenges(team_id, rep));
        }
        auto more = args(ids[i], d.creator, d.metric, std::string(domain::to_string(d.kind)), std::to_string(d.target),
                         d.stakes, ms_text(d.window.start), ms_text(d.window.end), domain::format_rfc3339(d.window.start),
                         domain::format_rfc3339(d.window.end), specs[i].status, domain::sides_text(specs[i].sides),
                         joined(d.participants), joined(specs[i].accepted));
        a.insert(a.end(), more.begin(), more.end());
    }
    ks.push_back(keys::fence(team_id));  // last: the script reads it never
    auto reply = co_await eval("create_pair_challenges", ks, a);
    if (!reply) co_return reply.error();
    if (reply->is_error()) {
        const auto& text = reply->str;
        if (auto p = text.find("not_found:"); p != std::string::npos)
            co_return Error{Errc::not_found, "pairs: no rep '" + text.substr(p + 10) + "' in this team"};
        co_return Error{Errc::unavailable, "Redis answered create_pair_challenges unexpectedly: " + text};
    }
    if (reply->kind != RedisReply::Kind::array) co_return std::vector<std::string>{};  // drawn before
    co_return ids;
}

}  // namespace wp::store
