// The week in review (topic `review`): what the wall shows on the team's last working day.
#include <algorithm>
#include <map>

#include "api/kiosk_topics.hpp"
#include "store/team_json.hpp"

namespace wp::api {

using domain::Result;
using nlohmann::json;

namespace {

constexpr int streak_days = 30;      // streaks are counted this far back
constexpr int feed_read = 5000;      // the week's events read for cheers and personal bests
constexpr std::size_t winners_shown = 3, streaks_shown = 5, cheers_shown = 3;

// Each rep's working-day streak, from the day boards of every metric.
asio::awaitable<Result<std::map<std::string, int>>> streaks(Context& ctx, const TeamContext& team,
                                                           const std::vector<std::string>& reps, domain::TimePoint now) {
    std::map<std::string, int> out;
    if (reps.empty()) co_return out;
    auto dates = domain::recent_working_dates(team.team.work_week, team.calendar, now, streak_days + 1);
    std::vector<std::string> metrics, days;
    for (const auto& m : team.team.metrics) metrics.push_back(m.id);
    for (const auto& date : dates) days.push_back("d:" + date);
    auto scores = co_await ctx.store().counts(team.team.id, reps, metrics, days);
    if (!scores) co_return scores.error();
    // Rep-major, then metric, then day.
    std::size_t base = 0;
    for (const auto& rep : reps) {
        std::set<std::string> active;
        for (std::size_t d = 0; d < dates.size(); ++d) {
            std::int64_t total = 0;
            for (std::size_t m = 0; m < metrics.size(); ++m) total += (*scores)[base + m * dates.size() + d];
            if (total > 0) active.insert(dates[d]);
        }
        base += metrics.size() * dates.size();
        out[rep] = domain::working_day_streak(team.team.work_week, team.calendar, now, active, streak_days);
    }
    co_return out;
}

}  // namespace

asio::awaitable<Result<json>> review_data(Context& ctx, const TeamContext& team) {
    const auto& t = team.team;
    const auto now = domain::now();
    const auto week = team.calendar.window(domain::Period::week, now);
    const auto week_key = team.calendar.period_key(domain::Period::week, now);
    auto roster = co_await ctx.roster(t.id);
    if (!roster) co_return roster.error();
    std::vector<std::string> reps;
    for (const auto& r : roster->reps)
        if (r.role != domain::Role::display) reps.push_back(r.id);

    json winners = json::array();
    for (const auto& m : t.metrics) {
        auto board = co_await ctx.leaderboard(team, m.id, domain::Period::week);
        if (!board) co_return board.error();
        json rows = json::array();
        for (const auto& row : (*board)["rows"])
            if (rows.size() < winners_shown && row["count"].get<std::int64_t>() > 0) rows.push_back(row);
        winners.push_back({{"metric", m.id}, {"rows", std::move(rows)}, {"total", (*board)["total"]}});
    }

    std::vector<std::string> metric_ids;
    for (const auto& m : t.metrics) metric_ids.push_back(m.id);
    // Named first: g++ 12 cannot keep an initializer list alive across a co_await.
    const std::vector<std::string> this_week{week_key};
    auto counts = co_await ctx.store().counts(t.id, reps, metric_ids, this_week);
    if (!counts) co_return counts.error();
    auto checkins = co_await ctx.store().checkins(t.id, week_key);
    if (!checkins) co_return checkins.error();
    auto rep_view = [&](const std::string& rep) {
        auto at = static_cast<std::size_t>(std::find(reps.begin(), reps.end(), rep) - reps.begin());
        json week_counts = json::object();
        for (std::size_t m = 0; m < t.metrics.size(); ++m)
            week_counts[t.metrics[m].id] = at < reps.size() ? (*counts)[at * t.metrics.size() + m] : 0;
        const auto& c = checkins->contains(rep) ? (*checkins)[rep] : json(nullptr);
        return json{{"rep", rep}, {"name", name_in(*roster, rep)}, {"week", std::move(week_counts)},
                    {"commitment", c.is_object() ? c.value("commitment", "") : ""},
                    {"reflection", c.is_object() ? c.value("reflection", "") : ""}};
    };
    json pairs = json::array();
    for (const auto& p : roster->pairs) {
        json members = json::array();
        for (const auto& r : p.reps) members.push_back(rep_view(r));
        pairs.push_back({{"pair", p.id}, {"reps", std::move(members)}});
    }

    auto events = co_await ctx.store().feed_since(t.id, week.start, feed_read);
    if (!events) co_return events.error();
    json bests = json::array(), recent_cheers = json::array();
    std::map<std::string, int> cheered;
    std::set<std::string> best_seen;  // rep + metric: the newest best only
    int cheer_total = 0;
    for (const auto& e : *events) {
        const auto& ev = e.event;
        auto kind = ev.value("kind", "");
        if (kind == "milestone" && ev.value("personal_best", false)) {
            auto key = ev.value("rep", "") + "\n" + ev.value("metric", "");
            if (best_seen.insert(key).second)
                bests.push_back({{"rep", ev.value("rep", "")}, {"name", name_in(*roster, ev.value("rep", ""))},
                                 {"metric", ev.value("metric", "")}, {"count", ev.value("count", 0)},
                                 {"period", ev.value("period", "week")}});
        } else if (kind == "cheer") {
            ++cheer_total;
            ++cheered[ev.value("to", "")];
            if (recent_cheers.size() < cheers_shown && !ev.value("text", "").empty())
                recent_cheers.push_back({{"from", ev.value("rep", "")}, {"from_name", name_in(*roster, ev.value("rep", ""))},
                                         {"to", ev.value("to", "")}, {"to_name", name_in(*roster, ev.value("to", ""))},
                                         {"text", ev.value("text", "")}});
        }
    }
    std::vector<std::pair<std::string, int>> most(cheered.begin(), cheered.end());
    std::stable_sort(most.begin(), most.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    json most_cheered = json::array();
    for (std::size_t i = 0; i < most.size() && i < cheers_shown; ++i)
        most_cheered.push_back({{"rep", most[i].first}, {"name", name_in(*roster, most[i].first)}, {"count", most[i].second}});

    auto streak = co_await streaks(ctx, team, reps, now);
    if (!streak) co_return streak.error();
    std::vector<std::pair<std::string, int>> longest;
    for (const auto& [rep, days] : *streak)
        if (days >= 2) longest.emplace_back(rep, days);
    std::stable_sort(longest.begin(), longest.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    json streak_list = json::array();
    for (std::size_t i = 0; i < longest.size() && i < streaks_shown; ++i)
        streak_list.push_back({{"rep", longest[i].first}, {"name", name_in(*roster, longest[i].first)}, {"days", longest[i].second}});

    co_return json{{"week", week_key},
                   {"start", team.calendar.local_date(week.start)},
                   {"review_day", domain::to_string(t.work_week.review_day(t.week_start))},
                   {"winners", std::move(winners)},
                   {"pairs", std::move(pairs)},
                   {"bests", std::move(bests)},
                   {"streaks", std::move(streak_list)},
                   {"cheers", {{"total", cheer_total}, {"most_cheered", std::move(most_cheered)}, {"recent", std::move(recent_cheers)}}}};
}

}  // namespace wp::api
