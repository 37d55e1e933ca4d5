// Pairs first through the real binary and Redis: the pair board live across instances, pair
// against pair (accepted by either rep of the other pair, sides live, a pair wins once), a pair
// race, streaks with their milestone and the weekly rhythm on the pair card.
#include <doctest/doctest.h>

#include "domain/streak.hpp"
#include "e2e/pair_team.hpp"
#include "support/topics.hpp"

using namespace wp::e2e;
using wp::test::WsClient;
using wp::test::data_when;
using wp::test::log_on;
using wp::test::subscribe_to;

namespace {

json row_of(const json& board, const std::string& pair) {
    for (const auto& r : board["rows"])
        if (r["pair"] == pair) return r;
    return nullptr;
}

json side_of(const json& challenge, const std::string& pair) {
    for (const auto& s : challenge["sides"])
        if (s["pair"] == pair) return s;
    return nullptr;
}

std::string in(std::chrono::milliseconds offset) { return wp::domain::format_rfc3339(wp::domain::now() + offset); }

std::vector<json> feed_of(int port, const std::string& token) {
    WsClient reader(port, token);
    auto snap = subscribe_to(reader, "feed");
    return {snap["data"]["events"].begin(), snap["data"]["events"].end()};
}

int count_events(const std::vector<json>& events, const std::function<bool(const json&)>& match) {
    return static_cast<int>(std::count_if(events.begin(), events.end(), match));
}

}  // namespace

TEST_CASE("pair boards: every pair ranked by its two reps' count, live on another instance") {
    shared_redis().flushall();
    std::vector<std::string> fast{"--set", "live.coalesce_ms=20"};
    wp::test::WolfpackServer a(shared_redis().url(), fast), b(shared_redis().url(), fast);
    auto team = make_pair_team(a.port(), "alpha");
    WsClient natalie(a.port(), team.tokens["natalie"]), jake(a.port(), team.tokens["jake"]);
    WsClient priya(a.port(), team.tokens["priya"]), wall(b.port(), team.tokens["wall"]);
    auto snap = subscribe_to(wall, "pairs:calls:week")["data"];
    REQUIRE(snap["rows"].size() == 2);
    CHECK(snap["rows"][0]["rank"] == 1);
    CHECK(snap["rows"][1]["rank"] == 1);  // 0 and 0 share the rank
    log_on(natalie, "calls", "n1", 2);
    log_on(jake, "calls", "j1");
    auto moved = data_when(wall, "pairs:calls:week", [](const json& d) { return row_of(d, "p1")["count"] == 3; });
    CHECK(row_of(moved, "p1")["rank"] == 1);
    CHECK(row_of(moved, "p1")["reps"] == json::array({{{"rep", "jake"}, {"name", "jake"}, {"count", 1}},
                                                      {{"rep", "natalie"}, {"name", "natalie"}, {"count", 2}}}));
    CHECK(row_of(moved, "p2")["rank"] == 2);
    log_on(priya, "calls", "p1", 5);
    moved = data_when(wall, "pairs:calls:week", [](const json& d) { return row_of(d, "p2")["count"] == 5; });
    CHECK(moved["rows"][0]["pair"] == "p2");
    CHECK(moved["total"] == 8);
    // Another metric's pair board did not move; the rep board still ranks reps.
    CHECK(subscribe_to(wall, "pairs:appointments:week")["data"]["total"] == 0);
    CHECK(count_of(leaderboard(b.port(), team.tokens["wall"], "calls", "week"), "priya") == 5);
    auto unknown = wall.request({{"type", "subscribe"}, {"topic", "pairs:dials:week"}});
    CHECK(unknown["code"] == "not_found");
}

TEST_CASE("pair vs pair: proposed from a pair, accepted by either rep of the other, sides live, a pair wins once") {
    shared_redis().flushall();
    std::vector<std::string> fast{"--set", "challenges.finisher_ms=100", "--set", "live.coalesce_ms=20"};
    wp::test::WolfpackServer a(shared_redis().url(), fast), b(shared_redis().url(), fast);
    auto team = make_pair_team(a.port(), "alpha");
    WsClient natalie(a.port(), team.tokens["natalie"]), jake(a.port(), team.tokens["jake"]);
    WsClient priya(b.port(), team.tokens["priya"]), marcus(b.port(), team.tokens["marcus"]);
    // The rules, each refused with nothing made.
    auto refused = [&](WsClient& ws, json pairs, const char* kind, const char* code) {
        auto r = ws.request({{"type", "challenge.create"}, {"metric", "calls"}, {"kind", kind}, {"pairs", pairs},
                             {"window", {{"period", "week"}}}});
        INFO(r.dump());
        CHECK(r["code"] == code);
    };
    refused(jake, {"p1", "p9"}, "most", "not_found");
    refused(jake, {"p1", "p1"}, "most", "bad_request");
    refused(jake, {"p1", "p2"}, "target", "bad_request");
    WsClient sofia(a.port(), team.tokens["sofia"]);
    refused(sofia, {"p1", "p2"}, "most", "forbidden");
    auto both = jake.request({{"type", "challenge.create"}, {"metric", "calls"}, {"kind", "most"}, {"pairs", {"p1", "p2"}},
                              {"participants", {"priya"}}, {"window", {{"period", "week"}}}});
    CHECK(both["code"] == "bad_request");  // pairs or participants, not both

    log_on(priya, "calls", "before", 1);  // before the window opens: it does not count
    auto created = jake.request({{"type", "challenge.create"}, {"metric", "calls"}, {"kind", "most"}, {"pairs", {"p2", "p1"}},
                                 {"window", {{"start", in(500ms)}, {"end", in(4000ms)}}}, {"stakes", "coffee"}});
    INFO(created.dump());
    REQUIRE(created["type"] == "ack");
    auto c = created["result"]["challenge"];
    const auto id = c["id"].get<std::string>();
    CHECK(c["status"] == "proposed");
    CHECK(c["sides"][0]["pair"] == "p1");  // the creator's pair first
    CHECK(c["sides"][0]["accepted"] == true);
    CHECK(c["sides"][1]["accepted"] == false);
    CHECK(c["participants"].size() == 4);
    const auto topic = "challenge:" + id;
    for (auto* ws : {&natalie, &jake, &priya, &marcus}) subscribe_to(*ws, topic);
    // Only the other pair answers: the creator's partner may not; either of the other two may.
    CHECK(natalie.request({{"type", "challenge.accept"}, {"challenge", id}})["code"] == "forbidden");
    auto accepted = marcus.request({{"type", "challenge.accept"}, {"challenge", id}});
    INFO(accepted.dump());
    REQUIRE(accepted["type"] == "ack");
    CHECK(accepted["result"]["challenge"]["status"] == "active");
    CHECK(priya.request({{"type", "challenge.accept"}, {"challenge", id}})["code"] == "conflict");
    CHECK(priya.request({{"type", "challenge.decline"}, {"challenge", id}})["code"] == "conflict");

    // Wait for the window to open, then the four log; every rep's page sees both sides move.
    REQUIRE(wp::test::eventually([&] { return wp::domain::now() > *wp::domain::parse_rfc3339(c["window"]["start"].get<std::string>()); }));
    log_on(natalie, "calls", "n1", 2);
    log_on(jake, "calls", "j1", 1);
    log_on(priya, "calls", "p1", 1);
    log_on(marcus, "calls", "m1", 1);
    for (auto* ws : {&natalie, &jake, &priya, &marcus}) {
        auto d = data_when(*ws, topic, [](const json& x) { return side_of(x, "p1")["count"] == 3 && side_of(x, "p2")["count"] == 2; });
        CHECK(side_of(d, "p2")["reps"].size() == 2);
    }
    // The other pair's card shows the head-to-head too, and moves with this pair's activity.
    subscribe_to(priya, "pair:p2");
    log_on(jake, "calls", "j2", 1);
    data_when(priya, "pair:p2", [&](const json& d) {
        return !d["challenges"].empty() && d["challenges"][0]["id"] == id && side_of(d["challenges"][0], "p1")["count"] == 4;
    });
    // Both instances run the finisher: the result is p1, announced once.
    for (auto* ws : {&natalie, &jake, &priya, &marcus}) {
        auto done = data_when(*ws, topic, [](const json& x) { return x["status"] == "finished"; }, 8000ms);
        CHECK(done["winner"] == "p1");
    }
    auto events = feed_of(a.port(), team.tokens["sofia"]);
    CHECK(count_events(events, [&](const json& e) { return e["kind"] == "challenge.finished" && e["challenge"] == id; }) == 1);
    auto finished = *std::find_if(events.begin(), events.end(), [&](const json& e) { return e["kind"] == "challenge.finished"; });
    CHECK(finished["winner"] == "p1");
    CHECK(finished["name"] == "jake & natalie");
    CHECK(count_events(events, [&](const json& e) { return e["kind"] == "challenge.proposed" && e.contains("sides"); }) == 1);
    // The pair card of p1 lists it.
    auto card = subscribe_to(jake, "pair:p1")["data"];
    CHECK(card["challenges"][0]["id"] == id);
}

TEST_CASE_FIXTURE(ServerCase, "a pair race: won the moment the pair's two counts together reach the target, also at the accept") {
    auto team = make_pair_team(port(), "alpha");
    WsClient natalie(port(), team.tokens["natalie"]), jake(port(), team.tokens["jake"]);
    WsClient priya(port(), team.tokens["priya"]), marcus(port(), team.tokens["marcus"]);
    auto race = [&](WsClient& by, json pairs) {
        auto r = by.request({{"type", "challenge.create"}, {"metric", "proposals"}, {"kind", "race"}, {"target", 4},
                             {"pairs", pairs}, {"window", {{"start", in(-1000ms)}, {"end", in(std::chrono::hours(24))}}}});
        INFO(r.dump());
        REQUIRE(r["type"] == "ack");
        return r["result"]["challenge"]["id"].get<std::string>();
    };
    auto id = race(natalie, {"p1", "p2"});
    REQUIRE(priya.request({{"type", "challenge.accept"}, {"challenge", id}})["type"] == "ack");
    subscribe_to(marcus, "challenge:" + id);
    log_on(natalie, "proposals", "n1", 2);
    log_on(marcus, "proposals", "m1", 3);
    log_on(jake, "proposals", "j1", 2);  // natalie 2 + jake 2: p1 reaches 4 first
    auto done = data_when(marcus, "challenge:" + id, [](const json& d) { return d["status"] == "finished"; });
    CHECK(done["winner"] == "p1");
    CHECK(done["reached"] == json::array({"p1"}));
    // A side at the target before the other accepts: the accept decides it.
    auto early = race(marcus, {"p2", "p1"});
    log_on(priya, "proposals", "p2", 2);  // activity before the acceptance counts: p2 has 4
    log_on(marcus, "proposals", "m2", 2);
    auto before = jake.request({{"type", "challenge.accept"}, {"challenge", early}});
    INFO(before.dump());
    REQUIRE(before["type"] == "ack");
    CHECK(before["result"]["challenge"]["status"] == "finished");
    CHECK(before["result"]["challenge"]["winner"] == "p2");
    CHECK(before["result"]["challenge"]["reached"] == json::array({"p2"}));
}

TEST_CASE_FIXTURE(ServerCase, "streaks on the pair card: working days in a row, a milestone once at 5, and the weekly rhythm") {
    auto team = make_pair_team(port(), "alpha");
    // Every day a working day, so the test means the same whichever day it runs.
    auto all_week = json::array({"mon", "tue", "wed", "thu", "fri", "sat", "sun"});
    REQUIRE(call(port(), "PATCH", "/api/v1/teams/alpha", {{"working_days", all_week}}, team.tokens["boss"]).status == 200);
    auto london = *wp::domain::Calendar::make("Europe/London", wp::domain::WeekStart::monday);
    wp::domain::WorkWeek every_day{*wp::domain::parse_working_days(all_week.get<std::vector<std::string>>()), std::nullopt};
    auto days = wp::domain::working_day_keys(london, every_day, wp::domain::now(), 5).keys;
    WsClient natalie(port(), team.tokens["natalie"]), jake(port(), team.tokens["jake"]);
    // The four days before today, logged backdated to their noon: a streak of 4, today not yet counted.
    for (std::size_t i = 1; i < days.size(); ++i) {
        auto noon = *london.day_start(days[i].substr(2), "day") + std::chrono::hours(12);
        auto a = natalie.request({{"type", "log"}, {"metric", "calls"}, {"id", "back-" + std::to_string(i)},
                                  {"at", wp::domain::format_rfc3339(noon)}});
        INFO(a.dump());
        REQUIRE(a["type"] == "ack");
    }
    auto streak_of = [](const json& card, const std::string& rep) {
        for (const auto& r : card["reps"])
            if (r["rep"] == rep) return r;
        return json();
    };
    auto card = subscribe_to(jake, "pair:p1")["data"];
    CHECK(streak_of(card, "natalie")["streak"] == json{{"days", 4}, {"best", 4}});
    CHECK(streak_of(card, "jake")["streak"] == json{{"days", 0}, {"best", 0}});
    CHECK(streak_of(card, "natalie")["ask"] == "commitment");
    subscribe_to(jake, "feed");
    log_on(natalie, "calls", "today-1");
    // The streak's milestone; the same log may also make a personal-best week, a milestone of its
    // own, depending on the weekday (the four days before may fall in last week).
    auto milestone = jake.wait_for([](const json& f) {
        return f["type"] == "event" && f["event"]["kind"] == "milestone" && f["event"].contains("streak");
    });
    CHECK(milestone["event"]["streak"] == 5);
    CHECK(milestone["event"]["rep"] == "natalie");
    log_on(natalie, "appointments", "today-2");  // the first appointment today: checked again, not announced again
    card = data_when(jake, "pair:p1", [&](const json& d) { return streak_of(d, "natalie")["counts"]["appointments"]["day"] == 1; });
    CHECK(streak_of(card, "natalie")["streak"] == json{{"days", 5}, {"best", 5}});
    WsClient reader(port(), team.tokens["priya"]);
    auto events = subscribe_to(reader, "feed")["data"]["events"];
    CHECK(std::count_if(events.begin(), events.end(), [](const json& e) { return e.contains("streak"); }) == 1);

    // The rhythm: the commitment asked until posted; the partner sees it on the same card.
    REQUIRE(natalie.request({{"type", "checkin.post"}, {"commitment", "five new outreach attempts"}})["type"] == "ack");
    auto rhythm = wp::domain::week_rhythm(london, every_day, wp::domain::now());
    card = data_when(jake, "pair:p1", [&](const json& d) { return streak_of(d, "natalie")["checkin"].is_object(); });
    CHECK(streak_of(card, "natalie")["checkin"]["commitment"] == "five new outreach attempts");
    CHECK(streak_of(card, "natalie")["ask"] == (rhythm.today == rhythm.last_day ? json("reflection") : json(nullptr)));
    CHECK(card["rhythm"]["first_day"] == rhythm.first_day);
    CHECK(card["rhythm"]["last_day"] == rhythm.last_day);
}
