// Recording an activity: the one write path, one script round trip per log.
#include <nlohmann/json.hpp>

#include "store/keys.hpp"
#include "store/redis_args.hpp"
#include "store/split_commas.hpp"
#include "store/store.hpp"

namespace wp::store {

using domain::Errc;
using domain::Error;

namespace {

// "10,25,50,100": the log script announces each round number once per day and week.
const std::string& milestone_thresholds() {
    static const std::string text = [] {
        std::string out;
        for (auto t : domain::milestone_thresholds) out += (out.empty() ? "" : ",") + std::to_string(t);
        return out;
    }();
    return text;
}

constexpr std::size_t max_cached_reps = 100000;  // then the cache starts afresh

}  // namespace

Task<std::vector<Store::OpenChallenge>> Store::open_challenges_of(std::string_view team_id, std::string_view rep,
                                                                  bool reload) {
    auto key = std::string(team_id) + '\n' + std::string(rep);
    if (!reload)
        if (auto it = open_challenges_.find(key); it != open_challenges_.end()) co_return it->second;
    auto ids = co_await command(args("SMEMBERS", keys::rep_open_challenges(team_id, rep)));
    if (!ids) co_return ids.error();
    std::vector<std::string> list;
    for (const auto& e : ids->elements) list.push_back(e.str);
    std::vector<OpenChallenge> open;
    if (!list.empty()) {
        auto records = co_await challenges(team_id, list);
        if (!records) co_return records.error();
        std::map<std::string, std::string> participants;
        for (const auto& rec : *records) participants[rec.field("id")] = rec.field("participants");
        // One listed whose hash is gone is declared with no participants: nothing to score.
        for (const auto& id : list) open.push_back({id, participants[id]});
    }
    if (open_challenges_.size() >= max_cached_reps) open_challenges_.clear();
    open_challenges_.insert_or_assign(std::move(key), open);
    co_return open;
}

Task<LogOutcome> Store::log(const domain::Team& team, const domain::Calendar& calendar,
                            const domain::Activity& activity, std::string_view source) {
    std::vector<std::string> ks;
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
    ks.push_back(keys::names(team.id));
    ks.push_back(keys::milestones(team.id, activity.rep, activity.metric, period_keys[0]));
    ks.push_back(keys::milestones(team.id, activity.rep, activity.metric, period_keys[1]));
    ks.push_back(keys::open_challenges(team.id));
    ks.push_back(keys::fence(team.id));
    ks.push_back(keys::board_version(team.id));
    auto now = domain::now();
    // Only a log in the current week can announce a personal best.
    const auto& week_key = period_keys[1];
    bool this_week = week_key == calendar.period_key(domain::Period::week, now);
    bool today = period_keys[0] == calendar.period_key(domain::Period::day, now);  // only today's is news
    auto oldest_kept = now - std::chrono::duration_cast<std::chrono::milliseconds>(options_.board_retention);
    auto argv = args(activity.rep, std::to_string(activity.delta), std::to_string(options_.idempotency_ttl.count()),
                     std::to_string(options_.board_retention.count()), std::to_string(options_.feed_max_len),
                     keys::changes(team.id), activity.metric, domain::format_rfc3339(activity.at), activity.id,
                     std::string(source), std::to_string(activity.at.time_since_epoch().count()),
                     std::to_string(now.time_since_epoch().count()), domain::format_rfc3339(now),
                     std::to_string(oldest_kept.time_since_epoch().count()), week_key, milestone_thresholds(),
                     this_week ? "1" : "0", std::string("(deadline)"), std::string("[]"), today ? "1" : "0");
    const std::size_t fixed_keys = ks.size(), deadline_arg = 17, challenges_arg = 18;
    // The script refuses a stale list of the rep's open challenges before writing: read them
    // again and resend (a challenge made, answered or finished meanwhile, maybe elsewhere).
    for (int attempt = 0;; ++attempt) {
        auto open = co_await open_challenges_of(team.id, activity.rep, attempt > 0);
        if (!open) co_return open.error();
        ks.resize(fixed_keys);
        nlohmann::json declared = nlohmann::json::array();
        for (const auto& c : *open) {
            declared.push_back({c.id, c.participants});
            ks.push_back(keys::challenge(team.id, c.id));
            ks.push_back(keys::challenge_scores(team.id, c.id));
            for (const auto& rep : split_commas(c.participants)) {
                ks.push_back(keys::rep_open_challenges(team.id, rep));
                ks.push_back(keys::rep_done_challenges(team.id, rep));
            }
        }
        argv[challenges_arg] = declared.dump();
        auto reply = co_await eval("log_activity", ks, argv, deadline_arg);
        if (!reply) co_return reply.error();
        if (reply->is_error() && reply->str.find("stale") != std::string::npos && attempt < 3) continue;
        if (reply->is_error() && reply->str.find("expired") != std::string::npos)
            co_return Error{Errc::unavailable, "Redis ran the log after the server had given up on it, so it recorded "
                                               "nothing: retry with the same id"};
        if (reply->is_error())
            if (auto at = reply->str.find("below_zero:"); at != std::string::npos)
                co_return Error{Errc::conflict, "delta: " + std::to_string(activity.delta) + " would take " +
                                                    activity.rep + "'s " + activity.metric + " for " +
                                                    calendar.local_date(activity.at) + " below zero (it is " +
                                                    reply->str.substr(at + 11) +
                                                    "): a correction undoes at most what that day holds"};
        if (reply->kind != RedisReply::Kind::array || reply->elements.size() != 7)
            co_return Error{Errc::unavailable, "Redis answered log_activity unexpectedly: " + reply->str};
        LogOutcome out;
        out.duplicate = reply->elements[0].as_int().value_or(0) == 1;
        for (size_t i = 0; i < 5; ++i) out.counts[i] = reply->elements[i + 1].as_int().value_or(0);
        out.milestones = static_cast<int>(reply->elements[6].as_int().value_or(0));
        for (const auto& c : *open)
            if (is_cross_challenge(c.id)) out.across.push_back(c.id);
        co_return out;
    }
}

}  // namespace wp::store
