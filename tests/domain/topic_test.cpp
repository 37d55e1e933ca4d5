// Topic names to types and back, with the errors a subscriber sees.
#include "domain/topic.hpp"

#include <doctest/doctest.h>

using namespace wp::domain;

TEST_CASE("topics: parsed once, named back the same, keyed per reader") {
    auto team = make_team("alpha", "Alpha", "UTC", WeekStart::monday, {});
    REQUIRE(team.has_value());
    for (const char* text : {"leaderboard:calls:day", "leaderboard:proposals:all", "pair:p1", "pairs:calls:week", "pairs:appointments:all",
                             "challenge:c12", "challenges:me", "feed", "team", "display:me", "challenges:team", "review"}) {
        CAPTURE(text);
        auto t = parse_topic(text, *team, "natalie");
        REQUIRE(t.has_value());
        CHECK(wire_name(*t) == text);
    }
    auto board = parse_topic("leaderboard:calls:week", *team, "natalie");
    CHECK(std::get<topic::Board>(*board) == topic::Board{"calls", Period::week});
    CHECK(key_of(*parse_topic("challenges:me", *team, "natalie")) == "challenges:natalie");
    CHECK(key_of(*parse_topic("team", *team, "jake")) == "team:jake");
    CHECK(key_of(*board) == "leaderboard:calls:week");
    CHECK(std::get<topic::PairBoard>(*parse_topic("pairs:calls:week", *team, "natalie")) == topic::PairBoard{"calls", Period::week});
    CHECK(key_of(*parse_topic("pairs:calls:week", *team, "jake")) == "pairs:calls:week");
    // A display's own settings are per display; the team's challenges and review one per team.
    CHECK(key_of(*parse_topic("display:me", *team, "lobby")) == "display:lobby");
    CHECK(key_of(*parse_topic("challenges:team", *team, "lobby")) == key_of(*parse_topic("challenges:team", *team, "hall")));
    CHECK(key_of(*parse_topic("review", *team, "lobby")) == "review");
    CHECK(is_event_stream(*parse_topic("feed", *team, "x")));
    CHECK_FALSE(is_event_stream(*board));
}

TEST_CASE("topics: what is not one answers the rule") {
    auto team = make_team("alpha", "Alpha", "UTC", WeekStart::monday, {});
    struct Case { const char* text; Errc code; const char* message; };
    for (const auto& c : std::vector<Case>{
             {"leaderboard:calls:year", Errc::bad_request, "topic: leaderboard:METRIC:PERIOD with PERIOD day, week, month, quarter or all"},
             {"leaderboard:calls", Errc::bad_request, "topic: leaderboard:METRIC:PERIOD with PERIOD day, week, month, quarter or all"},
             {"leaderboard:dials:day", Errc::not_found, "topic: 'dials' is not one of this team's metrics"},
             {"pairs:calls:year", Errc::bad_request, "topic: pairs:METRIC:PERIOD with PERIOD day, week, month, quarter or all"},
             {"pairs:dials:week", Errc::not_found, "topic: 'dials' is not one of this team's metrics"},
             {"pair:P1", Errc::bad_request, "topic: pair:ID with an id of [a-z0-9_-]"},
             {"challenge:", Errc::bad_request, "topic: challenge:ID with an id of [a-z0-9_-]"},
             {"challenges:natalie", Errc::not_found, "topic: no topic 'challenges:natalie' (leaderboard:METRIC:PERIOD, leaderboard:METRIC:PERIOD:pct, pairs:METRIC:PERIOD, around:METRIC:PERIOD, improved:METRIC, pair:ID, challenge:ID, challenges:me, challenges:team, targets:me, feed, team, display:me, review)"},
             {"", Errc::not_found, "topic: no topic '' (leaderboard:METRIC:PERIOD, leaderboard:METRIC:PERIOD:pct, pairs:METRIC:PERIOD, around:METRIC:PERIOD, improved:METRIC, pair:ID, challenge:ID, challenges:me, challenges:team, targets:me, feed, team, display:me, review)"}}) {
        CAPTURE(c.text);
        auto t = parse_topic(c.text, *team, "natalie");
        REQUIRE_FALSE(t.has_value());
        CHECK(t.error().code == c.code);
        CHECK(t.error().message == c.message);
    }
}

TEST_CASE("topics of fair scoring: points, % of target, around me, most improved, targets") {
    auto team = make_team("alpha", "Alpha", "UTC", WeekStart::monday, {});
    REQUIRE(team.has_value());
    for (const char* text : {"leaderboard:points:week", "leaderboard:calls:day:pct", "leaderboard:proposals:month:pct",
                             "around:calls:week", "around:points:all", "improved:calls", "improved:points", "targets:me"}) {
        CAPTURE(text);
        auto t = parse_topic(text, *team, "natalie");
        REQUIRE(t.has_value());
        CHECK(wire_name(*t) == text);
    }
    CHECK(std::get<topic::Board>(*parse_topic("leaderboard:points:week", *team, "x")) == topic::Board{"points", Period::week});
    CHECK(std::get<topic::PctBoard>(*parse_topic("leaderboard:calls:day:pct", *team, "x")) == topic::PctBoard{"calls", Period::day});
    auto near = parse_topic("around:calls:week", *team, "natalie");
    CHECK(std::get<topic::Around>(*near) == topic::Around{"calls", Period::week, "natalie"});
    // Per reader: each rep's neighbourhood and targets are their own topic, grouped by board.
    CHECK(key_of(*near) == "around:calls:week:natalie");
    CHECK(key_of(*parse_topic("around:calls:week", *team, "jake")) == "around:calls:week:jake");
    CHECK(group_of(*near) == "around:calls:week");
    CHECK(group_of(*parse_topic("leaderboard:calls:week", *team, "jake")).empty());
    CHECK(key_of(*parse_topic("targets:me", *team, "jake")) == "targets:jake");
    // A display gets the wall's view of every board: another topic of the same name.
    auto wall = parse_topic("leaderboard:calls:week", *team, "tv", true);
    CHECK(std::get<topic::Board>(*wall).wall);
    CHECK(wire_name(*wall) == "leaderboard:calls:week");
    CHECK(key_of(*wall) == "leaderboard:calls:week@wall");
    CHECK(key_of(*parse_topic("leaderboard:calls:week:pct", *team, "tv", true)) == "leaderboard:calls:week:pct@wall");
    CHECK(key_of(*parse_topic("improved:calls", *team, "tv", true)) == "improved:calls@wall");
    CHECK(key_of(*parse_topic("improved:calls", *team, "natalie")) == "improved:calls");
}

TEST_CASE("topics of fair scoring: what is not one answers the rule") {
    auto team = make_team("alpha", "Alpha", "UTC", WeekStart::monday, {});
    struct Case { const char* text; bool display; Errc code; const char* message; };
    for (const auto& c : std::vector<Case>{
             {"leaderboard:calls:quarter:pct", false, Errc::bad_request, "topic: leaderboard:METRIC:PERIOD:pct with PERIOD day, week or month (the periods of targets)"},
             {"leaderboard:calls:pct", false, Errc::bad_request, "topic: leaderboard:METRIC:PERIOD:pct with PERIOD day, week, month, quarter or all"},
             {"leaderboard:points:week:pct", false, Errc::not_found, "topic: 'points' is not one of this team's metrics"},
             {"around:calls", false, Errc::bad_request, "topic: around:METRIC:PERIOD with PERIOD day, week, month, quarter or all"},
             {"around:dials:week", false, Errc::not_found, "topic: 'dials' is not one of this team's metrics"},
             {"around:calls:week", true, Errc::bad_request, "topic: around:METRIC:PERIOD is a person's own; a display has none"},
             {"targets:me", true, Errc::bad_request, "topic: targets:me is a person's own; a display has none"},
             {"improved:dials", false, Errc::not_found, "topic: 'dials' is not one of this team's metrics"},
             {"targets:natalie", false, Errc::not_found, "topic: no topic 'targets:natalie' (leaderboard:METRIC:PERIOD, leaderboard:METRIC:PERIOD:pct, pairs:METRIC:PERIOD, around:METRIC:PERIOD, improved:METRIC, pair:ID, challenge:ID, challenges:me, challenges:team, targets:me, feed, team, display:me, review)"}}) {
        CAPTURE(c.text);
        auto t = parse_topic(c.text, *team, "natalie", c.display);
        REQUIRE_FALSE(t.has_value());
        CHECK(t.error().code == c.code);
        CHECK(t.error().message == c.message);
    }
}
