#include "domain/challenge.hpp"

#include <algorithm>

#include "domain/points.hpp"

namespace wp::domain {

std::string_view to_string(ChallengeKind k) {
    switch (k) {
        case ChallengeKind::most: return "most";
        case ChallengeKind::race: return "race";
        case ChallengeKind::target: return "target";
    }
    return "most";
}

std::string_view to_string(ChallengeStatus s) {
    switch (s) {
        case ChallengeStatus::proposed: return "proposed";
        case ChallengeStatus::active: return "active";
        case ChallengeStatus::finished: return "finished";
        case ChallengeStatus::declined: return "declined";
        case ChallengeStatus::cancelled: return "cancelled";
    }
    return "proposed";
}

std::optional<ChallengeKind> parse_challenge_kind(std::string_view text) {
    for (auto k : {ChallengeKind::most, ChallengeKind::race, ChallengeKind::target})
        if (to_string(k) == text) return k;
    return std::nullopt;
}

std::optional<ChallengeStatus> parse_challenge_status(std::string_view text) {
    for (auto s : {ChallengeStatus::proposed, ChallengeStatus::active, ChallengeStatus::finished,
                   ChallengeStatus::declined, ChallengeStatus::cancelled})
        if (to_string(s) == text) return s;
    return std::nullopt;
}

bool is_open(ChallengeStatus s) { return s == ChallengeStatus::proposed || s == ChallengeStatus::active; }

namespace {

std::size_t utf8_length(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

}  // namespace

Result<ChallengeDraft> make_challenge(const Team& team, const Calendar& calendar, const std::string& creator,
                                      const ChallengeRequest& request, TimePoint now,
                                      const std::vector<std::string>& teammates) {
    ChallengeDraft d;
    d.creator = creator;
    if (request.metric == reserved_metric) {
        for (const auto& m : team.metrics) d.weights.emplace_back(m.id, weight_of(team, m.id));
    } else if (!team.has_metric(request.metric)) {
        std::string known;
        for (const auto& m : team.metrics) known += (known.empty() ? "" : ", ") + m.id;
        return bad_request("metric: '" + request.metric + "' is not one of this team's metrics (" + known + ") or points");
    }
    d.metric = request.metric;
    auto kind = parse_challenge_kind(request.kind);
    if (!kind) return bad_request("kind: most, race or target");
    d.kind = *kind;

    auto is_teammate = [&](const std::string& id) {
        return std::find(teammates.begin(), teammates.end(), id) != teammates.end();
    };
    if (!is_teammate(creator)) return Error{Errc::forbidden, "participants: only a team's reps take part in challenges"};
    d.participants.push_back(creator);
    for (const auto& p : request.participants) {
        if (!is_valid_id(p)) return bad_request("participants: rep ids, 1-32 characters of [a-z0-9_-]");
        if (std::find(d.participants.begin(), d.participants.end(), p) != d.participants.end()) continue;
        if (!is_teammate(p)) return Error{Errc::not_found, "participants: no rep '" + p + "' in this team"};
        d.participants.push_back(p);
    }
    if (d.participants.size() > max_participants)
        return bad_request("participants: at most " + std::to_string(max_participants) + " reps");
    if (d.participants.size() < 2 && d.kind != ChallengeKind::target)
        return bad_request("participants: at least one other rep (a one-person challenge is a `target` goal)");

    if (d.kind == ChallengeKind::most) {
        if (request.target) return bad_request("target: only for race and target challenges");
    } else {
        if (!request.target || *request.target <= 0 || *request.target > 1000000)
            return bad_request("target: a positive whole number (1..1000000) for race and target challenges");
        d.target = *request.target;
    }

    if (request.period) {
        if (request.start || request.end) return bad_request("window: either period or start and end");
        auto period = parse_period(*request.period);
        if (!period || *period == Period::all || *period == Period::day)
            return bad_request("window.period: week, month or quarter");
        d.period = *period;
        d.window = calendar.window(*period, now);
    } else {
        if (!request.start || !request.end) return bad_request("window: {\"period\": week|month|quarter} or {\"start\", \"end\"}");
        auto start = parse_rfc3339(*request.start, "window.start");
        if (!start) return start.error();
        auto end = parse_rfc3339(*request.end, "window.end");
        if (!end) return end.error();
        if (*end <= *start) return bad_request("window.end: must be after window.start");
        if (*end - *start > max_challenge_window) return bad_request("window: at most 366 days long");
        if (*start - now > max_challenge_start_ahead) return bad_request("window.start: at most 92 days ahead");
        if (*end <= now) return bad_request("window.end: must be in the future");
        d.window = Window{*start, *end};
    }

    if (request.stakes) {
        if (utf8_length(*request.stakes) > max_stakes_chars) return bad_request("stakes: at most 140 characters");
        d.stakes = *request.stakes;
    }
    return d;
}

Status check_answer(ChallengeStatus status, ChallengeAnswer answer, bool is_participant, bool is_creator,
                    bool has_accepted) {
    if (answer == ChallengeAnswer::cancel) {
        if (!is_creator) return Error{Errc::forbidden, "challenge: only its creator cancels it"};
        if (!is_open(status))
            return Error{Errc::conflict, "challenge: already " + std::string(to_string(status))};
        return ok();
    }
    if (!is_participant) return Error{Errc::forbidden, "challenge: only its participants answer it"};
    if (status != ChallengeStatus::proposed)
        return Error{Errc::conflict, "challenge: already " + std::string(to_string(status))};
    if (answer == ChallengeAnswer::accept && has_accepted) return Error{Errc::conflict, "challenge: already accepted"};
    if (answer == ChallengeAnswer::decline && is_creator)
        return Error{Errc::forbidden, "challenge: its creator cancels rather than declines"};
    return ok();
}

Outcome decide_at_close(ChallengeKind kind, std::int64_t target, const std::vector<Score>& scores) {
    Outcome out;
    if (scores.empty()) return out;
    if (kind != ChallengeKind::most)
        for (const auto& s : scores)
            if (s.count >= target) out.reached.push_back(s.rep);
    std::sort(out.reached.begin(), out.reached.end());
    if (kind == ChallengeKind::target) return out;
    auto best = std::max_element(scores.begin(), scores.end(),
                                 [](const Score& a, const Score& b) { return a.count < b.count; });
    auto leaders = std::count_if(scores.begin(), scores.end(), [&](const Score& s) { return s.count == best->count; });
    if (kind == ChallengeKind::race && best->count < target) return out;
    out.winner = leaders > 1 ? std::string("draw") : best->rep;
    return out;
}

}  // namespace wp::domain
