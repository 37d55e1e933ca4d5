// Weekly matchups through the real binary: drawn by round robin exactly once per week with two
// instances running across a week start, and once, for the current week only, after a downtime
// across week starts. The week start is brought near with testing.clock_offset_s (both
// instances share the offset, so their clocks agree as two real servers' would).
#include <doctest/doctest.h>

#include <set>

#include "domain/calendar.hpp"
#include "domain/round_robin.hpp"
#include "e2e/pair_team.hpp"
#include "support/topics.hpp"

using namespace wp::e2e;
using wp::test::WsClient;
using wp::test::eventually;

namespace {

using namespace std::chrono;

const auto london = *wp::domain::Calendar::make("Europe/London", wp::domain::WeekStart::monday);

// The offset that puts a server's clock at `at`, in whole seconds (rounded up, so never before it).
long long offset_to(wp::domain::TimePoint at) {
    return duration_cast<seconds>(at - wp::domain::now() + 999ms).count();
}

std::vector<std::string> server_args(long long offset) {
    return {"--set", "challenges.finisher_ms=100", "--set", "testing.clock_offset_s=" + std::to_string(offset)};
}

int occurrences(const std::string& text, const std::string& what) {
    int n = 0;
    for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
    return n;
}

std::string marker(const std::string& week) { return "wp:{t:alpha}:matchups:" + week; }

// Each drawn challenge of a week, as (pair, pair), from the marker's ids and the challenges' sides.
// `status`: what the week's challenges are now (a past week's have finished).
std::set<std::pair<std::string, std::string>> drawn(int port, const std::string& token, const std::string& week,
                                                    const char* status = "active") {
    std::set<std::pair<std::string, std::string>> out;
    auto ids = shared_redis().command({"GET", marker(week)});
    for (std::size_t start = 0; start < ids.size();) {
        auto comma = ids.find(',', start);
        auto id = ids.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        auto c = wp::test::http_request(port, "GET", "/api/v1/challenges/" + id, "", token).json_body();
        INFO(c.dump());
        CHECK(c["status"] == status);
        CHECK(c["kind"] == "most");
        CHECK(c["metric"] == "calls");
        CHECK(c["creator"] == "");
        out.emplace(c["sides"][0]["pair"].get<std::string>(), c["sides"][1]["pair"].get<std::string>());
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

std::set<std::pair<std::string, std::string>> expected(const std::string& week) {
    auto round = wp::domain::round_robin({"p1", "p2", "p3"}, std::stoi(week.substr(week.find('W') + 1)));
    return {round.matchups.begin(), round.matchups.end()};
}

}  // namespace

TEST_CASE("matchups: drawn exactly once per week by two instances across a week start, and after a downtime") {
    shared_redis().flushall();
    auto now = wp::domain::now();
    auto next_start = london.window(wp::domain::Period::week, now).end;
    // Both clocks 6 s before the next Monday 00:00 in London: time to start, make the team and
    // turn matchups on before it.
    auto before = offset_to(next_start - 6s);
    const auto week0 = london.period_key(wp::domain::Period::week, next_start - 1ms);
    const auto week1 = london.period_key(wp::domain::Period::week, next_start);
    const auto week2 = london.period_key(wp::domain::Period::week, next_start + days(7));
    const auto week3 = london.period_key(wp::domain::Period::week, next_start + days(14));
    std::string token;
    {
        wp::test::WolfpackServer a(shared_redis().url(), server_args(before)), b(shared_redis().url(), server_args(before));
        auto team = make_pair_team(a.port(), "alpha", true);
        token = team.tokens["sofia"];
        WsClient wall(b.port(), team.tokens["wall"]);
        wp::test::subscribe_to(wall, "feed");
        // Turned on mid-week: the current week is drawn at once.
        auto patched = call(a.port(), "PATCH", "/api/v1/teams/alpha", {{"matchups", {{"metric", "calls"}}}}, team.tokens["boss"]);
        INFO(patched.body);
        REQUIRE(patched.status == 200);
        CHECK(patched.json_body()["team"]["matchups"] == json{{"metric", "calls"}});
        CHECK(shared_redis().command({"EXISTS", marker(week0)}) == "1");
        auto ev = wall.wait_for([](const json& f) { return f["type"] == "event" && f["event"]["kind"] == "matchups.drawn"; });
        CHECK(ev["event"]["week"] == week0);
        CHECK(ev["event"]["matchups"].size() == 1);
        CHECK(ev["event"]["sat_out"].size() == 1);  // three pairs: one sits out

        // Across the week start: one of the two draws the new week, the other finds it drawn.
        REQUIRE(eventually([&] { return shared_redis().command({"EXISTS", marker(week1)}) == "1"; }, 10s));
        auto saw = [&](const wp::test::WolfpackServer& s) {
            auto log = s.log();
            return occurrences(log, "week=" + week1) > 0;
        };
        REQUIRE(eventually([&] { return saw(a) && saw(b); }, 5s));
        CHECK(occurrences(a.log() + b.log(), "matchups.drawn team=alpha week=" + week1) == 1);
        CHECK(occurrences(a.log() + b.log(), "matchups.found team=alpha week=" + week1) == 1);
        CHECK(occurrences(a.log() + b.log(), "matchups.drawn team=alpha week=" + week0) == 1);
        // Last week's matchup finished at its end, once between the two (0 to 0: a draw).
        REQUIRE(eventually([&] { return occurrences(a.log() + b.log(), "challenge.finished team=alpha") == 1; }, 5s));
        CHECK(drawn(a.port(), token, week0, "finished") == expected(week0));
        CHECK(drawn(a.port(), token, week1) == expected(week1));
        CHECK_FALSE(expected(week0) == expected(week1));  // rotated by the ISO week number
    }
    // Down across two week starts: the next start draws the current week only.
    auto tuesday = next_start + days(15) + hours(12);
    {
        wp::test::WolfpackServer c(shared_redis().url(), server_args(offset_to(tuesday)));
        REQUIRE(eventually([&] { return shared_redis().command({"EXISTS", marker(week3)}) == "1"; }, 5s));
        CHECK(shared_redis().command({"EXISTS", marker(week2)}) == "0");
        CHECK(drawn(c.port(), token, week3) == expected(week3));
        // The matchup of the week that ended while no server ran finishes now; only this week's is open.
        REQUIRE(eventually([&] { return shared_redis().command({"ZCARD", "wp:{t:alpha}:ch:open"}) == "1"; }, 5s));
        CHECK(drawn(c.port(), token, week1, "finished") == expected(week1));
        WsClient reader(c.port(), token);
        auto feed = wp::test::subscribe_to(reader, "feed")["data"]["events"];
        std::vector<std::string> weeks;
        for (const auto& e : feed)
            if (e["kind"] == "matchups.drawn") weeks.push_back(e["week"].get<std::string>());
        CHECK(weeks == std::vector<std::string>{week3, week1, week0});  // newest first, one per week
    }
}

TEST_CASE_FIXTURE(ServerCase, "matchups and working days: PATCH rules") {
    auto team = make_pair_team(port(), "alpha");
    auto patch = [&](const json& body) { return call(port(), "PATCH", "/api/v1/teams/alpha", body, team.tokens["boss"]); };
    auto bad = patch({{"matchups", {{"metric", "dials"}}}});
    CHECK(bad.status == 400);
    CHECK(bad.body.find("matchups.metric") != std::string::npos);
    CHECK(patch({{"matchups", {{"metric", "calls"}, {"extra", 1}}}}).status == 400);
    CHECK(patch({{"working_days", {"mon", "mon"}}}).status == 400);
    CHECK(patch({{"working_days", {"tue", "wed", "thu", "fri", "sat"}}}).status == 200);
    auto on = patch({{"matchups", {{"metric", "calls"}}}});
    REQUIRE(on.status == 200);
    CHECK(on.json_body()["team"]["working_days"] == json::array({"tue", "wed", "thu", "fri", "sat"}));
    // Retiring the matchups' metric needs matchups moved first; null stops them.
    auto retire = patch({{"metrics", {{{"id", "appointments"}, {"label", "Appointments"}}}}});
    CHECK(retire.status == 400);
    CHECK(patch({{"matchups", nullptr}}).json_body()["team"]["matchups"].is_null());
    auto welcome = WsClient(port(), team.tokens["natalie"]).welcome();
    CHECK(welcome["team"]["working_days"] == json::array({"tue", "wed", "thu", "fri", "sat"}));
}
