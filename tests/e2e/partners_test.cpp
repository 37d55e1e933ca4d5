// Partners across teams through the real binary: an invite from one team's admin, accepted by
// the other's; both reps get the card (each half read from its own team), it moves with either
// one's activity; neither team sees the other's boards, feed, roster or challenges.
#include <doctest/doctest.h>

#include "e2e/pair_team.hpp"
#include "support/topics.hpp"

using namespace wp::e2e;
using wp::test::WsClient;
using wp::test::data_when;
using wp::test::log_on;
using wp::test::subscribe_to;

namespace {

long long week_calls(const json& card, const std::string& team, const std::string& rep) {
    for (const auto& r : card["reps"])
        if (r["team"] == team && r["rep"] == rep) return r["counts"]["calls"]["week"].get<long long>();
    return -1;
}

}  // namespace

TEST_CASE_FIXTURE(ServerCase, "partners across teams: one card for both, each team sees only its own") {
    auto alpha = make_team(port(), "alpha");
    auto beta = make_team(port(), "beta");  // the same rep ids in another team: other people
    auto invite = call(port(), "POST", "/api/v1/teams/alpha/partner-invites", {{"rep", "natalie"}}, alpha.tokens["boss"]);
    INFO(invite.body);
    REQUIRE(invite.status == 201);
    auto code = invite.json_body()["code"].get<std::string>();
    CHECK(call(port(), "POST", "/api/v1/teams/alpha/partner-invites", {{"rep", "wall"}}, alpha.tokens["boss"]).status == 400);
    CHECK(call(port(), "POST", "/api/v1/teams/alpha/partner-invites", {{"rep", "natalie"}}, beta.tokens["boss"]).status == 403);
    CHECK(call(port(), "POST", "/api/v1/teams/alpha/partner-invites/accept", {{"code", code}, {"rep", "jake"}},
               alpha.tokens["boss"]).status == 400);  // its own team's code
    CHECK(call(port(), "POST", "/api/v1/teams/beta/partner-invites/accept", {{"code", code}, {"rep", "wall"}},
               beta.tokens["boss"]).status == 400);  // a display; the code stays valid
    auto accepted = call(port(), "POST", "/api/v1/teams/beta/partner-invites/accept", {{"code", code}, {"rep", "priya"}},
                         beta.tokens["boss"]);
    INFO(accepted.body);
    REQUIRE(accepted.status == 201);
    auto pair = accepted.json_body()["pair"];
    const auto id = pair["id"].get<std::string>();
    CHECK(pair["reps"] == json::array({{{"team", "alpha"}, {"rep", "natalie"}}, {{"team", "beta"}, {"rep", "priya"}}}));
    CHECK(call(port(), "POST", "/api/v1/teams/beta/partner-invites/accept", {{"code", code}, {"rep", "jake"}},
               beta.tokens["boss"]).status == 401);  // spent

    WsClient natalie(port(), alpha.tokens["natalie"]), priya(port(), beta.tokens["priya"]);
    auto mine = natalie.welcome()["me"]["pairs"];
    CHECK(std::any_of(mine.begin(), mine.end(), [&](const json& p) {
        return p["id"] == id && p["partner"] == "priya" && p["partner_team"] == "beta";
    }));
    auto card = subscribe_to(natalie, "pair:" + id)["data"];
    CHECK(card["across_teams"] == true);
    CHECK(card["reps"].size() == 2);
    CHECK(week_calls(card, "beta", "priya") == 0);
    subscribe_to(priya, "pair:" + id);

    // Either one's activity moves both cards; each team's board and feed show only its own rep.
    log_on(priya, "calls", "p1", 3);
    log_on(natalie, "calls", "n1", 2);
    data_when(natalie, "pair:" + id, [](const json& d) { return week_calls(d, "beta", "priya") == 3 && week_calls(d, "alpha", "natalie") == 2; });
    data_when(priya, "pair:" + id, [](const json& d) { return week_calls(d, "alpha", "natalie") == 2 && week_calls(d, "beta", "priya") == 3; });
    auto alpha_board = leaderboard(port(), alpha.tokens["natalie"], "calls", "week");
    CHECK(count_of(alpha_board, "natalie") == 2);
    CHECK(count_of(alpha_board, "priya") == 0);  // alpha's own priya logged nothing; beta's 3 stay in beta
    CHECK(count_of(leaderboard(port(), beta.tokens["priya"], "calls", "week"), "natalie") == 0);
    auto feed = subscribe_to(natalie, "feed")["data"]["events"];
    CHECK(std::none_of(feed.begin(), feed.end(), [](const json& e) { return e.value("rep", "") == "priya"; }));
    CHECK(subscribe_to(natalie, "pairs:calls:week")["data"]["rows"].size() == 1);  // only alpha's own pair p1

    // The other team is closed: its roster and reports 403, its challenges 404.
    CHECK(call(port(), "GET", "/api/v1/teams/beta", nullptr, alpha.tokens["boss"]).status == 403);
    CHECK(call(port(), "GET", "/api/v1/teams/beta/coaching", nullptr, alpha.tokens["boss"]).status == 403);
    auto theirs = priya.request({{"type", "challenge.create"}, {"metric", "calls"}, {"kind", "most"},
                                 {"participants", {"jake"}}, {"window", {{"period", "week"}}}});
    REQUIRE(theirs["type"] == "ack");
    auto cid = theirs["result"]["challenge"]["id"].get<std::string>();
    CHECK(call(port(), "GET", "/api/v1/challenges/" + cid, nullptr, alpha.tokens["natalie"]).status == 404);
    CHECK(natalie.request({{"type", "subscribe"}, {"topic", "challenge:" + cid}})["code"] == "not_found");
    auto roster = call(port(), "GET", "/api/v1/teams/alpha", nullptr, alpha.tokens["boss"]).json_body();
    CHECK(roster["partners"] == json::array({{{"id", id}, {"rep", "natalie"}, {"team", "beta"}, {"partner", "priya"},
                                              {"partner_name", "priya"}}}));

    // Either team dissolves it: both halves go, and neither card is there any more.
    REQUIRE(call(port(), "DELETE", "/api/v1/teams/beta/pairs/" + id, nullptr, beta.tokens["boss"]).status == 204);
    CHECK(shared_redis().command({"HLEN", "wp:{t:alpha}:partners"}) == "0");
    CHECK(shared_redis().command({"HLEN", "wp:{t:beta}:partners"}) == "0");
    WsClient again(port(), alpha.tokens["natalie"]);
    CHECK(again.request({{"type", "subscribe"}, {"topic", "pair:" + id}})["code"] == "not_found");
}

TEST_CASE_FIXTURE(ServerCase, "partners across teams: a partner deleted in their team leaves no card behind") {
    auto alpha = make_team(port(), "alpha");
    auto beta = make_team(port(), "beta");
    auto code = call(port(), "POST", "/api/v1/teams/alpha/partner-invites", {{"rep", "jake"}}, alpha.tokens["boss"])
                    .json_body()["code"].get<std::string>();
    auto made = call(port(), "POST", "/api/v1/teams/beta/partner-invites/accept", {{"code", code}, {"rep", "natalie"}},
                     beta.tokens["boss"]);
    REQUIRE(made.status == 201);
    auto id = made.json_body()["pair"]["id"].get<std::string>();
    WsClient jake(port(), alpha.tokens["jake"]);
    subscribe_to(jake, "team");
    REQUIRE(call(port(), "DELETE", "/api/v1/teams/beta/reps/natalie", nullptr, beta.tokens["boss"]).status == 204);
    // Jake's team view follows at once: the partnership is gone from me.pairs.
    data_when(jake, "team", [&](const json& d) {
        const auto& pairs = d["me"]["pairs"];
        return std::none_of(pairs.begin(), pairs.end(), [&](const json& p) { return p["id"] == id; });
    });
    CHECK(jake.request({{"type", "subscribe"}, {"topic", "pair:" + id}})["code"] == "not_found");
}
