// The wall as a kiosk, its live side: announcements on every display, challenges:team for a wall
// that starts mid-week, the team's working days and quiet hours, and the week in review.
#include <doctest/doctest.h>

#include "domain/calendar.hpp"
#include "domain/work_week.hpp"
#include "e2e/fixture.hpp"

using namespace wp::e2e;
using wp::test::http_request;
using wp::test::WsClient;

namespace {

std::string message(const wp::test::HttpResult& r) { return r.json_body()["error"]["message"].get<std::string>(); }

json data_of(WsClient& ws, const std::string& topic, const std::function<bool(const json&)>& also = [](const json&) { return true; }) {
    return ws.wait_for([&](const json& f) {
        return (f["type"] == "snapshot" || f["type"] == "update") && f["topic"] == topic && also(f["data"]);
    })["data"];
}

json subscribed(WsClient& ws, const std::string& topic) {
    REQUIRE(ws.request({{"type", "subscribe"}, {"topic", topic}})["type"] == "ack");
    return data_of(ws, topic);
}

wp::test::HttpResult patch(int port, const std::string& token, const json& body) {
    return http_request(port, "PATCH", "/api/v1/teams/alpha", body.dump(), token);
}

// "HH:MM" of the team's wall clock `offset` from now.
std::string local_clock(std::chrono::minutes offset) {
    auto calendar = *wp::domain::Calendar::make("Europe/London", wp::domain::WeekStart::monday);
    auto text = calendar.format_local(wp::domain::now() + offset);  // 2026-11-24T09:14:03+00:00
    return text.substr(11, 5);
}

}  // namespace

TEST_CASE_FIXTURE(ServerCase, "announcements: an event on the feed, in every display's display:me, and a late one sees it too") {
    auto team = make_team(port(), "alpha");
    const auto& boss = team.tokens["boss"];
    auto added = http_request(port(), "POST", "/api/v1/teams/alpha/reps", R"({"id":"hall","name":"Hall","role":"display"})", boss);
    REQUIRE(added.status == 201);
    auto hall_token = added.json_body()["token"].get<std::string>();
    WsClient floor(port(), team.tokens["wall"]), hall(port(), hall_token), rep(port(), team.tokens["natalie"]);
    subscribed(floor, "feed");
    subscribed(floor, "display:me");
    CHECK(subscribed(hall, "display:me")["announcement"].is_null());  // hall: not on the feed
    subscribed(rep, "feed");

    auto say = [&](const json& body, const std::string& token) {
        return http_request(port(), "POST", "/api/v1/teams/alpha/announcements", body.dump(), token);
    };
    auto made = say({{"text", "Pizza at 4 — well done on the 200 calls!"}, {"seconds", 30}}, boss);
    INFO(made.body);
    REQUIRE(made.status == 201);
    auto a = made.json_body()["announcement"];
    CHECK(a["text"] == "Pizza at 4 — well done on the 200 calls!");
    CHECK(a["seconds"] == 30);
    auto is_it = [&](const json& f) { return f["type"] == "event" && f["event"]["kind"] == "announcement" && f["event"]["id"] == a["id"]; };
    for (auto* ws : {&floor, &rep}) {
        auto ev = ws->wait_for(is_it)["event"];
        CHECK(ev["text"] == a["text"]);
        CHECK(ev["seconds"] == 30);
    }
    // The display:me of each display carries it (one not on the feed learns of it so), and a
    // screen that connects now shows it too.
    for (auto* ws : {&floor, &hall})
        CHECK(data_of(*ws, "display:me", [](const json& d) { return !d["announcement"].is_null(); })["announcement"]["id"] == a["id"]);
    WsClient late(port(), hall_token);
    CHECK(subscribed(late, "display:me")["announcement"]["text"] == a["text"]);
    auto ttl = std::stoll(shared_redis().command({"PTTL", "wp:{t:alpha}:announcement"}));
    CHECK(ttl > 25000);
    CHECK(ttl <= 30000);

    struct Case { json body; std::string message; };
    for (const auto& c : std::vector<Case>{
             {{{"text", ""}, {"seconds", 30}}, ""},
             {{{"text", std::string(201, 'a')}, {"seconds", 30}}, "text: 1-200 printable characters"},
             {{{"text", "Two\nlines"}, {"seconds", 30}}, "text: 1-200 printable characters"},
             {{{"text", "Hi"}, {"seconds", 4}}, "seconds: 5-300"},
             {{{"text", "Hi"}, {"seconds", 301}}, "seconds: 5-300"},
             {{{"text", "Hi"}}, ""}}) {
        CAPTURE(c.body.dump());
        auto r = say(c.body, boss);
        CHECK(r.status == 400);
        if (!c.message.empty()) CHECK(message(r) == c.message);
    }
    CHECK(say({{"text", "Hi"}, {"seconds", 10}}, team.tokens["natalie"]).status == 403);
    CHECK(say({{"text", "Hi"}, {"seconds", 10}}, team.tokens["wall"]).status == 403);
}

TEST_CASE_FIXTURE(ServerCase, "challenges:team: a wall that starts mid-week sees every live challenge, and the day's results") {
    auto team = make_team(port(), "alpha");
    WsClient natalie(port(), team.tokens["natalie"]), priya(port(), team.tokens["priya"]), boss(port(), team.tokens["boss"]);
    auto create = [](WsClient& ws, json message) {
        message["type"] = "challenge.create";
        auto ack = ws.request(message);
        INFO(ack.dump());
        REQUIRE(ack["type"] == "ack");
        return ack["result"]["challenge"]["id"].get<std::string>();
    };
    auto most = create(natalie, {{"metric", "calls"}, {"kind", "most"}, {"participants", {"jake"}}, {"window", {{"period", "week"}}}});
    auto race = create(priya, {{"metric", "calls"}, {"kind", "race"}, {"target", 3}, {"participants", {"boss"}}, {"window", {{"period", "week"}}}});
    REQUIRE(boss.request({{"type", "challenge.accept"}, {"challenge", race}})["type"] == "ack");
    auto goal = create(natalie, {{"metric", "appointments"}, {"kind", "target"}, {"target", 5}, {"participants", json::array()},
                                 {"window", {{"period", "week"}}}});
    auto gone = create(priya, {{"metric", "calls"}, {"kind", "most"}, {"participants", {"natalie"}}, {"window", {{"period", "month"}}}});
    REQUIRE(priya.request({{"type", "challenge.cancel"}, {"challenge", gone}})["type"] == "ack");

    // The wall arrives after all of that.
    WsClient wall(port(), team.tokens["wall"]);
    auto list = subscribed(wall, "challenges:team")["challenges"];
    std::map<std::string, std::string> status;
    for (const auto& c : list) status[c["id"].get<std::string>()] = c["status"].get<std::string>();
    CHECK(status == std::map<std::string, std::string>{{most, "proposed"}, {race, "active"}, {goal, "active"}});
    for (const auto& c : list)
        if (c["id"] == goal) CHECK(c["participants"].size() == 1);  // a personal goal: the wall tells it apart

    // The race is won: it stays, finished, for the day.
    for (int i = 0; i < 3; ++i)
        REQUIRE(boss.request({{"type", "log"}, {"metric", "calls"}, {"id", "b" + std::to_string(i)}})["type"] == "ack");
    auto after = data_of(wall, "challenges:team", [&](const json& d) {
        for (const auto& c : d["challenges"])
            if (c["id"] == race) return c["status"] == "finished";
        return false;
    });
    CHECK(after["challenges"].size() == 3);
    // Declined is not live: it leaves the strip.
    REQUIRE(wall.is_open());
    WsClient jake(port(), team.tokens["jake"]);
    REQUIRE(jake.request({{"type", "challenge.decline"}, {"challenge", most}})["type"] == "ack");
    auto left = data_of(wall, "challenges:team", [](const json& d) { return d["challenges"].size() == 2; });
    for (const auto& c : left["challenges"]) CHECK(c["id"] != most);
}

TEST_CASE_FIXTURE(ServerCase, "team settings: working days and quiet hours, in the team's zone, followed by every display") {
    auto team = make_team(port(), "alpha");
    const auto& boss = team.tokens["boss"];
    WsClient wall(port(), team.tokens["wall"]);
    auto me = subscribed(wall, "display:me");
    CHECK(me["working_days"] == json{"mon", "tue", "wed", "thu", "fri"});
    CHECK(me["quiet_hours"].is_null());

    struct Case { json body; std::string message; };
    for (const auto& c : std::vector<Case>{
             {{{"working_days", {"mon", "funday"}}}, "working_days: 'funday' is not one of mon, tue, wed, thu, fri, sat, sun"},
             {{{"working_days", {"mon", "mon"}}}, "working_days: 'mon' appears more than once"},
             {{{"working_days", json::array()}}, ""},
             {{{"quiet_hours", {{"start", "7pm"}, {"end", "07:00"}}}}, "quiet_hours.start: a local time HH:MM, 00:00-23:59"},
             {{{"quiet_hours", {{"start", "19:00"}, {"end", "24:00"}}}}, "quiet_hours.end: a local time HH:MM, 00:00-23:59"},
             {{{"quiet_hours", {{"start", "19:00"}, {"end", "19:00"}}}}, "quiet_hours: start and end differ (19:00 to 07:00 is the night)"},
             {{{"quiet_hours", {{"start", "19:00"}}}}, ""}}) {
        CAPTURE(c.body.dump());
        auto r = patch(port(), boss, c.body);
        CHECK(r.status == 400);
        if (!c.message.empty()) CHECK(message(r) == c.message);
    }
    auto every_day = json{"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    // Quiet now: from an hour ago to an hour from now on the team's clock.
    auto r = patch(port(), boss, {{"working_days", every_day}, {"quiet_hours", {{"start", local_clock(-60min)}, {"end", local_clock(60min)}}}});
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json_body()["team"]["working_days"] == every_day);
    CHECK(r.json_body()["team"]["quiet_hours"]["start"] == local_clock(-60min));
    CHECK(data_of(wall, "display:me", [](const json& d) { return d["quiet"] == true; })["working_days"] == every_day);
    CHECK(patch(port(), boss, {{"quiet_hours", {{"start", local_clock(120min)}, {"end", local_clock(180min)}}}}).status == 200);
    data_of(wall, "display:me", [](const json& d) { return d["quiet"] == false; });

    // The week in review runs on the last working day: today when it is the only one.
    auto calendar = *wp::domain::Calendar::make("Europe/London", wp::domain::WeekStart::monday);
    auto today = std::string(wp::domain::to_string(wp::domain::local_weekday(calendar, wp::domain::now())));
    CHECK(patch(port(), boss, {{"working_days", {today}}}).status == 200);
    data_of(wall, "display:me", [](const json& d) { return d["review_day"] == true; });
    CHECK(patch(port(), boss, {{"working_days", every_day}, {"week_start", "monday"}}).status == 200);
    // Other settings keep them; null ends quiet hours.
    CHECK(patch(port(), boss, {{"name", "Alpha Sales"}}).json_body()["team"]["working_days"] == every_day);
    CHECK(patch(port(), boss, {{"quiet_hours", nullptr}}).json_body()["team"]["quiet_hours"].is_null());
    CHECK(patch(port(), team.tokens["natalie"], {{"quiet_hours", nullptr}}).status == 403);
}

TEST_CASE_FIXTURE(ServerCase, "review: the pair's commitments, cheers, the week's winners and working-day streaks") {
    auto team = make_team(port(), "alpha");
    const auto& boss = team.tokens["boss"];
    CHECK(patch(port(), boss, {{"working_days", {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}}}).status == 200);
    WsClient natalie(port(), team.tokens["natalie"]), jake(port(), team.tokens["jake"]);
    // Yesterday Natalie logged too (written straight to the day board the log would have made).
    auto calendar = *wp::domain::Calendar::make("Europe/London", wp::domain::WeekStart::monday);
    auto yesterday = calendar.local_date(wp::domain::now() - 24h);
    shared_redis().command({"ZADD", "wp:{t:alpha}:lb:calls:d:" + yesterday, "4", "natalie"});
    for (int i = 0; i < 2; ++i)
        REQUIRE(natalie.request({{"type", "log"}, {"metric", "calls"}, {"id", "n" + std::to_string(i)}})["type"] == "ack");
    REQUIRE(natalie.request({{"type", "checkin.post"}, {"commitment", "Five new outreach attempts"}})["type"] == "ack");

    WsClient wall(port(), team.tokens["wall"]);
    auto review = subscribed(wall, "review");
    REQUIRE(review["pairs"].size() == 1);
    std::map<std::string, json> reps;
    for (const auto& r : review["pairs"][0]["reps"]) reps[r["rep"].get<std::string>()] = r;
    REQUIRE(reps.size() == 2);
    CHECK(reps["natalie"]["commitment"] == "Five new outreach attempts");
    CHECK(reps["natalie"]["week"]["calls"] == 2);
    CHECK(reps["jake"]["commitment"] == "");
    CHECK(reps["jake"]["week"]["calls"] == 0);
    CHECK(review["winners"][0]["metric"] == "calls");
    CHECK(review["winners"][0]["rows"][0]["rep"] == "natalie");
    CHECK(review["streaks"] == json{{{"rep", "natalie"}, {"name", "natalie"}, {"days", 2}}});
    CHECK(review["cheers"]["total"] == 0);
    CHECK(review["start"] == calendar.local_date(calendar.window(wp::domain::Period::week, wp::domain::now()).start));

    // A cheer of the week shows at once.
    REQUIRE(jake.request({{"type", "cheer"}, {"to", "natalie"}, {"text", "Nice streak!"}})["type"] == "ack");
    auto cheered = data_of(wall, "review", [](const json& d) { return d["cheers"]["total"] == 1; });
    CHECK(cheered["cheers"]["most_cheered"] == json{{{"rep", "natalie"}, {"name", "natalie"}, {"count", 1}}});
    CHECK(cheered["cheers"]["recent"][0]["text"] == "Nice streak!");
    CHECK(cheered["cheers"]["recent"][0]["from"] == "jake");
}
