// The score audit of a challenge (protocol.md "Fair scoring"): the activities behind a rep's
// score in one challenge, by the rules its scores follow. A score counts the rep's activities of
// the challenge's metric (a points challenge: every metric at the weight the challenge keeps)
// whose time lies in its window and that were recorded while it was open; a week, month or
// quarter challenge starts from that period's board, so what was recorded before it was made
// counts too.
#include <algorithm>
#include <cstdint>

#include "api/answers.hpp"
#include "api/audit.hpp"
#include "domain/calendar.hpp"
#include "domain/pair_challenge.hpp"
#include "domain/points.hpp"

namespace wp::api {

using domain::Errc;
using domain::Error;
using nlohmann::json;

namespace {

constexpr std::size_t audit_rows = 10000;

std::int64_t ms_field(const store::ChallengeRecord& rec, const std::string& name) {
    try { return std::stoll(rec.field(name)); } catch (...) { return 0; }
}

std::int64_t ms_of(const std::string& rfc3339) {
    auto t = domain::parse_rfc3339(rfc3339, "time");
    return t ? t->time_since_epoch().count() : 0;
}

// Whether the window is one of the calendar's periods, which the challenge's scores start from.
bool seeded(const domain::Calendar& cal, domain::TimePoint start, domain::TimePoint end) {
    for (auto p : {domain::Period::week, domain::Period::month, domain::Period::quarter}) {
        auto w = cal.window(p, start);
        if (w.start == start && w.end == end) return true;
    }
    return false;
}

// When the challenge stopped counting, on the history's clock: never while open. The server
// reads its clock (finished_at) a moment before the script that closes runs; a race won by a
// log is closed by that log's own script, so the first log of the winning side recorded from
// then on is the last one in.
template <class Worth>
std::int64_t closed_at(const store::ChallengeRecord& rec, const std::vector<store::ActivityRow>& rows, const Worth& worth) {
    const auto text = rec.field("finished_at");
    if (text.empty()) return INT64_MAX;
    const auto finished = ms_of(text);
    const auto winner = rec.field("winner");
    if (rec.field("kind") != "race" || winner.empty() || winner == "draw") return finished;
    std::vector<std::string> winners{winner};
    for (const auto& side : domain::parse_sides(rec.field("sides")))
        if (side.pair == winner) winners = side.reps;
    std::int64_t last = INT64_MAX;
    for (const auto& r : rows)
        if (r.arrived_ms >= finished && worth(r.metric) != 0 &&
            std::find(winners.begin(), winners.end(), r.rep) != winners.end())
            last = std::min(last, r.arrived_ms);
    // The finishing log's own id: later logs in the same millisecond are rare enough to show as `earlier`.
    return last == INT64_MAX ? finished : last;
}

}  // namespace

asio::awaitable<HttpAnswer> challenge_audit(Context& ctx, const HttpCall& call, const std::string& id) {
    const auto& me = call.caller->rep;
    const auto& rep_id = call.params["rep"];
    if (id.size() < 2 || id.size() > 20 || id[0] != 'c' ||
        !std::all_of(id.begin() + 1, id.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
        co_return error_answer(domain::bad_request("challenge: a challenge id (c followed by digits)"));
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
    // Recorded while it was open: from its making (unless its period's board seeded it) to its close.
    const bool from_board = seeded((*team)->calendar, start, end);
    const std::int64_t opened = from_board ? 0 : ms_of(rec.field("created_at"));
    auto now = domain::now();
    auto to = std::min(end, now + std::chrono::milliseconds(1));
    std::vector<store::ActivityRow> rows;
    if (start < to) {
        // A race won is closed by the log of its winner (or the winner's partner): everyone's then.
        const bool won = rec.field("kind") == "race" && !rec.field("winner").empty();
        const std::string whose = won ? std::string() : rep_id;
        auto read = co_await ctx.store().activities(me.team, start, to, audit_rows, whose);
        if (!read) co_return error_answer(read.error());
        rows = std::move(*read);
        const auto closed = closed_at(rec, rows, worth);
        // Filtered in place: g++ 12 miscompiles a range-for over *read in a coroutine.
        std::erase_if(rows, [&](const store::ActivityRow& r) {
            return !(r.rep == rep_id && worth(r.metric) != 0 && r.arrived_ms >= opened && r.arrived_ms <= closed);
        });
    }
    auto items = audit_items(rows, points, worth);
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
