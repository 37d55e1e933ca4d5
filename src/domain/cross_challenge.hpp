#pragma once
// A challenge between the two reps of a partnership across teams (protocol.md "Partners across
// teams"): `most` or `race`, on a metric both teams have, the window on the challenger's team's
// calendar. Each rep is scored in their own team; the challenger's team decides.
#include <string>

#include "domain/challenge.hpp"

namespace wp::domain {

// The rules of any challenge (window, target, stakes) plus: kind most or race, a metric of both
// teams (not points: their weights differ). participants: the creator, then the partner.
Result<ChallengeDraft> make_cross_challenge(const Team& home, const Team& away, const Calendar& calendar,
                                            const std::string& creator, const ChallengeRequest& request,
                                            const std::string& partner, TimePoint now);

}  // namespace wp::domain
