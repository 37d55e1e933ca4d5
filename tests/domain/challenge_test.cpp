#include <doctest/doctest.h>

#include "domain/challenge.hpp"
#include "domain/points.hpp"

using namespace wp::domain;

namespace {

Team team() {
    auto t = make_team("wolves", "Wolves", "Europe/London", WeekStart::monday, {});
    REQUIRE(t);
    return *t;
}

Calendar london() {
    auto c = Calendar::make("Europe/London", WeekStart::monday);
    REQUIRE(c);
    return *c;
}

TimePoint at(const char* text) {
    auto t = parse_rfc3339(text);
    REQUIRE(t);
    return *t;
}

const std::vector<std::string> teammates{"natalie", "jake", "priya"};

Result<ChallengeDraft> create(ChallengeRequest r, const char* now = "2026-11-25T10:00:00Z") {
    return make_challenge(team(), london(), "jake", r, at(now), teammates);
}

ChallengeRequest most_calls_this_week() {
    ChallengeRequest r;
    r.metric = "calls";
    r.kind = "most";
    r.participants = {"natalie"};
    r.period = "week";
    return r;
}

}  // namespace

TEST_CASE("most calls this week: the creator first, the window is the team's week") {
    auto d = create(most_calls_this_week());
    REQUIRE(d);
    CHECK(d->participants == std::vector<std::string>{"jake", "natalie"});
    CHECK(d->kind == ChallengeKind::most);
    CHECK(d->period == Period::week);
    CHECK(format_rfc3339(d->window.start) == "2026-11-23T00:00:00.000Z");
    CHECK(format_rfc3339(d->window.end) == "2026-11-30T00:00:00.000Z");
}

TEST_CASE("a week window across the spring DST change is 167 hours long in London") {
    auto d = create(most_calls_this_week(), "2026-03-31T12:00:00Z");
    REQUIRE(d);
    CHECK(format_rfc3339(d->window.start) == "2026-03-29T23:00:00.000Z");  // Monday 00:00 BST
    auto spring = create(most_calls_this_week(), "2026-03-25T12:00:00Z");
    REQUIRE(spring);
    CHECK(format_rfc3339(spring->window.start) == "2026-03-23T00:00:00.000Z");
    CHECK(format_rfc3339(spring->window.end) == "2026-03-29T23:00:00.000Z");
    CHECK(spring->window.end - spring->window.start == std::chrono::hours(167));
}

TEST_CASE("month and quarter windows: day and all are refused") {
    auto r = most_calls_this_week();
    r.period = "month";
    auto month = create(r);
    REQUIRE(month);
    CHECK(format_rfc3339(month->window.start) == "2026-11-01T00:00:00.000Z");
    CHECK(format_rfc3339(month->window.end) == "2026-12-01T00:00:00.000Z");
    r.period = "quarter";
    auto quarter = create(r);
    REQUIRE(quarter);
    CHECK(format_rfc3339(quarter->window.start) == "2026-09-30T23:00:00.000Z");  // 1 October 00:00 BST
    CHECK(format_rfc3339(quarter->window.end) == "2027-01-01T00:00:00.000Z");
    for (const char* bad : {"day", "all", "fortnight"}) {
        r.period = bad;
        auto refused = create(r);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().message.starts_with("window.period"));
    }
}

TEST_CASE("explicit windows: the next three months for forward appointments") {
    ChallengeRequest r;
    r.metric = "proposals";
    r.kind = "target";
    r.participants = {};
    r.start = "2026-11-25T10:00:00Z";
    r.end = "2027-02-25T10:00:00Z";
    r.target = 12;
    auto goal = create(r);
    REQUIRE(goal);
    CHECK(goal->participants == std::vector<std::string>{"jake"});  // a personal goal
    CHECK_FALSE(goal->period.has_value());
    CHECK(goal->target == 12);

    auto check_refused = [&](ChallengeRequest bad, std::string_view field) {
        auto refused = create(std::move(bad));
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code == Errc::bad_request);
        CHECK(refused.error().message.starts_with(field));
    };
    auto backwards = r;
    backwards.end = "2026-11-25T09:00:00Z";
    check_refused(backwards, "window.end: must be after");
    auto too_long = r;
    too_long.end = "2027-11-27T10:00:00Z";
    check_refused(too_long, "window: at most 366 days");
    auto past = r;
    past.start = "2026-11-01T10:00:00Z";
    past.end = "2026-11-20T10:00:00Z";
    check_refused(past, "window.end: must be in the future");
    auto half = r;
    half.end.reset();
    check_refused(half, "window:");
    auto both = r;
    both.period = "week";
    check_refused(both, "window: either");
    auto garbled = r;
    garbled.start = "tomorrow";
    check_refused(garbled, "window.start");
}

TEST_CASE("explicit windows start at most 92 days ahead and last at most 366 days") {
    ChallengeRequest r;
    r.metric = "calls";
    r.kind = "most";
    r.participants = {"natalie"};
    auto window = [&](const char* start, const char* end) {
        auto w = r;
        w.start = start;
        w.end = end;
        return create(w);  // now: 2026-11-25T10:00:00Z
    };
    CHECK(window("2027-02-25T10:00:00Z", "2027-03-01T00:00:00Z"));  // exactly 92 days ahead
    auto far = window("2027-02-25T10:00:00.001Z", "2027-03-01T00:00:00Z");
    REQUIRE_FALSE(far);
    CHECK(far.error().code == Errc::bad_request);
    CHECK(far.error().message == "window.start: at most 92 days ahead");
    auto year_9998 = window("9998-01-01T00:00:00Z", "9998-12-31T00:00:00Z");
    REQUIRE_FALSE(year_9998);
    CHECK(year_9998.error().message == "window.start: at most 92 days ahead");
    CHECK(window("2026-11-25T10:00:00Z", "2027-11-26T10:00:00Z"));  // 366 days
    auto long_one = window("2026-11-25T10:00:00Z", "2027-11-26T10:00:00.001Z");
    REQUIRE_FALSE(long_one);
    CHECK(long_one.error().message == "window: at most 366 days long");
    CHECK(window("2026-10-01T00:00:00Z", "2026-12-01T00:00:00Z"));  // started already: fine
}

TEST_CASE("create rules: metric, kind, participants, target, stakes") {
    auto refused = [](ChallengeRequest r, Errc code, std::string_view field) {
        auto d = create(std::move(r));
        REQUIRE_FALSE(d);
        CHECK(d.error().code == code);
        CHECK(d.error().message.starts_with(field));
    };
    auto r = most_calls_this_week();
    r.metric = "golf";
    refused(r, Errc::bad_request, "metric");
    r = most_calls_this_week();
    r.kind = "fastest";
    refused(r, Errc::bad_request, "kind");
    r = most_calls_this_week();
    r.participants = {"ghost"};
    refused(r, Errc::not_found, "participants");
    r.participants = {"Not An Id"};
    refused(r, Errc::bad_request, "participants");
    r.participants = {};
    refused(r, Errc::bad_request, "participants: at least one other");
    r.participants = {"jake"};  // only the creator again
    refused(r, Errc::bad_request, "participants: at least one other");
    r = most_calls_this_week();
    r.target = 5;
    refused(r, Errc::bad_request, "target");
    r.kind = "race";
    r.target = 0;
    refused(r, Errc::bad_request, "target");
    r.target.reset();
    refused(r, Errc::bad_request, "target");
    r.target = 20;
    CHECK(create(r));
    r.stakes = std::string(141, 'x');
    refused(r, Errc::bad_request, "stakes");
    r.stakes = std::string(140, 'x');
    CHECK(create(r));
    // 140 characters, not bytes: "☕" is 3 bytes.
    std::string coffee;
    for (int i = 0; i < 140; ++i) coffee += "\u2615";
    r.stakes = coffee;
    CHECK(create(r));
    // Duplicates are folded.
    r = most_calls_this_week();
    r.participants = {"natalie", "natalie", "jake"};
    auto d = create(r);
    REQUIRE(d);
    CHECK(d->participants.size() == 2);
    // A display or stranger cannot create one.
    auto by_stranger = make_challenge(team(), london(), "wall", most_calls_this_week(), at("2026-11-25T10:00:00Z"),
                                      teammates);
    REQUIRE_FALSE(by_stranger);
    CHECK(by_stranger.error().code == Errc::forbidden);
}

TEST_CASE("the life cycle: who may accept, decline and cancel, and when") {
    using S = ChallengeStatus;
    using A = ChallengeAnswer;
    CHECK(check_answer(S::proposed, A::accept, true, false, false));
    CHECK(check_answer(S::proposed, A::decline, true, false, false));
    CHECK(check_answer(S::proposed, A::cancel, true, true, true));
    CHECK(check_answer(S::active, A::cancel, true, true, true));
    auto code = [](Status s) { return s ? std::optional<Errc>{} : std::optional<Errc>{s.error().code}; };
    CHECK(code(check_answer(S::proposed, A::accept, false, false, false)) == Errc::forbidden);
    CHECK(code(check_answer(S::proposed, A::accept, true, false, true)) == Errc::conflict);
    CHECK(code(check_answer(S::active, A::accept, true, false, false)) == Errc::conflict);
    CHECK(code(check_answer(S::finished, A::decline, true, false, false)) == Errc::conflict);
    CHECK(code(check_answer(S::proposed, A::decline, true, true, true)) == Errc::forbidden);
    CHECK(code(check_answer(S::proposed, A::cancel, true, false, false)) == Errc::forbidden);
    for (auto done : {S::finished, S::declined, S::cancelled}) {
        CHECK(code(check_answer(done, A::cancel, true, true, true)) == Errc::conflict);
        CHECK_FALSE(is_open(done));
    }
    CHECK(is_open(S::proposed));
    CHECK(is_open(S::active));
    for (auto s : {S::proposed, S::active, S::finished, S::declined, S::cancelled})
        CHECK(parse_challenge_status(to_string(s)) == s);
}

TEST_CASE("results: most, race and target") {
    using K = ChallengeKind;
    CHECK(decide_at_close(K::most, 0, {{"jake", 12}, {"natalie", 15}}) == Outcome{"natalie", {}});
    CHECK(decide_at_close(K::most, 0, {{"jake", 15}, {"natalie", 15}}) == Outcome{"draw", {}});
    CHECK(decide_at_close(K::most, 0, {{"jake", 0}, {"natalie", 0}}) == Outcome{"draw", {}});
    CHECK(decide_at_close(K::most, 0, {{"a", 3}, {"b", 9}, {"c", 9}}) == Outcome{"draw", {}});
    CHECK(decide_at_close(K::race, 20, {{"jake", 12}, {"natalie", 15}}) == Outcome{std::nullopt, {}});
    CHECK(decide_at_close(K::race, 10, {{"jake", 12}, {"natalie", 15}}) == Outcome{"natalie", {"jake", "natalie"}});
    CHECK(decide_at_close(K::target, 10, {{"natalie", 15}, {"jake", 12}, {"priya", 9}}) ==
          Outcome{std::nullopt, {"jake", "natalie"}});
    CHECK(decide_at_close(K::target, 10, {{"jake", 3}}) == Outcome{std::nullopt, {}});
    CHECK(decide_at_close(K::most, 0, {}) == Outcome{});
}


TEST_CASE("a points challenge keeps the weights it was made with") {
    auto weighted = with_points(team(), {{"appointments", 5}, {"proposals", 0}});
    REQUIRE(weighted);
    auto r = most_calls_this_week();
    r.metric = "points";
    auto d = make_challenge(*weighted, london(), "jake", r, at("2026-11-25T10:00:00Z"), teammates);
    REQUIRE(d);
    CHECK(d->metric == "points");
    CHECK(d->weights == std::vector<std::pair<std::string, int>>{{"calls", 1}, {"appointments", 5}, {"proposals", 0}});
    CHECK(create(most_calls_this_week())->weights.empty());  // a metric's challenge has none
    r.metric = "golf";
    auto refused = make_challenge(*weighted, london(), "jake", r, at("2026-11-25T10:00:00Z"), teammates);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == "metric: 'golf' is not one of this team's metrics (calls, appointments, proposals) or points");
}
