// Streaks from the day boards: which of a rep's last working days had activity, and the best
// streak kept beside them (store/lua/read_streak.lua, note_streak.lua).
#include "domain/streak.hpp"
#include "store/keys.hpp"
#include "store/redis_args.hpp"
#include "store/store.hpp"

namespace wp::store {

using domain::Errc;
using domain::Error;

Task<StreakDays> Store::streak_days(std::string_view team_id, std::string_view rep,
                                    const std::vector<std::string>& day_keys,
                                    const std::vector<domain::Metric>& metrics) {
    StreakDays out;
    if (day_keys.empty() || metrics.empty()) co_return out;
    std::vector<std::string> ks;
    ks.reserve(day_keys.size() * metrics.size() + 1);
    for (const auto& day : day_keys)
        for (const auto& m : metrics) ks.push_back(keys::board(team_id, m.id, day));
    ks.push_back(keys::streak(team_id, rep));
    auto reply = co_await eval("read_streak", ks, args(std::string(rep), std::to_string(metrics.size())));
    if (!reply) co_return reply.error();
    if (reply->kind != RedisReply::Kind::array || reply->elements.empty())
        co_return Error{Errc::unavailable, "Redis answered read_streak unexpectedly: " + reply->str};
    out.best = reply->elements[0].as_int().value_or(0);
    for (std::size_t i = 1; i < reply->elements.size(); ++i) out.active.push_back(reply->elements[i].as_int().value_or(0) == 1);
    co_return out;
}

Task<bool> Store::note_streak(std::string_view team_id, std::string_view rep, std::string_view name, int days,
                              std::string_view today_key) {
    auto reply = co_await eval("note_streak", args(keys::streak(team_id, rep), keys::feed(team_id), keys::fence(team_id)),
                               args(std::to_string(days), std::string(today_key),
                                    domain::is_streak_milestone(days) ? "1" : "0", domain::format_rfc3339(domain::now()),
                                    std::to_string(options_.feed_max_len), keys::changes(team_id), std::string(rep),
                                    std::string(name)));
    if (!reply) co_return reply.error();
    if (reply->is_error()) co_return Error{Errc::unavailable, "Redis answered note_streak unexpectedly: " + reply->str};
    co_return reply->as_int().value_or(0) == 1;
}

}  // namespace wp::store
