#pragma once
// Pair-vs-pair challenges (protocol.md "Pairs first"): two pairs of the team, `most` or `race`,
// the caller in one of them; either rep of the other pair accepts or declines for it. Each rep's
// score counts as in any challenge, a side's score is the sum of its two reps', and the winner is
// a pair id (or "draw").
#include <string>
#include <vector>

#include "domain/challenge.hpp"

namespace wp::domain {

struct PairSide {
    std::string pair;
    std::vector<std::string> reps;  // two
    friend bool operator==(const PairSide&, const PairSide&) = default;
};

struct PairChallengeDraft {
    ChallengeDraft challenge;     // participants: the creator's side first, the creator first
    std::vector<PairSide> sides;  // the creator's side first
};

// `team_pairs`: the team's pairs (both reps in the team). Fails with bad_request naming the
// field (two different pairs with no rep in common; kind most or race; the window, target and
// stakes rules of any challenge), not_found for a pair the team does not have, forbidden when
// the caller is in neither pair.
Result<PairChallengeDraft> make_pair_challenge(const Team& team, const Calendar& calendar, const std::string& creator,
                                               const ChallengeRequest& request, const std::vector<std::string>& pair_ids,
                                               TimePoint now, const std::vector<PairSide>& team_pairs,
                                               const std::vector<std::string>& teammates);

// The sides as stored beside a challenge: "p1:ana,ben;p2:cy,dee", and back ("" is no sides).
std::string sides_text(const std::vector<PairSide>& sides);
std::vector<PairSide> parse_sides(const std::string& text);

// The index of the side `rep` is on, or -1.
int side_of(const std::vector<PairSide>& sides, const std::string& rep);

// Like check_answer, for a side: the other pair's reps accept or decline while proposed (either
// one, once for the pair); the creator cancels; the creator's partner neither answers nor cancels.
Status check_pair_answer(ChallengeStatus status, ChallengeAnswer answer, int caller_side, bool is_creator,
                         bool side_accepted);

// Each side's score: the sum of its reps' scores.
std::vector<Score> side_scores(const std::vector<PairSide>& sides, const std::vector<Score>& rep_scores);

}  // namespace wp::domain
