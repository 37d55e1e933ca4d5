#pragma once
// Pairs first (protocol.md "Pairs first"): the pair board, the pair card with streaks and the
// weekly rhythm, pair-vs-pair challenges, the weekly matchups' draw, and partnerships across
// teams. Read at request time from the reps' boards; every write is one script of one team.
#include <boost/asio/awaitable.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/context.hpp"
#include "domain/pair_challenge.hpp"
#include "domain/topic.hpp"

namespace wp::api {

// The team's own pairs (both reps in the team) as sides, in the roster's order.
std::vector<domain::PairSide> team_pairs(const store::Roster& roster);

// api/pair_board.cpp: topic pairs:METRIC:PERIOD, every pair of the team ranked by its reps'
// combined count.
asio::awaitable<domain::Result<nlohmann::json>> pair_board(Context& ctx, const TeamContext& team, std::string_view metric,
                                                           domain::Period period);

// api/partnerships.cpp. A partnership across teams is live while both teams hold their half
// and both reps are live reps (not displays) of their teams.
struct LivePartnership {
    store::Partnership half;  // this team's
    std::string partner_name;
};
asio::awaitable<domain::Result<std::vector<LivePartnership>>> live_partnerships(Context& ctx, const store::Roster& roster);
// The topics of other teams that show reps of `team_id` (`reps`; every rep when empty): the
// cards of their partnerships and, with `views`, the other reps' `team` topic (me.pairs).
std::vector<std::pair<std::string, domain::Topic>> partner_topics_elsewhere(const Context& ctx, const std::string& team_id,
                                                                            const std::vector<std::string>& reps, bool views);

// api/pair_card.cpp: topic pair:ID.
asio::awaitable<domain::Result<nlohmann::json>> pair_card(Context& ctx, const TeamContext& team, const std::string& pair_id);
// After a rep's first log of the day in a metric: keeps the best streak and announces a
// streak milestone (once). Failures are logged; the log itself stands.
asio::awaitable<void> note_streak(Context& ctx, const TeamContext& team, const std::string& rep);

// Whether `rep` may take one more open challenge (created or accepted: at most 20); conflict
// naming `field` otherwise. Read, not atomic: a script cannot declare what the count reads.
asio::awaitable<domain::Status> check_room(Context& ctx, const std::string& team_id, const std::string& rep,
                                           std::string_view field);

// api/cross_challenges.cpp: a challenge between the reps of a partnership across teams.
// challenge.create with `pair` (the partnership's id): the caller against the partner.
asio::awaitable<domain::Result<nlohmann::json>> create_cross_challenge(Context& ctx, const domain::Rep& caller,
                                                                       const nlohmann::json& message);
// An answer to one (`half`: the caller's team's record); home decides, the away half follows.
asio::awaitable<domain::Result<nlohmann::json>> answer_cross_challenge(Context& ctx, const domain::Rep& caller,
                                                                       const store::ChallengeRecord& half,
                                                                       domain::ChallengeAnswer answer);
// The data of the challenges across teams among `records` (halves of team `team_id`, whose
// roster is `roster`), by id: each with its other half, read from the other team.
asio::awaitable<domain::Result<std::map<std::string, nlohmann::json>>> cross_challenges_json(
    Context& ctx, const std::string& team_id, const std::vector<store::ChallengeRecord>& records, const store::Roster& roster);
// The topics of the other team that show a challenge across teams of `team_id` (`ids`): its
// challenge:ID, the partner's challenges:me and the pair card.
std::vector<std::pair<std::string, domain::Topic>> cross_topics_elsewhere(const Context& ctx, const std::string& team_id,
                                                                          const std::vector<std::string>& ids);

// api/pair_challenges.cpp: challenge.create with `pairs`.
asio::awaitable<domain::Result<nlohmann::json>> create_pair_challenge(Context& ctx, const domain::Rep& caller,
                                                                      const nlohmann::json& message);
// The week's matchups of a team, drawn when due: matchups on, at least two pairs that can meet,
// this week not drawn yet by any instance (`found`: it was).
enum class Draw { none, drawn, found };
asio::awaitable<domain::Result<Draw>> draw_matchups(Context& ctx, const std::string& team_id);

}  // namespace wp::api
