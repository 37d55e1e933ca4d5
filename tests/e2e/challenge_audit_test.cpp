// The score audit of a challenge and of a range of weeks, end to end: the activities behind a
// rep's score in a challenge add up to it (most, race, points at the challenge's own weights,
// a pair's side), who may read them, and the refusals naming the field.
#include <doctest/doctest.h>

#include "domain/time.hpp"
#include "e2e/fixture.hpp"
#include "e2e/pair_team.hpp"
#include "support/topics.hpp"

using namespace wp::e2e;
using wp::test::http_request;
using wp::test::WsClient;

namespace {

std::string in(std::chrono::milliseconds offset) { return wp::domain::format_rfc3339(wp::domain::now() + offset); }

json audit(int port, const std::string& token, const std::string& rep, const std::string& query) {
    auto r = http_request(port, "GET", "/api/v1/reps/" + rep + "/activities?" + query, "", token);
    INFO(rep << "?" << query << " -> " << r.body);
    REQUIRE(r.status == 200);
    return r.json_body();
}

long long sum_of(const json& answer, const char* field = "delta") {
    long long sum = 0;
    for (const auto& a : answer["activities"]) sum += a[field].get<long long>();
    return sum;
}

std::string create(WsClient& by, json message) {
    message["type"] = "challenge.create";
    auto created = by.request(message);
    INFO(created.dump());
    REQUIRE(created["type"] == "ack");
    return created["result"]["challenge"]["id"].get<std::string>();
}

void accept(WsClient& by, const std::string& id) {
    auto r = by.request({{"type", "challenge.accept"}, {"challenge", id}});
    INFO(r.dump());
    REQUIRE(r["type"] == "ack");
}

// The challenge as GET /api/v1/challenges/ID shows it, and one participant's score in it.
json challenge(int port, const std::string& token, const std::string& id) {
    auto r = http_request(port, "GET", "/api/v1/challenges/" + id, "", token);
    INFO(r.body);
    REQUIRE(r.status == 200);
    auto body = r.json_body();
    return body.contains("challenge") ? body["challenge"] : body;
}

long long score_of(const json& c, const std::string& rep) {
    for (const auto& p : c["participants"])
        if (p["rep"] == rep) return p["count"].get<long long>();
    return -1;
}

}  // namespace

TEST_CASE_FIXTURE(ServerCase, "challenge audit: a most and a race challenge's activities add up to each score") {
    auto team = make_team(port(), "alpha");
    const auto& nat = team.tokens["natalie"];
    WsClient jake(port(), team.tokens["jake"]), natalie(port(), nat);
    // most, this week: the 2 calls logged before it was made count (its scores start from the board).
    log_http(port(), nat, "calls", "before", 2);
    log_http(port(), nat, "appointments", "early-appt");  // before the race: its own window does not seed
    auto most = create(jake, {{"metric", "calls"}, {"kind", "most"}, {"participants", {"natalie"}}, {"window", {{"period", "week"}}}});
    accept(natalie, most);
    auto race = create(jake, {{"metric", "appointments"}, {"kind", "race"}, {"target", 2}, {"participants", {"natalie"}},
                              {"window", {{"start", in(-std::chrono::hours(1))}, {"end", in(std::chrono::hours(24))}}}});
    accept(natalie, race);
    for (int i = 0; i < 3; ++i) log_http(port(), nat, "calls", "n" + std::to_string(i));
    log_http(port(), nat, "calls", "oops", -1);
    log_http(port(), team.tokens["jake"], "calls", "j1");
    log_http(port(), nat, "appointments", "a1");
    log_http(port(), team.tokens["jake"], "appointments", "ja1");
    log_http(port(), nat, "appointments", "a2");     // 2: natalie wins the race at once
    log_http(port(), nat, "appointments", "after");  // the race is over: it does not count

    auto c = challenge(port(), nat, most);
    auto mine = audit(port(), nat, "natalie", "challenge=" + most);
    CHECK(mine["challenge"] == most);
    CHECK(mine["metric"] == "calls");
    CHECK(mine["count"] == score_of(c, "natalie"));
    CHECK(mine["count"] == 4);
    CHECK(sum_of(mine) == 4);
    CHECK(mine["activities"].size() == 5);
    CHECK_FALSE(mine.contains("earlier"));
    CHECK(mine["activities"][0]["id"] == "oops");  // newest first, the correction marked by its delta
    CHECK(mine["activities"][0]["delta"] == -1);
    CHECK_FALSE(mine["activities"][0].contains("seeded"));
    CHECK(mine["activities"][4]["id"] == "before");  // from the week's board: recorded before it was made
    CHECK(mine["activities"][4]["seeded"] == true);
    auto his = audit(port(), nat, "jake", "challenge=" + most);  // a participant reads the other's
    CHECK(his["count"] == 1);
    CHECK(sum_of(his) == 1);

    auto r = challenge(port(), nat, race);
    REQUIRE(r["status"] == "finished");
    CHECK(r["winner"] == "natalie");
    auto won = audit(port(), nat, "natalie", "challenge=" + race);
    CHECK(won["count"] == score_of(r, "natalie"));
    CHECK(won["count"] == 2);
    CHECK(sum_of(won) == 2);
    REQUIRE(won["activities"].size() == 2);
    CHECK(won["activities"][0]["id"] == "a2");
    CHECK(won["activities"][1]["id"] == "a1");
    CHECK_FALSE(won.contains("earlier"));
    auto lost = audit(port(), team.tokens["boss"], "jake", "challenge=" + race);  // a team admin reads anyone's
    CHECK(lost["count"] == 1);
    CHECK(sum_of(lost) == 1);
}

TEST_CASE_FIXTURE(ServerCase, "challenge audit: a window of its own that is this week's starts empty and ends at its close") {
    auto team = make_team(port(), "alpha");
    const auto& nat = team.tokens["natalie"];
    WsClient jake(port(), team.tokens["jake"]), natalie(port(), nat);
    log_http(port(), nat, "calls", "before", 2);
    auto week = create(jake, {{"metric", "calls"}, {"kind", "most"}, {"participants", {"natalie"}}, {"window", {{"period", "week"}}}});
    auto window = challenge(port(), nat, week)["window"];
    // The same start and end given as a window: its scores start at 0, whatever the calendar says.
    auto own = create(jake, {{"metric", "calls"}, {"kind", "most"}, {"participants", {"natalie"}}, {"window", window}});
    accept(natalie, own);
    log_http(port(), nat, "calls", "c1");
    REQUIRE(jake.request({{"type", "challenge.cancel"}, {"challenge", own}})["type"] == "ack");
    log_http(port(), nat, "calls", "late");  // after its close: in the week's, not in its own

    auto c = challenge(port(), nat, own);
    REQUIRE(c["window"] == window);
    CHECK(score_of(c, "natalie") == 1);
    auto mine = audit(port(), nat, "natalie", "challenge=" + own);
    CHECK(mine["count"] == 1);
    CHECK(sum_of(mine) == 1);
    REQUIRE(mine["activities"].size() == 1);
    CHECK(mine["activities"][0]["id"] == "c1");
    CHECK_FALSE(mine["activities"][0].contains("seeded"));
    CHECK_FALSE(mine.contains("earlier"));
    auto seeded = audit(port(), nat, "natalie", "challenge=" + week);
    CHECK(seeded["count"] == score_of(challenge(port(), nat, week), "natalie"));
    CHECK(seeded["count"] == 4);
    CHECK(sum_of(seeded) == 4);
    REQUIRE(seeded["activities"].size() == 3);
    CHECK(seeded["activities"][2]["id"] == "before");
    CHECK(seeded["activities"][2]["seeded"] == true);
    CHECK_FALSE(seeded["activities"][1].contains("seeded"));
}

TEST_CASE_FIXTURE(ServerCase, "challenge audit: a points challenge adds up at its own weights after the team's change") {
    auto team = make_team(port(), "alpha");
    const auto& boss = team.tokens["boss"];
    const auto& nat = team.tokens["natalie"];
    auto weights = http_request(port(), "PATCH", "/api/v1/teams/alpha", R"({"points":{"appointments":5}})", boss);
    REQUIRE(weights.status == 200);
    log_http(port(), nat, "calls", "before", 2);
    WsClient jake(port(), team.tokens["jake"]), natalie(port(), nat);
    auto id = create(jake, {{"metric", "points"}, {"kind", "race"}, {"target", 100}, {"participants", {"natalie"}},
                            {"window", {{"period", "week"}}}});
    accept(natalie, id);
    log_http(port(), nat, "appointments", "a1");  // + 5
    REQUIRE(http_request(port(), "PATCH", "/api/v1/teams/alpha", R"({"points":{"calls":4}})", boss).status == 200);
    log_http(port(), nat, "proposals", "p1");  // + 1
    log_http(port(), nat, "calls", "c1");      // + 1 at the agreed weight, 4 on the board

    auto c = challenge(port(), nat, id);
    auto mine = audit(port(), nat, "natalie", "challenge=" + id);
    CHECK(mine["count"] == score_of(c, "natalie"));
    CHECK(mine["count"] == 2 + 5 + 1 + 1);
    CHECK(sum_of(mine, "points") == 9);
    CHECK(mine["weights"] == json({{"calls", 1}, {"appointments", 5}, {"proposals", 1}}));
    REQUIRE(mine["activities"].size() == 4);
    CHECK(mine["activities"][0]["id"] == "c1");
    CHECK(mine["activities"][0]["points"] == 1);
    CHECK_FALSE(mine.contains("earlier"));
    // The week's points board is at the weights in force: the same activities make 3 x 4 + 5 + 1.
    auto board = audit(port(), nat, "natalie", "metric=points&period=week");
    CHECK(board["count"] == 18);
    CHECK(sum_of(board, "points") == 18);
}

TEST_CASE_FIXTURE(ServerCase, "challenge audit: a pair's side, who may read it, and bad parameters") {
    const int port = ServerCase::port();
    auto team = make_pair_team(port, "alpha");
    WsClient jake(port, team.tokens["jake"]), priya(port, team.tokens["priya"]);
    auto id = create(jake, {{"metric", "calls"}, {"kind", "most"}, {"pairs", {"p1", "p2"}}, {"window", {{"period", "week"}}}});
    accept(priya, id);
    log_http(port, team.tokens["natalie"], "calls", "n1", 2);
    log_http(port, team.tokens["jake"], "calls", "j1");
    log_http(port, team.tokens["priya"], "calls", "p1", 3);
    auto c = challenge(port, team.tokens["jake"], id);
    auto side = audit(port, team.tokens["natalie"], "natalie", "challenge=" + id);
    CHECK(side["pair"] == "p1");
    CHECK(side["count"] == score_of(c, "natalie"));
    CHECK(side["count"] == 2);
    CHECK(sum_of(side) == 2);
    // Either pair's reps read each other's; so does a team admin.
    CHECK(audit(port, team.tokens["priya"], "jake", "challenge=" + id)["count"] == 1);
    CHECK(audit(port, team.tokens["boss"], "priya", "challenge=" + id)["pair"] == "p2");

    auto status = [&](const std::string& who, const std::string& rep, const std::string& query) {
        auto r = http_request(port, "GET", "/api/v1/reps/" + rep + "/activities?" + query, "", team.tokens[who]);
        INFO(who << " " << rep << "?" << query << " -> " << r.body);
        return std::pair{r.status, r.status == 200 ? std::string() : r.json_body()["error"]["message"].get<std::string>()};
    };
    // An outsider of the challenge (sofia, a rep of the team) and a display are refused.
    CHECK(status("sofia", "natalie", "challenge=" + id).first == 403);
    CHECK(status("wall", "natalie", "challenge=" + id).first == 403);
    CHECK(status("sofia", "sofia", "challenge=" + id) == std::pair{404, "rep: 'sofia' is not in challenge '" + id + "'"});
    CHECK(status("jake", "natalie", "challenge=c999") == std::pair{404, std::string("challenge: no challenge 'c999'")});
    CHECK(status("jake", "natalie", "challenge=x1") ==
          std::pair{400, std::string("challenge: a challenge id (c12, or x1-7 across teams)")});
    CHECK(status("jake", "natalie", "challenge=" + id + "&metric=calls") ==
          std::pair{400, std::string("query: challenge comes without metric")});
}

TEST_CASE_FIXTURE(ServerCase, "range audit: the weeks from one to another add up to the stats card's totals") {
    auto team = make_team(port(), "alpha");
    const auto& nat = team.tokens["natalie"];
    log_http(port(), nat, "calls", "now", 3);
    log_http(port(), nat, "calls", "last-week", 2, in(-std::chrono::hours(24 * 6)));
    auto stats = http_request(port(), "GET", "/api/v1/reps/natalie/stats?weeks=12", "", nat);
    REQUIRE(stats.status == 200);
    auto weeks = stats.json_body()["weeks"];
    REQUIRE(weeks.size() == 12);
    auto total = stats.json_body()["totals"]["calls"].get<long long>();
    CHECK(total == 5);
    auto query = "metric=calls&from=" + weeks[0]["start"].get<std::string>() + "T12:00:00Z&to=" +
                 weeks[11]["start"].get<std::string>() + "T12:00:00Z";
    auto range = audit(port(), nat, "natalie", query);
    CHECK(range["count"] == total);
    CHECK(sum_of(range) == total);
    CHECK(range["from"] == weeks[0]["week"]);
    CHECK(range["to"] == weeks[11]["week"]);
    CHECK(range["activities"].size() == 2);
    CHECK_FALSE(range.contains("earlier"));

    auto refused = [&](const std::string& q) {
        auto r = http_request(port(), "GET", "/api/v1/reps/natalie/activities?" + q, "", nat);
        INFO(q << " -> " << r.body);
        CHECK(r.status == 400);
        return r.status == 400 ? r.json_body()["error"]["message"].get<std::string>() : std::string();
    };
    CHECK(refused("metric=calls&from=2026-11-02T12:00:00Z") == "query: from and to come together (RFC 3339, the first and last week)");
    CHECK(refused("metric=calls&from=2026-11-09T00:00:00Z&to=2026-11-02T00:00:00Z") == "to: must not be before from");
    CHECK(refused("metric=calls&from=2024-01-01T00:00:00Z&to=2026-11-02T00:00:00Z") == "from: at most 53 weeks before to");
    CHECK(refused("metric=calls&period=week&from=2026-11-02T00:00:00Z&to=2026-11-02T00:00:00Z") ==
          "query: either period (and at) or from and to");
}
