#pragma once
// Live topics as types, parsed once at subscribe: the hub keys on them, the reader and the
// change notices' "touched" sets take them, and nothing re-splits a topic's text.
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/result.hpp"
#include "domain/team.hpp"

namespace wp::domain {

namespace topic {
struct Board {         // "leaderboard:METRIC:PERIOD"; METRIC "points" is the weighted board
    std::string metric;
    Period period;
    bool wall = false;  // a display's view: reps hidden from the wall are left out
    friend bool operator==(const Board&, const Board&) = default;
};
struct PairCard {      // "pair:ID"
    std::string pair;
    friend bool operator==(const PairCard&, const PairCard&) = default;
};
struct Challenge {     // "challenge:ID"
    std::string id;
    friend bool operator==(const Challenge&, const Challenge&) = default;
};
struct MyChallenges {  // "challenges:me": every challenge `rep` is in
    std::string rep;
    friend bool operator==(const MyChallenges&, const MyChallenges&) = default;
};
struct Feed {          // "feed": an event stream (a snapshot, then `event` frames)
    friend bool operator==(const Feed&, const Feed&) = default;
};
struct TeamView {      // "team": `rep`'s view of the team (settings, me, teammates)
    std::string rep;
    friend bool operator==(const TeamView&, const TeamView&) = default;
};
// Fair scoring (protocol.md "Fair scoring").
struct PctBoard {      // "leaderboard:METRIC:PERIOD:pct": reps with a target, by % of it
    std::string metric;
    Period period;
    bool wall = false;
    friend bool operator==(const PctBoard&, const PctBoard&) = default;
};
struct Around {        // "around:METRIC:PERIOD": `rep`'s neighbourhood on that board
    std::string metric;
    Period period;
    std::string rep;
    friend bool operator==(const Around&, const Around&) = default;
};
struct Improved {      // "improved:METRIC": this week against each rep's four-week baseline
    std::string metric;
    bool wall = false;
    friend bool operator==(const Improved&, const Improved&) = default;
};
struct MyTargets {     // "targets:me": `rep`'s targets with count, % and pace
    std::string rep;
    friend bool operator==(const MyTargets&, const MyTargets&) = default;
};
struct PairBoard {     // "pairs:METRIC:PERIOD": the team's pairs ranked by their reps' combined count
    std::string metric;
    Period period;
    friend bool operator==(const PairBoard&, const PairBoard&) = default;
};
struct DisplayMe {      // "display:me": a display's own settings (playlist, quiet hours, reload_seq)
    std::string rep;
    friend bool operator==(const DisplayMe&, const DisplayMe&) = default;
};
struct TeamChallenges {  // "challenges:team": every live challenge of the team and the day's finished
    friend bool operator==(const TeamChallenges&, const TeamChallenges&) = default;
};
struct Review {          // "review": the team's week in review
    friend bool operator==(const Review&, const Review&) = default;
};
}  // namespace topic

using Topic = std::variant<topic::Board, topic::PairCard, topic::Challenge, topic::MyChallenges, topic::Feed,
                           topic::TeamView, topic::PctBoard, topic::Around, topic::Improved, topic::MyTargets,
                           topic::PairBoard, topic::DisplayMe, topic::TeamChallenges, topic::Review>;

// `text` as a subscriber names it; `rep` is who subscribes (the per-rep topics are theirs), and
// `display` whether that is a display (it gets the wall's view of the boards, and has no
// neighbourhood or targets of its own). bad_request for a malformed one, not_found for a metric
// the team does not have or a name that is no topic.
Result<Topic> parse_topic(std::string_view text, const Team& team, std::string_view rep, bool display = false);

std::string wire_name(const Topic& topic);  // as on the wire: "challenges:me"
std::string key_of(const Topic& topic);     // one per topic and reader: "challenges:natalie"
// Per-reader topics that every change of one board makes stale together ("around:calls:week"
// for every rep's neighbourhood on it); empty for a topic that is its own.
std::string group_of(const Topic& topic);
// Topics whose subscribers get events rather than a re-read state.
inline bool is_event_stream(const Topic& topic) { return std::holds_alternative<topic::Feed>(topic); }

// What a change notice makes stale: some topics, or (rare changes, such as a team's settings or
// roster) every topic of the team.
struct Touched {
    std::vector<Topic> topics;
    std::vector<std::string> groups;  // every topic of these groups (group_of)
    bool everything = false;
    // Topics of other teams the change shows on: the card of a pair across teams (team, topic).
    std::vector<std::pair<std::string, Topic>> elsewhere = {};
};

}  // namespace wp::domain
