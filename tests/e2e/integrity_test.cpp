// Rules that keep the data true and safe to use, each with the exact answer and nothing
// changed: CSV cells a spreadsheet would run as formulas, corrections below zero, challenge
// windows far ahead, proposals that lock a rep out, ids in admin paths, and closed challenges
// expiring with the history.
#include <doctest/doctest.h>

#include "domain/time.hpp"
#include "e2e/fixture.hpp"

using namespace wp::e2e;
using wp::test::WsClient;

namespace {

wp::test::HttpResult log_http(int port, const std::string& token, const std::string& id, int delta,
                              const std::string& at = "") {
    json body = {{"metric", "calls"}, {"id", id}, {"delta", delta}};
    if (!at.empty()) body["at"] = at;
    return wp::test::http_request(port, "POST", "/api/v1/activities", body.dump(), token);
}

std::string add_rep(int port, const std::string& id, const std::string& name) {
    auto r = wp::test::http_request(port, "POST", "/api/v1/teams/alpha/reps", json{{"id", id}, {"name", name}}.dump(),
                                    wp::test::WolfpackServer::admin_token);
    INFO(r.body);
    REQUIRE(r.status == 201);
    return r.json_body()["token"].get<std::string>();
}

}  // namespace

TEST_CASE_FIXTURE(ServerCase, "activities.csv: cells that begin with = + - @ are prefixed with ' so no spreadsheet runs them") {
    auto team = make_team(port(), "alpha");
    auto dash = add_rep(port(), "-dash", R"n(=HYPERLINK("http://evil.example","click"))n");
    auto at = add_rep(port(), "at", "@SUM(1+1)");
    auto plus = add_rep(port(), "plus", "+1 caller");
    REQUIRE(log_http(port(), dash, "-first", 1).status == 201);
    REQUIRE(log_http(port(), at, "a1", 1).status == 201);
    REQUIRE(log_http(port(), plus, "p1", 2).status == 201);
    REQUIRE(log_http(port(), plus, "p2", -1).status == 201);
    REQUIRE(log_http(port(), team.tokens["natalie"], "n1", 1).status == 201);
    auto csv = wp::test::http_request(port(), "GET", "/api/v1/teams/alpha/activities.csv", "", team.tokens["boss"]);
    REQUIRE(csv.status == 200);
    INFO(csv.body);
    CHECK(csv.body.find(R"csv(,'-dash,"'=HYPERLINK(""http://evil.example"",""click"")",calls,1,'-first,api,)csv") !=
          std::string::npos);
    CHECK(csv.body.find(",at,'@SUM(1+1),calls,1,a1,api,") != std::string::npos);
    CHECK(csv.body.find(",plus,'+1 caller,calls,2,p1,api,") != std::string::npos);
    CHECK(csv.body.find(",plus,'+1 caller,calls,-1,p2,api,") != std::string::npos);  // a number stays one
    CHECK(csv.body.find(",natalie,natalie,calls,1,n1,api,") != std::string::npos);
    // No line of it starts a cell with a formula character unescaped.
    for (std::size_t at_line = 0; at_line < csv.body.size();) {
        auto end = csv.body.find("\r\n", at_line);
        auto line = csv.body.substr(at_line, end - at_line);
        for (std::size_t c = 0; c < line.size(); c = line.find(',', c) + 1) {
            auto cell = line.substr(c, line.find(',', c) - c);
            if (!cell.empty() && cell != "-1") CHECK(std::string("=+@").find(cell.front()) == std::string::npos);
            if (line.find(',', c) == std::string::npos) break;
        }
        at_line = end + 2;
    }
}

TEST_CASE_FIXTURE(ServerCase, "a correction that would take the day below zero is conflict and changes nothing") {
    auto team = make_team(port(), "alpha");
    const auto& natalie = team.tokens["natalie"];
    REQUIRE(log_http(port(), natalie, "two", 2).status == 201);
    WsClient jake(port(), team.tokens["jake"]);
    auto feed_before = wp::test::subscribe_snapshot(jake, "feed")["data"]["events"].size();

    auto refused = log_http(port(), natalie, "minus-three", -3);
    CHECK(refused.status == 409);
    CHECK(refused.json_body()["error"]["code"] == "conflict");
    auto message = refused.json_body()["error"]["message"].get<std::string>();
    CHECK(message.starts_with("delta: -3 would take natalie's calls for "));
    CHECK(message.find(" below zero (it is 2)") != std::string::npos);
    // Over WebSocket too, and a batch item on its own.
    WsClient ws(port(), natalie);
    auto over_ws = ws.request({{"type", "log"}, {"metric", "calls"}, {"id", "ws-minus"}, {"delta", -5}});
    CHECK(over_ws["type"] == "error");
    CHECK(over_ws["code"] == "conflict");
    auto in_batch = wp::test::http_request(port(), "POST", "/api/v1/activities",
                                           json{{"activities", {{{"metric", "calls"}, {"id", "b-minus"}, {"delta", -9}},
                                                                {{"metric", "calls"}, {"id", "b-plus"}}}}}.dump(), natalie);
    REQUIRE(in_batch.status == 200);
    CHECK(in_batch.json_body()["results"][0]["error"]["code"] == "conflict");
    CHECK(in_batch.json_body()["results"][1]["ok"] == true);

    // Nothing of the refused ones: every board holds 3, no event, no history row, the id unspent.
    for (const char* period : {"day", "week", "month", "quarter", "all"}) {
        CAPTURE(period);
        auto board = leaderboard(port(), natalie, "calls", period);
        CHECK(count_of(board, "natalie") == 3);
        CHECK(board["total"] == 3);
    }
    auto csv = wp::test::http_request(port(), "GET", "/api/v1/teams/alpha/activities.csv", "", team.tokens["boss"]);
    CHECK(csv.body.find("minus") == std::string::npos);
    WsClient reader(port(), team.tokens["priya"]);
    CHECK(wp::test::subscribe_snapshot(reader, "feed")["data"]["events"].size() == feed_before + 1);  // b-plus only
    CHECK(log_http(port(), natalie, "minus-three", -3).status == 201);  // judged afresh: now it fits
    CHECK(log_http(port(), natalie, "minus-one", -1).status == 409);
    CHECK(count_of(leaderboard(port(), natalie, "calls", "day"), "natalie") == 0);

    // The activity's own day counts: a backdated correction against yesterday's count.
    auto yesterday = wp::domain::format_rfc3339(wp::domain::now() - std::chrono::hours(30));
    CHECK(log_http(port(), natalie, "old-minus", -1, yesterday).status == 409);
    REQUIRE(log_http(port(), natalie, "old-plus", 1, yesterday).status == 201);
    CHECK(log_http(port(), natalie, "old-minus", -1, yesterday).status == 201);
    CHECK(count_of(leaderboard(port(), natalie, "calls", "all"), "natalie") == 0);
}

namespace {

json create(WsClient& ws, const json& participants, const json& window = {{"period", "month"}}) {
    return ws.request({{"type", "challenge.create"}, {"metric", "calls"}, {"kind", "most"},
                       {"participants", participants}, {"window", window}});
}

std::string rfc3339_in(std::chrono::hours h) { return wp::domain::format_rfc3339(wp::domain::now() + h); }

}  // namespace

TEST_CASE_FIXTURE(ServerCase, "a challenge window starts at most 92 days ahead and lasts at most 366 days: nothing created") {
    auto team = make_team(port(), "alpha");
    WsClient jake(port(), team.tokens["jake"]);
    auto far = create(jake, {"natalie"}, {{"start", rfc3339_in(std::chrono::hours(24 * 93))},
                                          {"end", rfc3339_in(std::chrono::hours(24 * 100))}});
    CHECK(far["code"] == "bad_request");
    CHECK(far["message"] == "window.start: at most 92 days ahead");
    auto year_9998 = create(jake, {"natalie"}, {{"start", "9998-01-01T00:00:00Z"}, {"end", "9998-06-01T00:00:00Z"}});
    CHECK(year_9998["message"] == "window.start: at most 92 days ahead");
    auto long_one = create(jake, {"natalie"}, {{"start", rfc3339_in(std::chrono::hours(1))},
                                               {"end", rfc3339_in(std::chrono::hours(24 * 367))}});
    CHECK(long_one["message"] == "window: at most 366 days long");
    CHECK(shared_redis().command({"EXISTS", "wp:{t:alpha}:seq:ch"}) == "0");  // not even an id was taken
    CHECK(create(jake, {"natalie"}, {{"start", rfc3339_in(std::chrono::hours(24 * 91))},
                                     {"end", rfc3339_in(std::chrono::hours(24 * 120))}})["type"] == "ack");
}

TEST_CASE_FIXTURE(ServerCase, "20 unanswered proposals do not lock their invitee out: only created or accepted ones count") {
    auto team = make_team(port(), "alpha");
    WsClient jake(port(), team.tokens["jake"]);
    WsClient natalie(port(), team.tokens["natalie"]);
    WsClient priya(port(), team.tokens["priya"]);
    std::vector<std::string> proposals;
    for (int i = 0; i < 20; ++i) {
        auto made = create(jake, {"natalie"});
        REQUIRE(made["type"] == "ack");
        proposals.push_back(made["result"]["challenge"]["id"].get<std::string>());
    }
    auto jake_full = create(jake, {"priya"});  // his own 20 count for him
    CHECK(jake_full["code"] == "conflict");
    CHECK(jake_full["message"].get<std::string>().starts_with("participants: jake already has 20 open challenges"));

    // Natalie, with 20 proposals waiting, still challenges and is challenged.
    REQUIRE(create(natalie, {"priya"})["type"] == "ack");
    REQUIRE(create(priya, {"natalie"})["type"] == "ack");
    for (int i = 0; i < 18; ++i)
        REQUIRE(natalie.request({{"type", "challenge.accept"}, {"challenge", proposals[static_cast<std::size_t>(i)]}})["type"] == "ack");
    // Counted: the one she created and 18 accepted; priya's proposal is not. The 19th makes 20.
    REQUIRE(natalie.request({{"type", "challenge.accept"}, {"challenge", proposals[18]}})["type"] == "ack");
    auto full = natalie.request({{"type", "challenge.accept"}, {"challenge", proposals[19]}});
    CHECK(full["code"] == "conflict");
    CHECK(full["message"].get<std::string>().starts_with("challenge: you already have 20 open challenges"));
    // Nothing changed: still proposed, natalie not among those who accepted.
    auto still = wp::test::http_request(port(), "GET", "/api/v1/challenges/" + proposals[19], "", team.tokens["jake"]);
    auto challenge = still.json_body();
    CHECK(challenge["status"] == "proposed");
    for (const auto& p : challenge["participants"])
        if (p["rep"] == "natalie") CHECK(p["accepted"] == false);
    CHECK(create(priya, {"natalie"})["code"] == "conflict");  // now her 20 are taken
    // Full, she can still decline what she will not take.
    CHECK(natalie.request({{"type", "challenge.decline"}, {"challenge", proposals[19]}})["type"] == "ack");
}

TEST_CASE("closed challenges (hash and scores) expire with history.retention_days, open ones do not") {
    shared_redis().flushall();
    wp::test::WolfpackServer server(shared_redis().url(), {"--set", "history.retention_days=2"});
    const int port = server.port();
    auto team = make_team(port, "alpha");
    WsClient jake(port, team.tokens["jake"]);
    WsClient natalie(port, team.tokens["natalie"]);
    auto id_of = [](const json& made) { return made["result"]["challenge"]["id"].get<std::string>(); };
    auto open = id_of(create(jake, {"natalie"}));
    auto cancelled = id_of(create(jake, {"natalie"}));
    auto declined = id_of(create(jake, {"natalie"}));
    auto race = jake.request({{"type", "challenge.create"}, {"metric", "calls"}, {"kind", "race"}, {"target", 1},
                              {"participants", {"natalie"}}, {"window", {{"period", "week"}}}});
    auto raced = id_of(race);
    REQUIRE(jake.request({{"type", "challenge.cancel"}, {"challenge", cancelled}})["type"] == "ack");
    REQUIRE(natalie.request({{"type", "challenge.decline"}, {"challenge", declined}})["type"] == "ack");
    REQUIRE(natalie.request({{"type", "challenge.accept"}, {"challenge", raced}})["type"] == "ack");
    REQUIRE(natalie.request({{"type", "log"}, {"metric", "calls"}, {"id", "win"}})["type"] == "ack");  // finishes the race
    auto ttl = [&](const std::string& key) { return std::stoll(shared_redis().command({"TTL", key})); };
    const long long two_days = 2 * 86400;
    for (const auto& id : {cancelled, declined, raced}) {
        CAPTURE(id);
        for (const std::string& key : {"wp:{t:alpha}:ch:" + id, "wp:{t:alpha}:ch:" + id + ":score"}) {
            CAPTURE(key);
            CHECK(ttl(key) > two_days - 60);
            CHECK(ttl(key) <= two_days);
        }
    }
    auto raced_now = wp::test::http_request(port, "GET", "/api/v1/challenges/" + raced, "", team.tokens["jake"]);
    CHECK(raced_now.json_body()["status"] == "finished");
    CHECK(raced_now.json_body()["winner"] == "natalie");
    CHECK(ttl("wp:{t:alpha}:ch:" + open) == -1);  // open: kept while it runs
    CHECK(ttl("wp:{t:alpha}:ch:" + open + ":score") == -1);
}

TEST_CASE_FIXTURE(ServerCase, "ids in paths are checked like ids in bodies: 400 naming the rule, never a Redis error") {
    auto team = make_team(port(), "alpha");
    WsClient natalie(port(), team.tokens["natalie"]);
    REQUIRE(create(natalie, {"jake"})["type"] == "ack");  // so that wp:{t:alpha}:rep:natalie:ch exists
    const std::string admin = wp::test::WolfpackServer::admin_token;
    struct Case {
        std::string method, target, field;
    };
    for (const auto& c : std::vector<Case>{
             {"DELETE", "/api/v1/teams/alpha/reps/natalie:ch", "rep"},
             {"POST", "/api/v1/teams/alpha/reps/natalie:ch/token", "rep"},
             {"POST", "/api/v1/teams/alpha/reps/Natalie/token", "rep"},
             {"DELETE", "/api/v1/teams/alpha/reps/" + std::string(33, 'n'), "rep"},
             {"GET", "/api/v1/teams/al:pha", "team"},
             {"POST", "/api/v1/teams/al%3Apha/reps", "team"},
             {"POST", "/api/v1/teams/al%20pha/pairs", "team"},
             {"GET", "/api/v1/teams/al:pha/activities.csv", "team"},
             {"GET", "/api/v1/reps/nat:alie/stats", "rep"},
             {"GET", "/api/v1/challenges/c1:score", "challenge"}}) {
        CAPTURE(c.method + " " + c.target);
        auto r = wp::test::http_request(port(), c.method, c.target, c.method == "POST" ? "{}" : "", admin);
        CHECK(r.status == 400);
        CHECK(r.json_body()["error"]["code"] == "bad_request");
        CHECK(r.json_body()["error"]["message"] == c.field + ": 1-32 characters of [a-z0-9_-]");
    }
    // Nothing changed: natalie's token works and her challenge is there.
    auto mine = wp::test::subscribe_snapshot(natalie, "challenges:me");
    CHECK(mine["data"]["challenges"].size() == 1);
    CHECK(shared_redis().command({"TYPE", "wp:{t:alpha}:rep:natalie:ch"}) == "set");
    CHECK(wp::test::http_request(port(), "GET", "/api/v1/teams/alpha", "", admin).json_body()["reps"].size() == 5);
}
