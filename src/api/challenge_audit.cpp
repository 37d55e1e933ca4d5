// The score audit of a challenge (protocol.md "Fair scoring"): the activities behind a rep's
// score in one challenge, by the rules its scores follow. A score counts the rep's activities of
// the challenge's metric (a points challenge: every metric at the weight the challenge keeps)
// whose time lies in its window and that were recorded while it was open; a week, month or
// quarter challenge starts from that period's board, so what was recorded before it was made
// counts too.
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "api/answers.hpp"
#include "api/audit.hpp"
#include "api/names.hpp"
#include "domain/calendar.hpp"
#include "domain/pair_challenge.hpp"
#include "domain/points.hpp"

namespace wp::api {

namespace {

std::int64_t ms_field(const store::ChallengeRecord& rec, const std::string& name) {
    try { return std::stoll(rec.field(name)); } catch (...) { return 0; }
}

std::int64_t ms_of(const std::string& rfc3339) {
    auto t = domain::parse_rfc3339(rfc3339, "time");
    return t ? t->time_since_epoch().count() : 0;
}

using Place = store::HistoryId;

constexpr Place before_all{0, 0}, after_all{INT64_MAX, INT64_MAX};

// The history entries a challenge's score is made of, `from` through `through` (both included),
// and the first it counted itself, `opened`: a seeded one's entries before it came from its
// period's board (recorded in its window before it was made). Its record says whether it was
// seeded and which entries it counted first and last; once made, nothing else moves a score. A
// record made before it kept these is bounded by its times instead (to the millisecond: a log in
// the millisecond it was made or closed may be placed wrongly) and its seeding read from whether
// its window is one of the calendar's periods.
struct ScoreSpan {
    Place from, opened, through;
};

ScoreSpan score_span(const store::ChallengeRecord& rec, const domain::Calendar& cal) {
    const Place made{ms_of(rec.field("created_at")), INT64_MAX};
    const auto seeded = rec.field("seeded");
    if (!seeded.empty()) {
        const auto first = rec.field("first"), last = rec.field("last");
        const Place opened = first.empty() ? after_all : Place::parse(first);
        return {seeded == "1" ? before_all : opened, opened, first.empty() ? made : Place::parse(last)};
    }
    const domain::TimePoint start{std::chrono::milliseconds(ms_field(rec, "start_ms"))};
    const domain::TimePoint end{std::chrono::milliseconds(ms_field(rec, "end_ms"))};
    bool period = false;
    for (auto p : {domain::Period::week, domain::Period::month, domain::Period::quarter}) {
        auto w = cal.window(p, start);
        period = period || (w.start == start && w.end == end);
    }
    const auto finished = rec.field("finished_at");
    const Place opened{made.ms, 0};
    return {period ? before_all : opened, opened, finished.empty() ? after_all : Place{ms_of(finished), INT64_MAX}};
}

// "c12" of a team's own, "x1-7" of a half across teams (read in the caller's team, where it
// scores the caller's team's rep only).
bool is_challenge_id(std::string_view id) {
    auto digits = [](std::string_view s) {
        return !s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    };
    if (id.size() < 2) return false;
    if (id[0] == 'c') return digits(id.substr(1));
    auto dash = id.find('-');
    return id[0] == 'x' && dash != std::string_view::npos && digits(id.substr(1, dash - 1)) && digits(id.substr(dash + 1));
}

}  // namespace

asio::awaitable<HttpAnswer> challenge_audit(Context& ctx, const HttpCall& call, const std::string& id) {
    const auto& me = call.caller->rep;
    const auto& rep_id = call.params["rep"];
    if (!is_challenge_id(id))
        co_return error_answer(domain::bad_request("challenge: a challenge id (c12, or x1-7 across teams)"));
    static constexpr const char* alone[] = {"metric", "period", "at", "from", "to"};
    for (const auto* other : alone)
        if (call.request.query.contains(other))
            co_return error_answer(domain::bad_request(std::string("query: challenge comes without ") + other));
    auto team = co_await ctx.team(me.team);
    if (!team) co_return error_answer(team.error());
    const std::vector<std::string> ids{id};  // named: g++ 12 cannot co_await a braced list
    auto records = co_await ctx.store().challenges(me.team, ids);
    if (!records) co_return error_answer(records.error());
    if (records->empty()) co_return error_answer({Errc::not_found, "challenge: no challenge '" + id + "'"});
    const auto& rec = records->front();
    auto in = [&](const std::string& who) {
        return std::any_of(rec.scores.begin(), rec.scores.end(), [&](const domain::Score& s) { return s.rep == who; });
    };
    if (me.id != rep_id && me.role != domain::Role::admin && !in(me.id))
        co_return error_answer({Errc::forbidden, "activities: a challenge's scores are read by its participants and team admins"});
    if (!in(rep_id)) co_return error_answer({Errc::not_found, "rep: '" + rep_id + "' is not in challenge '" + id + "'"});
    auto score = std::find_if(rec.scores.begin(), rec.scores.end(), [&](const domain::Score& s) { return s.rep == rep_id; });

    const auto metric = rec.field("metric");
    const bool points = metric == domain::reserved_metric;
    auto worth = [&](const std::string& m) -> std::int64_t {
        if (!points) return m == metric ? 1 : 0;
        try { return std::stoll(rec.field("w:" + m)); } catch (...) { return 0; }
    };
    const domain::TimePoint start{std::chrono::milliseconds(ms_field(rec, "start_ms"))};
    const domain::TimePoint end{std::chrono::milliseconds(ms_field(rec, "end_ms"))};
    const auto bounds = score_span(rec, (*team)->calendar);
    auto to = std::min(end, domain::now() + std::chrono::milliseconds(1));
    std::vector<store::ActivityRow> rows;
    if (start < to && bounds.from <= bounds.through) {
        auto read = co_await ctx.store().activities(me.team, start, to, max_audit_rows, rep_id);
        if (!read) co_return error_answer(read.error());
        rows = std::move(*read);
        // Filtered in place: g++ 12 miscompiles a range-for over *read in a coroutine.
        std::erase_if(rows, [&](const store::ActivityRow& r) {
            return worth(r.metric) == 0 || r.arrived < bounds.from || bounds.through < r.arrived;
        });
    }
    auto items = audit_items(rows, points, worth);
    for (std::size_t i = 0; i < rows.size(); ++i)  // the items are newest first
        if (rows[i].arrived < bounds.opened) items.first[rows.size() - 1 - i]["seeded"] = true;
    const auto listed = items.second;
    json answer{{"challenge", id}, {"metric", metric}, {"count", score->count}, {"activities", std::move(items.first)},
                {"window", {{"start", rec.field("start")}, {"end", rec.field("end")}}}};
    if (points) {
        json weights = json::object();
        for (const auto& [field, value] : rec.fields)
            if (field.starts_with("w:")) try { weights[field.substr(2)] = std::stoi(value); } catch (...) {}
        answer["weights"] = std::move(weights);
    }
    if (auto sides = domain::parse_sides(rec.field("sides")); !sides.empty()) {
        auto side = domain::side_of(sides, rep_id);
        if (side >= 0) answer["pair"] = sides[static_cast<std::size_t>(side)].pair;
    }
    if (listed != score->count) answer["earlier"] = score->count - listed;
    co_return json_answer(200, answer);
}

}  // namespace wp::api
