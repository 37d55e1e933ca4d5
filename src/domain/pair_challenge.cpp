#include "domain/pair_challenge.hpp"

#include <algorithm>

namespace wp::domain {

Result<PairChallengeDraft> make_pair_challenge(const Team& team, const Calendar& calendar, const std::string& creator,
                                               const ChallengeRequest& request, const std::vector<std::string>& pair_ids,
                                               TimePoint now, const std::vector<PairSide>& team_pairs,
                                               const std::vector<std::string>& teammates) {
    if (pair_ids.size() != 2 || pair_ids[0] == pair_ids[1]) return bad_request("pairs: two different pairs");
    std::vector<PairSide> sides;
    for (const auto& id : pair_ids) {
        if (!is_valid_id(id)) return bad_request("pairs: pair ids, 1-32 characters of [a-z0-9_-]");
        auto it = std::find_if(team_pairs.begin(), team_pairs.end(), [&](const PairSide& p) { return p.pair == id; });
        if (it == team_pairs.end()) return Error{Errc::not_found, "pairs: no pair '" + id + "' in this team"};
        sides.push_back(*it);
    }
    auto mine = side_of(sides, creator);
    if (mine < 0) return Error{Errc::forbidden, "pairs: you are in neither pair"};
    for (const auto& rep : sides[0].reps)
        if (std::find(sides[1].reps.begin(), sides[1].reps.end(), rep) != sides[1].reps.end())
            return bad_request("pairs: two pairs with no rep in common ('" + rep + "' is in both)");
    if (mine == 1) std::swap(sides[0], sides[1]);
    auto& own = sides[0].reps;
    std::stable_partition(own.begin(), own.end(), [&](const std::string& r) { return r == creator; });
    if (request.kind == "target") return bad_request("kind: most or race for a pair-vs-pair challenge");

    ChallengeRequest reps_request = request;
    reps_request.participants = {own[1], sides[1].reps[0], sides[1].reps[1]};
    auto draft = make_challenge(team, calendar, creator, reps_request, now, teammates);
    if (!draft) return draft.error();
    return PairChallengeDraft{std::move(*draft), std::move(sides)};
}

std::string sides_text(const std::vector<PairSide>& sides) {
    std::string out;
    for (const auto& s : sides) {
        if (!out.empty()) out += ';';
        out += s.pair + ':';
        for (std::size_t i = 0; i < s.reps.size(); ++i) out += (i ? "," : "") + s.reps[i];
    }
    return out;
}

std::vector<PairSide> parse_sides(const std::string& text) {
    std::vector<PairSide> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find(';', start);
        auto part = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        auto colon = part.find(':');
        if (colon != std::string::npos) {
            PairSide side{part.substr(0, colon), {}};
            for (std::size_t p = colon + 1; p <= part.size();) {
                auto comma = part.find(',', p);
                if (comma == std::string::npos) comma = part.size();
                if (comma > p) side.reps.push_back(part.substr(p, comma - p));
                p = comma + 1;
            }
            out.push_back(std::move(side));
        }
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

int side_of(const std::vector<PairSide>& sides, const std::string& rep) {
    for (std::size_t i = 0; i < sides.size(); ++i)
        if (std::find(sides[i].reps.begin(), sides[i].reps.end(), rep) != sides[i].reps.end()) return static_cast<int>(i);
    return -1;
}

Status check_pair_answer(ChallengeStatus status, ChallengeAnswer answer, int caller_side, bool is_creator,
                         bool side_accepted) {
    if (answer == ChallengeAnswer::cancel) return check_answer(status, answer, caller_side >= 0, is_creator, side_accepted);
    if (caller_side < 0) return Error{Errc::forbidden, "challenge: only the reps of its pairs answer it"};
    if (caller_side == 0)
        return Error{Errc::forbidden, "challenge: the other pair answers it; its creator cancels it"};
    if (status != ChallengeStatus::proposed)
        return Error{Errc::conflict, "challenge: already " + std::string(to_string(status))};
    if (answer == ChallengeAnswer::accept && side_accepted)
        return Error{Errc::conflict, "challenge: already accepted by your pair"};
    return ok();
}

std::vector<Score> side_scores(const std::vector<PairSide>& sides, const std::vector<Score>& rep_scores) {
    std::vector<Score> out;
    for (const auto& side : sides) {
        Score sum{side.pair, 0};
        for (const auto& s : rep_scores)
            if (std::find(side.reps.begin(), side.reps.end(), s.rep) != side.reps.end()) sum.count += s.count;
        out.push_back(sum);
    }
    return out;
}

}  // namespace wp::domain
