// Pair-vs-pair challenges: two pairs of the team with no rep in common, the caller in one; the
// other pair answers (either rep, once for the pair); a side scores its reps' sum; a pair wins.
#include "domain/pair_challenge.hpp"

#include <doctest/doctest.h>

using namespace wp::domain;

namespace {

const std::vector<PairSide> pairs{{"p1", {"natalie", "jake"}}, {"p2", {"priya", "marcus"}}, {"p3", {"jake", "sofia"}}};
const std::vector<std::string> teammates{"natalie", "jake", "priya", "marcus", "sofia"};

Result<PairChallengeDraft> create(const std::string& caller, std::vector<std::string> ids, const char* kind = "most",
                                  std::optional<std::int64_t> target = std::nullopt) {
    auto team = make_team("wolves", "Wolves", "Europe/London", WeekStart::monday, {});
    auto calendar = Calendar::make("Europe/London", WeekStart::monday);
    ChallengeRequest r;
    r.metric = "calls";
    r.kind = kind;
    r.period = "week";
    r.target = target;
    return make_pair_challenge(*team, *calendar, caller, r, ids, *parse_rfc3339("2026-11-25T10:00:00Z"), pairs, teammates);
}

}  // namespace

TEST_CASE("pair vs pair: the caller's pair first, the caller first in it, every rep of both takes part") {
    auto d = create("jake", {"p2", "p1"});
    REQUIRE(d);
    CHECK(d->sides == std::vector<PairSide>{{"p1", {"jake", "natalie"}}, {"p2", {"priya", "marcus"}}});
    CHECK(d->challenge.participants == std::vector<std::string>{"jake", "natalie", "priya", "marcus"});
    CHECK(d->challenge.creator == "jake");
    CHECK(d->challenge.period == Period::week);
    auto race = create("marcus", {"p1", "p2"}, "race", 30);
    REQUIRE(race);
    CHECK(race->sides[0].pair == "p2");
    CHECK(race->challenge.target == 30);
}

TEST_CASE("pair vs pair: the rules a create must pass") {
    struct Case { std::string caller; std::vector<std::string> ids; const char* kind; Errc code; const char* message; };
    for (const auto& c : std::vector<Case>{
             {"jake", {"p1"}, "most", Errc::bad_request, "pairs: two different pairs"},
             {"jake", {"p1", "p1"}, "most", Errc::bad_request, "pairs: two different pairs"},
             {"jake", {"p1", "p9"}, "most", Errc::not_found, "pairs: no pair 'p9' in this team"},
             {"jake", {"p1", "P2"}, "most", Errc::bad_request, "pairs: pair ids, 1-32 characters of [a-z0-9_-]"},
             {"sofia", {"p1", "p2"}, "most", Errc::forbidden, "pairs: you are in neither pair"},
             {"jake", {"p1", "p3"}, "most", Errc::bad_request, "pairs: two pairs with no rep in common ('jake' is in both)"},
             {"jake", {"p1", "p2"}, "target", Errc::bad_request, "kind: most or race for a pair-vs-pair challenge"}}) {
        CAPTURE(c.message);
        auto d = create(c.caller, c.ids, c.kind);
        REQUIRE_FALSE(d);
        CHECK(d.error().code == c.code);
        CHECK(d.error().message == c.message);
    }
    auto no_target = create("jake", {"p1", "p2"}, "race");  // the rules of any challenge still hold
    REQUIRE_FALSE(no_target);
    CHECK(no_target.error().message == "target: a positive whole number (1..1000000) for race and target challenges");
}

TEST_CASE("pair vs pair: sides stored as text and back, who answers, sums decide") {
    std::vector<PairSide> sides{{"p1", {"natalie", "jake"}}, {"p2", {"priya", "marcus"}}};
    CHECK(sides_text(sides) == "p1:natalie,jake;p2:priya,marcus");
    CHECK(parse_sides(sides_text(sides)) == sides);
    CHECK(parse_sides("").empty());
    CHECK(side_of(sides, "marcus") == 1);
    CHECK(side_of(sides, "sofia") == -1);

    using enum ChallengeStatus;
    CHECK(check_pair_answer(proposed, ChallengeAnswer::accept, 1, false, false));   // either rep of the other pair
    CHECK(check_pair_answer(proposed, ChallengeAnswer::decline, 1, false, false));
    CHECK(check_pair_answer(proposed, ChallengeAnswer::accept, 1, false, true).error().code == Errc::conflict);  // the pair is in
    CHECK(check_pair_answer(proposed, ChallengeAnswer::accept, 0, false, true).error().code == Errc::forbidden);  // the creator's partner
    CHECK(check_pair_answer(proposed, ChallengeAnswer::decline, 0, true, true).error().code == Errc::forbidden);
    CHECK(check_pair_answer(proposed, ChallengeAnswer::accept, -1, false, false).error().code == Errc::forbidden);
    CHECK(check_pair_answer(active, ChallengeAnswer::accept, 1, false, false).error().code == Errc::conflict);
    CHECK(check_pair_answer(active, ChallengeAnswer::cancel, 0, true, true));
    CHECK(check_pair_answer(proposed, ChallengeAnswer::cancel, 0, false, true).error().code == Errc::forbidden);

    std::vector<Score> reps{{"natalie", 4}, {"jake", 3}, {"priya", 6}, {"marcus", 0}};
    auto by_side = side_scores(sides, reps);
    CHECK(by_side[0].rep == "p1");
    CHECK(by_side[0].count == 7);
    CHECK(by_side[1].count == 6);
    CHECK(decide_at_close(ChallengeKind::most, 0, by_side).winner == std::optional<std::string>("p1"));
    reps[3].count = 1;
    CHECK(decide_at_close(ChallengeKind::most, 0, side_scores(sides, reps)).winner == std::optional<std::string>("draw"));
    CHECK(decide_at_close(ChallengeKind::race, 8, side_scores(sides, reps)).winner == std::nullopt);
}
