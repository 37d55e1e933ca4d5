// The pack: challenges, check-ins, cheers, and the pair, challenge and feed topics (milestones
// are announced by the log script itself).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "api/api.hpp"
#include "api/decoders.hpp"
#include "api/names.hpp"
#include "api/pairs.hpp"
#include "store/team_json.hpp"
#include "store/split_commas.hpp"

namespace wp::api {

namespace {

const Error display_reads_only{Errc::forbidden, "a display token only reads"};

}  // namespace

asio::awaitable<Result<json>> Api::create_challenge(const domain::Rep& caller, const json& m) {
    if (caller.role == domain::Role::display) co_return display_reads_only;
    if (m.contains("pairs")) co_return co_await create_pair_challenge(ctx_, caller, m);
    if (m.contains("pair")) co_return co_await create_cross_challenge(ctx_, caller, m);
    auto ctx = co_await ctx_.team(caller.team);
    if (!ctx) co_return ctx.error();
    auto people = co_await ctx_.roster(caller.team);
    if (!people) co_return people.error();
    auto draft = domain::make_challenge((*ctx)->team, (*ctx)->calendar, caller.id, decode_challenge(m), domain::now(),
                                        challengeable(*people));
    if (!draft) co_return draft.error();
    std::string seed;  // the period whose boards start the scores
    if (draft->period) seed = (*ctx)->calendar.period_key(*draft->period, draft->window.start);
    auto id = co_await ctx_.store().create_challenge(*draft, caller.team, seed);
    if (!id) co_return id.error();
    spdlog::info("challenge.created team={} challenge={} creator={} kind={} metric={}", caller.team, *id, caller.id,
                 domain::to_string(draft->kind), draft->metric);
    auto data = co_await ctx_.challenge(caller.team, *id);
    if (!data) co_return data.error();
    co_return json{{"challenge", *data}};
}

asio::awaitable<Result<json>> Api::answer_challenge(const domain::Rep& caller, const json& m,
                                                    domain::ChallengeAnswer answer) {
    if (caller.role == domain::Role::display) co_return display_reads_only;
    auto id = m["challenge"].get<std::string>();
    std::vector<std::string> ids{id};
    auto records = co_await ctx_.store().challenges(caller.team, ids);
    if (!records) co_return records.error();
    if (records->empty()) co_return Error{Errc::not_found, "challenge: no challenge '" + id + "'"};
    const auto& rec = records->front();
    if (!rec.field("across").empty()) co_return co_await answer_cross_challenge(ctx_, caller, rec, answer);
    auto status = domain::parse_challenge_status(rec.field("status"));
    if (!status) co_return Error{Errc::unavailable, "challenge " + id + " has an unknown status"};
    bool participant = std::any_of(rec.scores.begin(), rec.scores.end(),
                                   [&](const domain::Score& s) { return s.rep == caller.id; });
    auto accepted = store::split_commas(rec.field("accepted"));
    bool has_accepted = std::find(accepted.begin(), accepted.end(), caller.id) != accepted.end();
    bool is_creator = rec.field("creator") == caller.id;
    auto sides = domain::parse_sides(rec.field("sides"));
    auto ok = sides.empty() ? domain::check_answer(*status, answer, participant, is_creator, has_accepted)
                            : domain::check_pair_answer(*status, answer, domain::side_of(sides, caller.id), is_creator,
                                                        has_accepted);
    if (!ok) co_return ok.error();
    auto now_status = co_await ctx_.store().answer_challenge(caller.team, id, caller.id, answer, *status);
    if (!now_status) co_return now_status.error();
    spdlog::info("challenge.answered team={} challenge={} rep={} status={}", caller.team, id, caller.id, *now_status);
    auto data = co_await ctx_.challenge(caller.team, id);
    if (!data) co_return data.error();
    co_return json{{"challenge", *data}};
}

asio::awaitable<Result<json>> Api::post_checkin(const domain::Rep& caller, const json& m) {
    if (caller.role == domain::Role::display) co_return display_reads_only;
    auto ctx = co_await ctx_.team(caller.team);
    if (!ctx) co_return ctx.error();
    auto now = domain::now();
    auto week = (*ctx)->calendar.period_key(domain::Period::week, now);
    json checkin = {{"week", week},
                    {"commitment", m["commitment"].get<std::string>()},
                    {"reflection", m.value("reflection", std::string())},
                    {"at", domain::format_rfc3339(now)}};
    auto id = co_await ctx_.store().post_checkin(caller.team, caller.id, week, checkin);
    if (!id) co_return id.error();
    co_return json{{"checkin", checkin}};
}

asio::awaitable<Result<json>> Api::cheer(const domain::Rep& caller, const json& m) {
    if (caller.role == domain::Role::display) co_return display_reads_only;
    auto to = m["to"].get<std::string>();
    if (to == caller.id) co_return domain::bad_request("to: cheer a teammate, not yourself");
    auto text = m.value("text", std::string());
    if (auto ok = check_cheer_text(text); !ok) co_return ok.error();
    auto people = co_await ctx_.roster(caller.team);
    if (!people) co_return people.error();
    bool known = std::any_of(people->reps.begin(), people->reps.end(), [&](const domain::Rep& r) {
        return r.id == to && r.role != domain::Role::display;
    });
    if (!known) co_return Error{Errc::not_found, "to: no rep '" + to + "' in this team"};
    auto id = co_await ctx_.store().cheer(caller.team, caller.id, to, text);
    if (!id) co_return id.error();
    co_return json{{"event", *id}};
}

asio::awaitable<Result<json>> Api::feed_data(const std::string& team_id) {
    auto entries = co_await ctx_.store().feed(team_id, 50);
    if (!entries) co_return entries.error();
    json events = json::array();
    for (auto& e : *entries) events.push_back(std::move(e.event));
    co_return json{{"events", std::move(events)}};
}

std::vector<domain::Topic> Api::pair_topics_of(const std::string& team_id, const std::vector<std::string>& reps) const {
    std::vector<domain::Topic> topics;
    const auto* roster = ctx_.cached_roster(team_id);
    if (!roster) return topics;
    for (const auto& p : roster->pairs)
        for (const auto& r : reps)
            if (std::find(p.reps.begin(), p.reps.end(), r) != p.reps.end()) {
                topics.push_back(domain::topic::PairCard{p.id});
                break;
            }
    for (const auto& p : roster->partners)
        if (std::find(reps.begin(), reps.end(), p.rep) != reps.end()) topics.push_back(domain::topic::PairCard{p.id});
    return topics;
}

}  // namespace wp::api
