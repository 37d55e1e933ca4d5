#pragma once
// Head-to-head challenges (design.md "Challenge"): the rules a `challenge.create` must pass,
// the life cycle's allowed moves, who won, and milestones. Redis applies the moves
// atomically; this file decides which moves are legal and what a result is.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/result.hpp"
#include "domain/team.hpp"
#include "domain/time.hpp"

namespace wp::domain {

enum class ChallengeKind { most, race, target };
enum class ChallengeStatus { proposed, active, finished, declined, cancelled };
enum class ChallengeAnswer { accept, decline, cancel };

std::string_view to_string(ChallengeKind k);
std::string_view to_string(ChallengeStatus s);
std::optional<ChallengeKind> parse_challenge_kind(std::string_view text);
std::optional<ChallengeStatus> parse_challenge_status(std::string_view text);
bool is_open(ChallengeStatus s);  // proposed or active: still counting

inline constexpr std::chrono::days max_challenge_window{366};
// A window starts at most this far ahead: 20 proposals for the year 9998 must not be possible.
inline constexpr std::chrono::days max_challenge_start_ahead{92};
inline constexpr std::size_t max_participants = 10;
inline constexpr std::size_t max_open_challenges_per_rep = 20;
inline constexpr std::size_t max_stakes_chars = 140;

// What `challenge.create` carries, already type-checked by the schema.
struct ChallengeRequest {
    std::string metric;
    std::string kind;
    std::vector<std::string> participants;  // without or with the creator
    std::optional<std::string> period = std::nullopt;  // "week", "month" or "quarter"
    std::optional<std::string> start = std::nullopt;   // RFC 3339, with end
    std::optional<std::string> end = std::nullopt;
    std::optional<std::int64_t> target = std::nullopt;
    std::optional<std::string> stakes = std::nullopt;
};

struct ChallengeDraft {
    std::string creator;
    std::string metric;
    ChallengeKind kind = ChallengeKind::most;
    std::vector<std::string> participants;  // the creator first, then the others in request order
    Window window;
    std::optional<Period> period;  // set for week/month/quarter windows: scores start from its boards
    std::int64_t target = 0;       // 0 for `most`
    std::string stakes;
    // A points challenge (metric "points"): each active metric's weight as it was made, in the
    // team's order; its scores count weight x delta. Agreed rules stay put: a later change of
    // the team's weights re-scores boards, not challenges already made.
    std::vector<std::pair<std::string, int>> weights = {};
};

// Every rule of protocol.md and issue 3, each failing with bad_request naming the field, or
// not_found for a participant who is not in the team. `teammates`: the ids of the team's
// live reps that may take part (role rep or admin, not display).
Result<ChallengeDraft> make_challenge(const Team& team, const Calendar& calendar, const std::string& creator,
                                      const ChallengeRequest& request, TimePoint now,
                                      const std::vector<std::string>& teammates);

// Whether `caller` may give `answer` to a challenge in `status`:
//   accept:  a participant who has not accepted yet, while proposed
//   decline: a participant other than the creator, while proposed
//   cancel:  the creator, while proposed or active
// forbidden for the wrong person, conflict for the wrong state.
Status check_answer(ChallengeStatus status, ChallengeAnswer answer, bool is_participant, bool is_creator,
                    bool has_accepted);

struct Score {
    std::string rep;
    std::int64_t count = 0;
};

struct Outcome {
    std::optional<std::string> winner;  // a rep id, "draw", or none
    std::vector<std::string> reached;   // race and target: who reached the target, by rep id
    friend bool operator==(const Outcome&, const Outcome&) = default;
};

// The result when the window closes (race: nobody reached the target mid-window, else it
// would have finished then):
//   most:   the single highest count wins; a shared highest count (zeros included) is a draw
//   race:   whoever is at or above the target with the most (a tie there is a draw); else none
//   target: no winner; `reached` lists everyone at or above the target
Outcome decide_at_close(ChallengeKind kind, std::int64_t target, const std::vector<Score>& scores);

// The round numbers a rep's day and week counts are celebrated at, each once (the log script
// checks them as it records the activity).
inline constexpr std::array<std::int64_t, 4> milestone_thresholds{10, 25, 50, 100};

}  // namespace wp::domain
