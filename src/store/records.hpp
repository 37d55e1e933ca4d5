#pragma once
// What the store reads and writes, as plain records: tokens, invites, pairs and partnerships,
// boards, challenges, the activity history, the feed and displays (store.hpp is the door).
#include <array>
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/activity.hpp"
#include "domain/challenge.hpp"
#include "domain/pair_challenge.hpp"
#include "domain/calendar.hpp"
#include "domain/ranking.hpp"
#include "domain/playlist.hpp"
#include "domain/targets.hpp"
#include "domain/team.hpp"

namespace wp::store {

struct IssuedToken {
    domain::Rep rep;
    std::string token;  // shown once, never stored
};

// Who a token belongs to, and which of their sign-ins it is.
struct TokenOwner {
    domain::Rep rep;
    // The token's hash: which sign-in this is. A revoke notice names its first 16 hex digits.
    std::string session;
};

struct Invite {
    std::string code;  // single use; only its hash is stored
    domain::TimePoint expires_at;
};

struct Pair {
    std::string id;
    std::vector<std::string> reps;
};

// This team's half of a partnership across teams (protocol.md "Partners across teams").
struct Partnership {
    std::string id;       // the same in both teams
    std::string rep;      // this team's rep
    std::string team;     // the other team
    std::string partner;  // its rep
};

struct Roster {
    domain::Team team;
    std::vector<domain::Rep> reps;  // live reps, by id
    std::vector<Pair> pairs;
    std::vector<Partnership> partners;  // this team's halves, by id
};

// A pair-vs-pair challenge to create (store/pair_challenges.cpp).
struct PairChallengeSpec {
    domain::ChallengeDraft draft;           // participants: every rep of both sides
    std::vector<domain::PairSide> sides;
    std::string status;                     // "proposed" or "active"
    std::vector<std::string> accepted;      // the reps whose side is in
};

// A challenge between the two reps of a partnership across teams, to create
// (store/cross_challenges.cpp): one record in each team with one id; the challenger's team is
// home, the partner's away.
struct CrossChallengeSpec {
    domain::ChallengeDraft draft;  // participants: the creator, then the partner
    std::string home_team, away_team, pair;
    std::string creator_name, partner_name;
    std::string home_seed, away_seed;  // each team's period key whose board starts its rep's score ("" none)
};

// Both halves of a challenge across teams, as one half names them.
struct CrossSides {
    std::string id, home_team, home_rep, away_team, away_rep;
    bool home_here = false;  // the half read is the home one
};

// A rep's last working days as the day boards show them (store/streaks.cpp).
struct StreakDays {
    std::int64_t best = 0;      // the best streak kept
    std::vector<bool> active;   // per day key asked, newest first, up to the first gap after today
};

struct LogOutcome {
    bool duplicate = false;
    std::array<std::int64_t, 5> counts{};  // the rep's counts, in domain::all_periods order
    int milestones = 0;                     // milestone events this log announced
    std::vector<std::string> across;        // the rep's open challenges across teams (ids), to settle
};

struct BoardRow {
    std::string rep;
    std::string name;
    std::int64_t count = 0;
};

struct Board {
    std::vector<BoardRow> rows;  // by count descending, at most the limit asked for
    std::int64_t total = 0;      // every rep's count on the board
    std::uint64_t version = 0;   // the team's board version when it was read (keys::board_version)
};

// A challenge as stored: its fields and each participant's score.
struct ChallengeRecord {
    std::map<std::string, std::string> fields;  // id, creator, metric, kind, target, status, ...
    std::vector<domain::Score> scores;          // in participant order
    std::string field(const std::string& name) const {
        auto it = fields.find(name);
        return it == fields.end() ? std::string() : it->second;
    }
};

// A history stream id "ms-seq": when an activity was recorded and its place among those of that
// millisecond, so ids order activities as they were recorded.
struct HistoryId {
    std::int64_t ms = 0, seq = 0;
    auto operator<=>(const HistoryId&) const = default;
    static HistoryId parse(std::string_view id);  // {0, 0} for a malformed id
};

// One row of the activity history (the CSV export, the score audit).
struct ActivityRow {
    std::string at;  // RFC 3339, as logged
    std::int64_t at_ms = 0;
    HistoryId arrived;  // when it was recorded
    std::string rep, metric, id, source;
    std::int64_t delta = 0;
};

// A board by metric and period key ("calls", "w:2026-W48").
struct BoardName {
    std::string metric;
    std::string period_key;
};

// Every rep on a board (unordered) and the board's total.
struct Standings {
    std::int64_t total = 0;
    std::vector<domain::Standing> rows;
};

using TeamTargets = std::map<std::string, domain::Targets, std::less<>>;  // rep -> targets

struct FeedEntry {
    std::string id;
    nlohmann::json event;
};

// A TV waiting to be paired: it shows `code` and asks with `secret` whether it was bound.
struct Pairing {
    std::string code;    // 6 characters of tokens.hpp's pairing_alphabet
    std::string secret;  // only its hash is stored
};

// A display's own settings, kept on its rep record.
struct DisplaySettings {
    std::string id;
    std::string name;
    std::optional<std::vector<domain::Slide>> playlist;  // none: the default
    std::string quiet_mode = "dim";                      // "dim" or "black"
    bool sound = false;
    std::int64_t reload_seq = 0;
    std::optional<domain::TimePoint> identify_until;
    std::optional<domain::TimePoint> last_seen;
};
struct DisplayChange {
    std::string name;        // "" keeps it
    std::string playlist;    // JSON text, "" keeps it
    std::string quiet_mode;  // "" keeps it
    std::optional<bool> sound;
};

// The two halves a half of a challenge across teams names (its `across`, `other_team`, `other_rep`).
CrossSides cross_sides(std::string_view team_id, const ChallengeRecord& half);
// Whether a challenge id is one across teams ("x1-7"; a team's own are "c12").
inline bool is_cross_challenge(std::string_view id) { return id.find('-') != std::string_view::npos; }

}  // namespace wp::store
