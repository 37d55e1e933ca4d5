#pragma once
// Redis key names. Every key of a team carries the hash tag {t:TEAM}, so a team's keys share
// one Cluster slot and its Lua scripts stay legal there.
#include <string>
#include <string_view>

namespace wp::store::keys {

inline std::string team_prefix(std::string_view team) { return "wp:{t:" + std::string(team) + "}:"; }
inline std::string team(std::string_view t) { return team_prefix(t) + "team"; }
inline std::string rep(std::string_view t, std::string_view rep) { return team_prefix(t) + "rep:" + std::string(rep); }
inline std::string reps(std::string_view t) { return team_prefix(t) + "reps"; }
inline std::string names(std::string_view t) { return team_prefix(t) + "names"; }
inline std::string pairs(std::string_view t) { return team_prefix(t) + "pairs"; }
inline std::string pair_counter(std::string_view t) { return team_prefix(t) + "seq:pair"; }
inline std::string feed(std::string_view t) { return team_prefix(t) + "feed"; }
inline std::string activity_log(std::string_view t) { return team_prefix(t) + "activities"; }
// A key of the team's slot that nothing ever writes. Every write script declares it, so while
// the slot is half moved between cluster nodes Redis refuses the whole script (TRYAGAIN: a
// multi-key command with a key missing) before it writes anything, instead of failing midway.
inline std::string fence(std::string_view t) { return team_prefix(t) + "fence"; }
// The team's board version: one more per log that moves its boards (log_activity.lua).
inline std::string board_version(std::string_view t) { return team_prefix(t) + "bv"; }
// Challenges. Scripts never build key names: every key they touch is declared in KEYS.
inline std::string challenge(std::string_view t, std::string_view id) { return team_prefix(t) + "ch:" + std::string(id); }
inline std::string challenge_scores(std::string_view t, std::string_view id) { return challenge(t, id) + ":score"; }
inline std::string challenge_counter(std::string_view t) { return team_prefix(t) + "seq:ch"; }
inline std::string open_challenges(std::string_view t) { return team_prefix(t) + "ch:open"; }
inline std::string rep_open_challenges(std::string_view t, std::string_view rep) {
    return team_prefix(t) + "rep:" + std::string(rep) + ":ch";
}
inline std::string rep_done_challenges(std::string_view t, std::string_view rep) {
    return team_prefix(t) + "rep:" + std::string(rep) + ":chdone";
}
inline std::string checkins(std::string_view t, std::string_view week_key) {
    return team_prefix(t) + "checkin:" + std::string(week_key);
}
inline std::string cheer_counter(std::string_view t, std::string_view rep) {
    return team_prefix(t) + "cheers:" + std::string(rep);
}
// Each rep's targets (rep -> JSON {METRIC: {day, week, month}}).
inline std::string targets(std::string_view t) { return team_prefix(t) + "targets"; }
inline std::string personal_best(std::string_view t, std::string_view rep, std::string_view metric) {
    return team_prefix(t) + "pb:" + std::string(rep) + ":" + std::string(metric);
}
// The round numbers announced for a rep's metric in one day or week (a hash: threshold -> 1).
inline std::string milestones(std::string_view t, std::string_view rep, std::string_view metric,
                              std::string_view period_key) {
    return team_prefix(t) + "ms:" + std::string(rep) + ":" + std::string(metric) + ":" + std::string(period_key);
}
// Pairs first: a week's matchup draw (its marker, set once), a rep's best streak, the team's halves of its
// partnerships across teams, and partner invite codes (by hash; outside every team's slot, like
// sign-in invites) with their id sequence.
inline std::string matchups_drawn(std::string_view t, std::string_view week_key) {
    return team_prefix(t) + "matchups:" + std::string(week_key);
}
inline std::string streak(std::string_view t, std::string_view rep) { return team_prefix(t) + "streak:" + std::string(rep); }
inline std::string partners(std::string_view t) { return team_prefix(t) + "partners"; }
inline std::string partner_invite(std::string_view code_hash) { return "wp:pinv:" + std::string(code_hash); }
inline constexpr std::string_view partner_counter = "wp:seq:partner";
// Challenges between partners across teams: one id for both halves ("x1-7": the partnership,
// then this sequence's number), so it is allocated outside every team's slot.
inline constexpr std::string_view cross_challenge_counter = "wp:seq:xch";
// Display ids are allocated from this counter before the script that adds the display.
inline std::string display_counter(std::string_view t) { return team_prefix(t) + "seq:display"; }
// The team's announcement while it shows (it expires with it).
inline std::string announcement(std::string_view t) { return team_prefix(t) + "announcement"; }
// Every team id, for the challenge finisher (not in a team's slot: read alone).
inline constexpr std::string_view all_teams = "wp:teams";
inline std::string changes(std::string_view t) { return team_prefix(t) + "chg"; }
inline std::string board(std::string_view t, std::string_view metric, std::string_view period_key) {
    return team_prefix(t) + "lb:" + std::string(metric) + ":" + std::string(period_key);
}
inline std::string board_total(std::string_view t, std::string_view metric, std::string_view period_key) {
    return board(t, metric, period_key) + ":total";
}
inline std::string idempotency(std::string_view t, std::string_view rep, std::string_view id) {
    return team_prefix(t) + "idem:" + std::string(rep) + ":" + std::string(id);
}
inline std::string token(std::string_view token_hash) { return "wp:tok:" + std::string(token_hash); }
// A rep's device sessions (token hashes): one per device signed in with an invite.
inline std::string rep_sessions(std::string_view t, std::string_view rep) {
    return team_prefix(t) + "rep:" + std::string(rep) + ":sessions";
}
// One-time codes, by their hash: an invite ("TEAM/REP") and a first-run setup code (its expiry).
// Looked up by the code alone, before any team is known, so outside every team's slot.
inline std::string invite(std::string_view code_hash) { return "wp:inv:" + std::string(code_hash); }
inline std::string setup_code(std::string_view code_hash) { return "wp:setup:" + std::string(code_hash); }
// A TV's pairing code while it waits to be bound (by the code a manager types in).
inline std::string pairing(std::string_view code) { return "wp:pair:" + std::string(code); }

// The team of a change channel "wp:{t:TEAM}:chg", or empty.
inline std::string_view team_of_channel(std::string_view channel) {
    constexpr std::string_view head = "wp:{t:", tail = "}:chg";
    if (!channel.starts_with(head) || !channel.ends_with(tail)) return {};
    return channel.substr(head.size(), channel.size() - head.size() - tail.size());
}

}  // namespace wp::store::keys
