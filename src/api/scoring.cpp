#include "api/scoring.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "domain/around.hpp"
#include "domain/improvement.hpp"
#include "domain/pace.hpp"
#include "domain/points.hpp"
#include "domain/ranking.hpp"
#include "store/targets_json.hpp"

namespace wp::api {

using domain::Period;
using domain::Result;
using nlohmann::json;
namespace t = domain::topic;

namespace {

bool is_points(std::string_view metric) { return metric == domain::reserved_metric; }

std::set<std::string, std::less<>> hidden_from_wall(const store::Roster& roster) {
    std::set<std::string, std::less<>> out;
    for (const auto& r : roster.reps)
        if (!r.on_wall) out.insert(r.id);
    return out;
}

// The people who have a place on every board: the team's live reps and admins.
std::vector<std::string> people_of(const store::Roster& roster) {
    std::vector<std::string> out;
    for (const auto& r : roster.reps)
        if (r.role != domain::Role::display) out.push_back(r.id);
    return out;
}

std::optional<std::int64_t> target_of(const store::TeamTargets& targets, const std::string& rep,
                                      std::string_view metric, Period period) {
    auto it = targets.find(rep);
    if (it == targets.end()) return std::nullopt;
    auto m = it->second.find(metric);
    return m == it->second.end() ? std::nullopt : m->second.of(period);
}

json row_json(const domain::RankedStanding& r, const store::Roster& roster, std::optional<std::int64_t> target) {
    json row{{"rank", r.rank}, {"rep", r.rep}, {"name", name_in(roster, r.rep)}, {"count", r.count}};
    if (target) {
        row["target"] = *target;
        row["pct"] = domain::percent_of(r.count, *target);
    }
    return row;
}

// Every rep's count on one board of the period (a metric, or the points of all of them), with the
// board's total.
struct Counted {
    std::vector<domain::Standing> rows;
    std::int64_t total = 0;
};
asio::awaitable<Result<Counted>> counted(Context& ctx, const TeamContext& team, std::string_view metric,
                                         const std::string& period_key) {
    std::vector<store::BoardName> boards;
    if (is_points(metric)) {
        for (const auto& m : team.team.metrics) boards.push_back({m.id, period_key});
    } else {
        boards.push_back({std::string(metric), period_key});
    }
    auto read = co_await ctx.store().standings(team.team.id, boards);
    if (!read) co_return read.error();
    if (!is_points(metric)) co_return Counted{std::move((*read)[0].rows), (*read)[0].total};
    std::vector<domain::MetricStandings> per_metric;
    std::vector<std::pair<std::string, std::int64_t>> totals;
    for (std::size_t i = 0; i < boards.size(); ++i) {
        per_metric.push_back({boards[i].metric, std::move((*read)[i].rows)});
        totals.emplace_back(boards[i].metric, (*read)[i].total);
    }
    co_return Counted{domain::points_of(team.team, per_metric), domain::points_total(team.team, totals)};
}

// Adds a 0 for each of `people` missing from `rows`, so everyone has a place.
void with_everyone(std::vector<domain::Standing>& rows, const std::vector<std::string>& people) {
    std::set<std::string, std::less<>> present;
    for (const auto& r : rows) present.insert(r.rep);
    for (const auto& p : people)
        if (present.insert(p).second) rows.push_back({p, 0});
}

double one_decimal(double v) { return std::round(v * 10) / 10; }

// What a ranked view of one board reads: the people, their targets and every count on it.
struct Scene {
    store::Roster roster;
    store::TeamTargets targets;
    Counted board;
};
asio::awaitable<Result<Scene>> scene_of(Context& ctx, const TeamContext& team, std::string_view metric,
                                        const std::string& period_key) {
    auto roster = co_await ctx.roster(team.team.id);
    if (!roster) co_return roster.error();
    auto targets = co_await ctx.targets(team.team.id);
    if (!targets) co_return targets.error();
    auto board = co_await counted(ctx, team, metric, period_key);
    if (!board) co_return board.error();
    co_return Scene{std::move(*roster), std::move(*targets), std::move(*board)};
}

}  // namespace

JsonTask board_data(Context& ctx, const TeamContext& team, std::string_view metric, Period period, bool wall) {
    const auto key = team.calendar.period_key(period, domain::now());
    auto roster = co_await ctx.roster(team.team.id);
    if (!roster) co_return roster.error();
    auto targets = co_await ctx.targets(team.team.id);
    if (!targets) co_return targets.error();
    const auto hidden = wall ? hidden_from_wall(*roster) : std::set<std::string, std::less<>>{};
    const auto limit = static_cast<std::size_t>(ctx.options().leaderboard_rows);
    std::vector<domain::RankedStanding> ranked;
    std::int64_t total = 0;
    if (is_points(metric)) {
        auto points = co_await counted(ctx, team, metric, key);
        if (!points) co_return points.error();
        ranked = domain::rank_competition(std::move(points->rows));
        total = points->total;
    } else {
        // The top N the wall may show, after the hidden ones are left out: as many for either view,
        // so the wall's and the reps' topics of one board share its read and its patches.
        const auto rows_needed = limit + (wall ? hidden.size() : hidden_from_wall(*roster).size());
        store::Board board;
        if (const auto* held = ctx.boards().find(team.team.id, std::string(metric), key, rows_needed)) {
            board = *held;
        } else {
            auto read = co_await ctx.store().board(team.team.id, metric, key, static_cast<int>(rows_needed));
            if (!read) co_return read.error();
            board = std::move(*read);
            if (ctx.hears(team.team.id)) ctx.boards().put(team.team.id, std::string(metric), key, board, rows_needed);
        }
        std::vector<domain::Standing> standings;
        for (const auto& row : board.rows) standings.push_back({row.rep, row.count});
        ranked = domain::rank_competition(std::move(standings));
        total = board.total;
    }
    json rows = json::array();
    for (const auto& r : ranked) {
        if (rows.size() == limit) break;
        if (hidden.contains(r.rep)) continue;
        rows.push_back(row_json(r, *roster, is_points(metric) ? std::nullopt : target_of(*targets, r.rep, metric, period)));
    }
    co_return json{{"metric", metric}, {"period", domain::to_string(period)}, {"period_key", key},
                   {"rows", std::move(rows)}, {"total", total}};
}

JsonTask pct_board_data(Context& ctx, const TeamContext& team, const t::PctBoard& topic) {
    const auto key = team.calendar.period_key(topic.period, domain::now());
    auto scene = co_await scene_of(ctx, team, topic.metric, key);
    if (!scene) co_return scene.error();
    const auto* roster = &scene->roster;
    const auto* targets = &scene->targets;
    auto* board = &scene->board;
    std::map<std::string, std::int64_t, std::less<>> counts;
    for (const auto& s : board->rows) counts[s.rep] = s.count;
    std::vector<domain::Standing> pct;
    std::map<std::string, std::int64_t, std::less<>> target_by_rep;
    for (const auto& rep : people_of(*roster)) {
        auto target = target_of(*targets, rep, topic.metric, topic.period);
        if (!target) continue;
        target_by_rep[rep] = *target;
        pct.push_back({rep, domain::percent_of(counts[rep], *target)});
    }
    const auto hidden = topic.wall ? hidden_from_wall(*roster) : std::set<std::string, std::less<>>{};
    json rows = json::array();
    for (const auto& r : domain::rank_competition(std::move(pct))) {
        if (rows.size() == static_cast<std::size_t>(ctx.options().leaderboard_rows)) break;
        if (hidden.contains(r.rep)) continue;
        auto row = row_json({r.rank, r.rep, counts[r.rep]}, *roster, target_by_rep[r.rep]);
        rows.push_back(std::move(row));
    }
    co_return json{{"metric", topic.metric}, {"period", domain::to_string(topic.period)}, {"period_key", key},
                   {"rows", std::move(rows)}, {"total", board->total}};
}

JsonTask around_data(Context& ctx, const TeamContext& team, const t::Around& topic) {
    const auto key = team.calendar.period_key(topic.period, domain::now());
    auto scene = co_await scene_of(ctx, team, topic.metric, key);
    if (!scene) co_return scene.error();
    const auto* roster = &scene->roster;
    const auto* targets = &scene->targets;
    auto* board = &scene->board;
    auto people = people_of(*roster);
    people.push_back(topic.rep);  // the subscriber has a place even if the roster has not caught up
    with_everyone(board->rows, people);
    auto ranked = domain::rank_competition(std::move(board->rows));
    auto near = domain::around(ranked, topic.rep);
    auto target = [&](const std::string& rep) {
        return is_points(topic.metric) ? std::nullopt : target_of(*targets, rep, topic.metric, topic.period);
    };
    json rows = json::array();
    for (const auto& r : near->rows) rows.push_back(row_json(r, *roster, target(r.rep)));
    auto me = row_json(near->me, *roster, target(near->me.rep));
    me.erase("rep");
    me.erase("name");
    co_return json{{"metric", topic.metric}, {"period", domain::to_string(topic.period)}, {"period_key", key},
                   {"me", std::move(me)}, {"rows", std::move(rows)}, {"total", board->total},
                   {"of", ranked.size()}};
}

JsonTask improved_data(Context& ctx, const TeamContext& team, const t::Improved& topic) {
    auto roster = co_await ctx.roster(team.team.id);
    if (!roster) co_return roster.error();
    const auto now = domain::now();
    // This week, then the four before it, newest first.
    std::vector<std::string> weeks;
    for (std::size_t i = 0; i <= domain::baseline_weeks; ++i)
        weeks.push_back(team.calendar.period_key(
            Period::week, now - std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::days(7 * i))));
    std::vector<std::map<std::string, std::int64_t, std::less<>>> by_week(weeks.size());
    for (std::size_t w = 0; w < weeks.size(); ++w) {
        auto board = co_await counted(ctx, team, topic.metric, weeks[w]);
        if (!board) co_return board.error();
        for (const auto& s : board->rows) by_week[w][s.rep] = s.count;
    }
    std::vector<domain::WeekCounts> reps;
    for (const auto& rep : people_of(*roster)) {
        domain::WeekCounts c{rep, by_week[0][rep], {}};
        for (std::size_t i = 0; i < domain::baseline_weeks; ++i) c.before[i] = by_week[domain::baseline_weeks - i][rep];
        reps.push_back(std::move(c));
    }
    const auto hidden = topic.wall ? hidden_from_wall(*roster) : std::set<std::string, std::less<>>{};
    json rows = json::array();
    for (const auto& r : domain::rank_improvement(reps)) {
        if (rows.size() == static_cast<std::size_t>(ctx.options().leaderboard_rows)) break;
        if (hidden.contains(r.rep)) continue;
        rows.push_back({{"rank", r.rank}, {"rep", r.rep}, {"name", name_in(*roster, r.rep)}, {"count", r.count},
                        {"baseline", static_cast<double>(r.baseline_tenths) / 10.0},
                        {"change", static_cast<double>(r.change_tenths) / 10.0}});
    }
    co_return json{{"metric", topic.metric}, {"week", weeks[0]}, {"rows", std::move(rows)}};
}

JsonTask targets_data(Context& ctx, const TeamContext& team, const std::string& rep) {
    auto all = co_await ctx.store().targets(team.team.id);
    if (!all) co_return all.error();
    const auto now = domain::now();
    domain::Targets mine;
    if (auto it = all->find(rep); it != all->end()) mine = it->second;
    struct Wanted {
        std::string metric;
        Period period;
        std::int64_t target;
        std::string key;
    };
    std::vector<Wanted> wanted;
    for (const auto& m : team.team.metrics) {  // in the team's order, active metrics only
        auto it = mine.find(m.id);
        if (it == mine.end()) continue;
        for (auto p : domain::target_periods)
            if (auto target = it->second.of(p)) wanted.push_back({m.id, p, *target, team.calendar.period_key(p, now)});
    }
    // One read for every metric and period key wanted: the cells come metric-major.
    std::vector<std::string> metrics, period_keys;
    auto index_of = [](std::vector<std::string>& list, const std::string& item) {
        auto at = std::find(list.begin(), list.end(), item);
        if (at == list.end()) at = list.insert(list.end(), item);
        return static_cast<std::size_t>(at - list.begin());
    };
    for (const auto& w : wanted) {
        index_of(metrics, w.metric);
        index_of(period_keys, w.key);
    }
    std::vector<std::int64_t> counts(wanted.size(), 0);
    if (!wanted.empty()) {
        const std::vector<std::string> whose{rep};  // named: g++ 12 cannot co_await a braced list
        auto read = co_await ctx.store().counts(team.team.id, whose, metrics, period_keys);
        if (!read) co_return read.error();
        for (std::size_t i = 0; i < wanted.size(); ++i)
            counts[i] = (*read)[index_of(metrics, wanted[i].metric) * period_keys.size() +
                                index_of(period_keys, wanted[i].key)];
    }
    json pace = json::array();
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        const auto& w = wanted[i];
        auto p = domain::pace(team.calendar, team.team, w.period, now, w.target);
        pace.push_back({{"metric", w.metric}, {"period", domain::to_string(w.period)}, {"period_key", w.key},
                        {"target", w.target}, {"count", counts[i]}, {"pct", domain::percent_of(counts[i], w.target)},
                        {"expected", p ? json(one_decimal(p->expected)) : json(nullptr)},
                        {"share", p ? json(std::round(p->share * 1000) / 1000) : json(nullptr)}});
    }
    co_return json{{"targets", store::to_json(mine)}, {"pace", std::move(pace)}, {"at", domain::format_rfc3339(now)}};
}

asio::awaitable<domain::Status> mark_sellers(Context& ctx, const TeamContext& team, json& teammates) {
    std::vector<std::string> managers;
    for (auto& t : teammates) {
        t["sells"] = t.value("role", "") != "admin";
        if (!t["sells"].get<bool>()) managers.push_back(t["id"].get<std::string>());
    }
    if (managers.empty()) co_return domain::ok();
    std::vector<std::string> metrics;
    for (const auto& m : team.team.metrics) metrics.push_back(m.id);
    const std::vector<std::string> quarter{team.calendar.period_key(Period::quarter, domain::now())};
    auto counts = co_await ctx.store().counts(team.team.id, managers, metrics, quarter);
    if (!counts) co_return counts.error();
    std::set<std::string, std::less<>> selling;
    for (std::size_t i = 0; i < counts->size(); ++i)  // manager-major
        if ((*counts)[i] != 0) selling.insert(managers[i / metrics.size()]);
    for (auto& t : teammates)
        if (selling.contains(t["id"].get<std::string>())) t["sells"] = true;
    co_return domain::ok();
}

domain::TargetChanges target_changes(const json& body) {
    domain::TargetChanges changes;
    for (const auto& [metric, periods] : body.items())
        for (const auto& [name, value] : periods.items()) {
            auto period = domain::parse_period(name);
            if (!period) continue;  // the schema allows only day, week and month
            changes[metric][*period] = value.is_null() ? std::nullopt : std::optional<std::int64_t>(value.get<std::int64_t>());
        }
    return changes;
}

void add_scoring_topics(domain::Touched& touched, const std::string& metric, const std::string& rep) {
    const std::string points(domain::reserved_metric);
    for (auto p : domain::all_periods) {
        touched.topics.push_back(t::Board{metric, p, true});
        touched.topics.push_back(t::Board{points, p, false});
        touched.topics.push_back(t::Board{points, p, true});
        touched.groups.push_back(domain::group_of(t::Around{metric, p, ""}));
        touched.groups.push_back(domain::group_of(t::Around{points, p, ""}));
    }
    for (auto p : domain::target_periods) {
        touched.topics.push_back(t::PctBoard{metric, p, false});
        touched.topics.push_back(t::PctBoard{metric, p, true});
    }
    for (const auto& m : {metric, points}) {
        touched.topics.push_back(t::Improved{m, false});
        touched.topics.push_back(t::Improved{m, true});
    }
    touched.topics.push_back(t::MyTargets{rep});
}

}  // namespace wp::api
