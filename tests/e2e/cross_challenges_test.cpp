// Partners across teams challenge each other, through the real binary and Redis: Jake of alpha
// and Natalie of beta (each team has people of those names too: ids are per team). Each team
// keeps a half of the challenge with one id; alpha, the challenger's team, decides. Both reps see
// both counts live, the result once, and each team's feed only its own rep's lines.
#include <doctest/doctest.h>

#include <thread>

#include "domain/time.hpp"
#include "e2e/pair_team.hpp"
#include "support/redis_query.hpp"
#include "support/topics.hpp"

using namespace wp::e2e;
using wp::test::data_when;
using wp::test::eventually;
using wp::test::log_on;
using wp::test::subscribe_to;
using wp::test::WsClient;

namespace {

const std::vector<std::string> fast{"--set", "challenges.finisher_ms=100", "--set", "live.coalesce_ms=20"};

// alpha's jake and beta's natalie as partners; returns the partnership id.
std::string partner_up(int port, TeamSetup& alpha, TeamSetup& beta) {
    auto code = call(port, "POST", "/api/v1/teams/alpha/partner-invites", {{"rep", "jake"}}, alpha.tokens["boss"])
                    .json_body()["code"].get<std::string>();
    auto made = call(port, "POST", "/api/v1/teams/beta/partner-invites/accept", {{"code", code}, {"rep", "natalie"}},
                     beta.tokens["boss"]);
    INFO(made.body);
    REQUIRE(made.status == 201);
    return made.json_body()["pair"]["id"].get<std::string>();
}

json create(WsClient& ws, json message) {
    message["type"] = "challenge.create";
    auto a = ws.request(message);
    INFO(a.dump());
    REQUIRE(a["type"] == "ack");
    return a["result"]["challenge"];
}

long long count_of_rep(const json& c, const std::string& team, const std::string& rep) {
    for (const auto& p : c["participants"])
        if (p.value("team", "") == team && p["rep"] == rep) return p["count"].get<long long>();
    return -1;
}

std::string in(std::chrono::milliseconds offset) { return wp::domain::format_rfc3339(wp::domain::now() + offset); }

// A team's stored feed lines about one challenge.
std::vector<json> feed_of(const std::string& team, const std::string& challenge) {
    std::vector<json> out;
    auto entries = wp::test::redis_query(shared_redis().port(), {"XRANGE", "wp:{t:" + team + "}:feed", "-", "+"});
    for (const auto& entry : entries) {
        auto ev = json::parse(entry[1][1].get<std::string>(), nullptr, false);
        if (ev.is_object() && ev.value("challenge", "") == challenge) out.push_back(ev);
    }
    return out;
}

int count_kind(const std::vector<json>& events, const std::string& kind) {
    return static_cast<int>(std::count_if(events.begin(), events.end(), [&](const json& e) { return e["kind"] == kind; }));
}

std::string field(const std::string& team, const std::string& id, const std::string& name) {
    return shared_redis().command({"HGET", "wp:{t:" + team + "}:ch:" + id, name});
}

}  // namespace

TEST_CASE("partners across teams: a challenge made from the pair card, declined, accepted, live on both sides, a race "
          "won by the partner") {
    shared_redis().flushall();
    wp::test::WolfpackServer a(shared_redis().url(), fast), b(shared_redis().url(), fast);
    auto alpha = make_team(a.port(), "alpha");
    auto beta = make_team(a.port(), "beta");
    auto pair = partner_up(a.port(), alpha, beta);
    WsClient jake(a.port(), alpha.tokens["jake"]);       // alpha on one instance,
    WsClient natalie(b.port(), beta.tokens["natalie"]);  // beta on the other
    WsClient alpha_natalie(a.port(), alpha.tokens["natalie"]);

    // The rules: most or race, a metric of both teams, only the partnership's reps.
    json week = {{"period", "week"}};
    auto refused = [&](WsClient& ws, json m) {
        m["type"] = "challenge.create";
        return ws.request(m).value("code", "");
    };
    CHECK(refused(jake, {{"pair", pair}, {"metric", "calls"}, {"kind", "target"}, {"target", 5}, {"window", week}}) == "bad_request");
    CHECK(refused(jake, {{"pair", pair}, {"metric", "points"}, {"kind", "most"}, {"window", week}}) == "bad_request");
    CHECK(refused(jake, {{"pair", "x999"}, {"metric", "calls"}, {"kind", "most"}, {"window", week}}) == "not_found");
    CHECK(refused(jake, {{"pair", "p1"}, {"metric", "calls"}, {"kind", "most"}, {"window", week}}) == "bad_request");
    CHECK(refused(alpha_natalie, {{"pair", pair}, {"metric", "calls"}, {"kind", "most"}, {"window", week}}) == "forbidden");

    // Declined: closed in both teams.
    auto first = create(jake, {{"pair", pair}, {"metric", "calls"}, {"kind", "most"}, {"window", week}});
    auto first_id = first["id"].get<std::string>();
    CHECK(first_id.starts_with(pair + "-"));
    CHECK(first["across_teams"] == true);
    CHECK(first["participants"].size() == 2);
    CHECK(first["participants"][1]["team"] == "beta");
    CHECK(first["participants"][1]["accepted"] == false);
    CHECK(jake.request({{"type", "challenge.accept"}, {"challenge", first_id}})["code"] == "conflict");  // his own
    CHECK(alpha_natalie.request({{"type", "challenge.decline"}, {"challenge", first_id}})["code"] == "forbidden");
    auto mine = subscribe_to(natalie, "challenges:me")["data"]["challenges"];
    REQUIRE(mine.size() == 1);
    CHECK(mine[0]["id"] == first_id);
    CHECK(mine[0]["participants"][1] == json({{"rep", "natalie"}, {"name", "natalie"}, {"count", 0}, {"accepted", false},
                                              {"team", "beta"}}));
    auto declined = natalie.request({{"type", "challenge.decline"}, {"challenge", first_id}});
    INFO(declined.dump());
    REQUIRE(declined["type"] == "ack");
    CHECK(declined["result"]["challenge"]["status"] == "declined");
    CHECK(field("alpha", first_id, "status") == "declined");
    CHECK(field("beta", first_id, "status") == "declined");
    CHECK(shared_redis().command({"SISMEMBER", "wp:{t:beta}:rep:natalie:ch", first_id}) == "0");
    CHECK(shared_redis().command({"ZSCORE", "wp:{t:alpha}:ch:open", first_id}).empty());

    // A race to 5: accepted by Natalie, both counts live on both pages.
    auto race = create(jake, {{"pair", pair}, {"metric", "calls"}, {"kind", "race"}, {"target", 5}, {"window", week},
                              {"stakes", "Loser buys coffee"}});
    auto id = race["id"].get<std::string>();
    auto topic = "challenge:" + id;
    subscribe_to(jake, topic);
    auto seen = subscribe_to(natalie, topic)["data"];
    CHECK(seen["status"] == "proposed");
    CHECK(seen["stakes"] == "Loser buys coffee");
    auto accepted = natalie.request({{"type", "challenge.accept"}, {"challenge", id}});
    INFO(accepted.dump());
    REQUIRE(accepted["type"] == "ack");
    CHECK(accepted["result"]["challenge"]["status"] == "active");
    data_when(jake, topic, [](const json& d) { return d["status"] == "active" && d["participants"][1]["accepted"] == true; });
    CHECK(field("beta", id, "status") == "active");
    // Once each page has the acceptance, a count of the other team reaches it only by its notice.
    data_when(natalie, topic, [](const json& d) { return d["status"] == "active"; });
    std::this_thread::sleep_for(100ms);  // any re-read the acceptance set off is done (coalesced in 20 ms)

    log_on(jake, "calls", "j1", 2);
    data_when(natalie, topic, [](const json& d) { return count_of_rep(d, "alpha", "jake") == 2; });
    log_on(natalie, "calls", "n1", 3);
    data_when(jake, topic, [](const json& d) { return count_of_rep(d, "beta", "natalie") == 3; });
    auto card = subscribe_to(jake, "pair:" + pair)["data"];
    REQUIRE(card["challenges"].size() == 2);
    CHECK(card["challenges"][0]["id"] == id);
    CHECK(card["challenges"][1]["status"] == "declined");

    // Natalie reaches 5 first: she wins, seen on both pages; alpha's jake logs nothing more into it.
    log_on(natalie, "calls", "n2", 2);
    auto on_beta = data_when(natalie, topic, [](const json& d) { return d["status"] == "finished"; });
    auto on_alpha = data_when(jake, topic, [](const json& d) { return d["status"] == "finished"; });
    for (const auto& d : {on_beta, on_alpha}) {
        CHECK(d["winner"] == "natalie");
        CHECK(d["winner_team"] == "beta");
        CHECK(d["reached"] == json::array({"natalie"}));
        CHECK(count_of_rep(d, "beta", "natalie") == 5);
    }
    CHECK(field("beta", id, "status") == "finished");
    CHECK(shared_redis().command({"SISMEMBER", "wp:{t:alpha}:rep:jake:ch", id}) == "0");
    CHECK(shared_redis().command({"SISMEMBER", "wp:{t:beta}:rep:natalie:ch", id}) == "0");
    CHECK(eventually([&] { return shared_redis().command({"ZSCORE", "wp:{t:alpha}:ch:open", id}).empty(); }));

    // The score audit reads each team's half: its own rep's activities, summing to the score.
    auto audit = [&](int port, const std::string& token, const std::string& rep, const std::string& challenge) {
        return call(port, "GET", "/api/v1/reps/" + rep + "/activities?challenge=" + challenge, nullptr, token);
    };
    auto sum_of = [](const json& answer) {
        std::int64_t sum = 0;
        for (const auto& item : answer["activities"]) sum += item["delta"].get<std::int64_t>();
        return sum;
    };
    auto his = audit(a.port(), alpha.tokens["jake"], "jake", id).json_body();
    CHECK(his["count"] == 2);
    CHECK(sum_of(his) == 2);
    auto hers = audit(b.port(), beta.tokens["natalie"], "natalie", id).json_body();
    CHECK(hers["count"] == 5);
    CHECK(sum_of(hers) == 5);
    CHECK(audit(a.port(), alpha.tokens["jake"], "natalie", id).status == 404);  // alpha's half scores alpha's rep
    CHECK(audit(a.port(), alpha.tokens["jake"], "jake", pair + "-").status == 400);

    // Each team's feed: its own rep's lines only, one finish each.
    auto alpha_feed = feed_of("alpha", id), beta_feed = feed_of("beta", id);
    CHECK(count_kind(alpha_feed, "challenge.finished") == 1);
    CHECK(count_kind(beta_feed, "challenge.finished") == 1);
    for (const auto& e : alpha_feed) CHECK(e["participants"] == json::array({"jake"}));
    for (const auto& e : beta_feed) CHECK(e["participants"] == json::array({"natalie"}));

    // Neither team reads the other's: alpha's challenge list has alpha's jake, beta's has beta's natalie.
    auto alpha_mine = subscribe_to(jake, "challenges:me")["data"]["challenges"];
    CHECK(alpha_mine.size() == 2);
    CHECK(call(a.port(), "GET", "/api/v1/teams/beta", nullptr, alpha.tokens["boss"]).status == 403);
    CHECK(count_of(leaderboard(a.port(), alpha.tokens["jake"], "calls", "week"), "natalie") == 0);  // alpha's natalie
    auto theirs = natalie.request({{"type", "challenge.create"}, {"metric", "calls"}, {"kind", "most"},
                                   {"participants", {"priya"}}, {"window", week}});
    REQUIRE(theirs["type"] == "ack");
    auto beta_only = theirs["result"]["challenge"]["id"].get<std::string>();
    CHECK(call(a.port(), "GET", "/api/v1/challenges/" + beta_only, nullptr, alpha.tokens["jake"]).status == 404);
    CHECK(jake.request({{"type", "subscribe"}, {"topic", "challenge:" + beta_only}})["code"] == "not_found");
    auto feed = subscribe_to(jake, "feed")["data"]["events"];
    CHECK(std::none_of(feed.begin(), feed.end(), [&](const json& e) { return e.value("challenge", "") == beta_only; }));
}

TEST_CASE("partners across teams: a most whose window ends while two instances run finishes once, decided at home") {
    shared_redis().flushall();
    wp::test::WolfpackServer a(shared_redis().url(), fast), b(shared_redis().url(), fast);
    auto alpha = make_team(a.port(), "alpha");
    auto beta = make_team(a.port(), "beta");
    auto pair = partner_up(a.port(), alpha, beta);
    WsClient jake(a.port(), alpha.tokens["jake"]);
    WsClient natalie(b.port(), beta.tokens["natalie"]);
    auto made = create(jake, {{"pair", pair}, {"metric", "calls"}, {"kind", "most"},
                              {"window", {{"start", in(-1000ms)}, {"end", in(2000ms)}}}});
    auto id = made["id"].get<std::string>();
    auto topic = "challenge:" + id;
    REQUIRE(natalie.request({{"type", "challenge.accept"}, {"challenge", id}})["type"] == "ack");
    subscribe_to(jake, topic);
    subscribe_to(natalie, topic);
    log_on(jake, "calls", "j1", 2);
    log_on(natalie, "calls", "n1", 4);
    auto on_alpha = data_when(jake, topic, [](const json& d) { return d["status"] == "finished"; }, 6000ms);
    auto on_beta = data_when(natalie, topic, [](const json& d) { return d["status"] == "finished"; }, 6000ms);
    CHECK(on_alpha["winner"] == "natalie");
    CHECK(on_beta["winner"] == "natalie");
    CHECK(count_of_rep(on_alpha, "alpha", "jake") == 2);
    CHECK(count_of_rep(on_alpha, "beta", "natalie") == 4);
    CHECK(field("beta", id, "frozen") == "1");  // the away score was final before home decided
    // Several more passes of both finishers: still one finish, one decision.
    CHECK(eventually([&] { return shared_redis().command({"ZSCORE", "wp:{t:alpha}:ch:open", id}).empty(); }));
    std::this_thread::sleep_for(300ms);
    CHECK(count_kind(feed_of("alpha", id), "challenge.finished") == 1);
    CHECK(count_kind(feed_of("beta", id), "challenge.finished") == 1);
    auto decided = [&](const std::string& log) {
        const auto line = "challenge.finished team=alpha challenge=" + id + " ";
        int n = 0;
        for (auto p = log.find(line); p != std::string::npos; p = log.find(line, p + 1)) ++n;
        return n;
    };
    CHECK(decided(a.log()) + decided(b.log()) == 1);
    // After the close neither count moves.
    log_on(natalie, "calls", "late", 5);
    auto after = call(b.port(), "GET", "/api/v1/challenges/" + id, nullptr, beta.tokens["natalie"]).json_body();
    CHECK(count_of_rep(after, "beta", "natalie") == 4);
}

TEST_CASE("partners across teams: a finish is repaired when a step between the teams never ran") {
    shared_redis().flushall();
    wp::test::WolfpackServer a(shared_redis().url(), fast);
    auto alpha = make_team(a.port(), "alpha");
    auto beta = make_team(a.port(), "beta");
    auto pair = partner_up(a.port(), alpha, beta);
    WsClient jake(a.port(), alpha.tokens["jake"]);
    WsClient natalie(a.port(), beta.tokens["natalie"]);
    auto id = create(jake, {{"pair", pair}, {"metric", "calls"}, {"kind", "race"}, {"target", 3},
                            {"window", {{"period", "week"}}}})["id"].get<std::string>();
    REQUIRE(natalie.request({{"type", "challenge.accept"}, {"challenge", id}})["type"] == "ack");

    // Natalie's half reached the target, the server stopped before asking home: what her log
    // script leaves (her score, the half due at once) and nothing more. A finisher decides.
    shared_redis().command({"ZADD", "wp:{t:beta}:ch:" + id + ":score", "3", "natalie"});
    shared_redis().command({"ZADD", "wp:{t:beta}:ch:open", "1", id});
    CHECK(eventually([&] { return field("alpha", id, "status") == "finished"; }));
    CHECK(field("alpha", id, "winner") == "natalie");
    CHECK(field("alpha", id, "winner_team") == "beta");
    CHECK(eventually([&] { return field("beta", id, "status") == "finished"; }));
    CHECK(shared_redis().command({"SISMEMBER", "wp:{t:beta}:rep:natalie:ch", id}) == "0");

    // Home decided, the copy never came: the home half stays due until the away half has it.
    auto second = create(jake, {{"pair", pair}, {"metric", "calls"}, {"kind", "most"}, {"window", {{"period", "week"}}}})["id"]
                      .get<std::string>();
    REQUIRE(jake.request({{"type", "challenge.cancel"}, {"challenge", second}})["type"] == "ack");
    CHECK(field("beta", second, "status") == "cancelled");
    shared_redis().command({"HSET", "wp:{t:beta}:ch:" + second, "status", "proposed"});  // as if never copied
    shared_redis().command({"SADD", "wp:{t:beta}:rep:natalie:ch", second});
    shared_redis().command({"ZADD", "wp:{t:alpha}:ch:open", "0", second});
    CHECK(eventually([&] { return field("beta", second, "status") == "cancelled"; }));
    CHECK(shared_redis().command({"SISMEMBER", "wp:{t:beta}:rep:natalie:ch", second}) == "0");
    CHECK(eventually([&] { return shared_redis().command({"ZSCORE", "wp:{t:alpha}:ch:open", second}).empty(); }));

    // An away half whose home half never came is cancelled at its window's close.
    auto third = create(jake, {{"pair", pair}, {"metric", "calls"}, {"kind", "most"},
                               {"window", {{"start", in(-1000ms)}, {"end", in(600ms)}}}})["id"].get<std::string>();
    shared_redis().command({"DEL", "wp:{t:alpha}:ch:" + third});
    shared_redis().command({"ZREM", "wp:{t:alpha}:ch:open", third});
    CHECK(eventually([&] { return field("beta", third, "status") == "cancelled"; }));
}

TEST_CASE_FIXTURE(ServerCase, "partners across teams: the inviting team's console hears of the partnership accepted elsewhere") {
    auto alpha = make_team(port(), "alpha");
    auto beta = make_team(port(), "beta");
    WsClient boss(port(), alpha.tokens["boss"]);
    auto before = subscribe_to(boss, "team")["data"];
    CHECK(before["partners"] == json::array());
    auto pair = partner_up(port(), alpha, beta);
    auto after = data_when(boss, "team", [](const json& d) { return d["partners"].size() == 1; });
    CHECK(after["partners"][0] == json({{"id", pair}, {"rep", "jake"}, {"team", "beta"}}));
    WsClient jake(port(), alpha.tokens["jake"]);
    CHECK(!jake.welcome()["me"].contains("partners"));
    CHECK(!jake.welcome().contains("partners"));  // a rep's view has none
}
