// What managers read: weekly stats with conversion ratios, and the CSV activity export.
#include <doctest/doctest.h>

#include "domain/time.hpp"
#include "e2e/fixture.hpp"

using namespace wp::e2e;

namespace {

void log_http(int port, const std::string& token, const std::string& metric, const std::string& id, int delta,
              const std::string& at = "") {
    json body = {{"metric", metric}, {"id", id}, {"delta", delta}};
    if (!at.empty()) body["at"] = at;
    auto r = wp::test::http_request(port, "POST", "/api/v1/activities", body.dump(), token);
    INFO(r.body);
    REQUIRE(r.status == 201);
}

}  // namespace

TEST_CASE_FIXTURE(ServerCase, "stats: weekly counts per metric and conversion ratios") {
    auto team = make_team(port(), "alpha");
    const auto& natalie = team.tokens["natalie"];
    log_http(port(), natalie, "calls", "c1", 20);
    log_http(port(), natalie, "appointments", "a1", 5);
    log_http(port(), natalie, "proposals", "p1", 2);
    auto last_week = wp::domain::format_rfc3339(wp::domain::now() - std::chrono::hours(24 * 7 - 1));
    log_http(port(), natalie, "calls", "c0", 20, last_week);

    auto r = wp::test::http_request(port(), "GET", "/api/v1/reps/natalie/stats?weeks=4", "", natalie);
    INFO(r.body);
    REQUIRE(r.status == 200);
    auto stats = r.json_body();
    REQUIRE(stats["weeks"].size() == 4);
    CHECK(stats["weeks"][3]["counts"]["calls"] == 20);
    CHECK(stats["weeks"][3]["counts"]["appointments"] == 5);
    CHECK(stats["weeks"][2]["counts"]["calls"] == 20);  // the backdated week
    CHECK(stats["weeks"][0]["counts"]["calls"] == 0);
    CHECK(stats["totals"]["calls"] == 40);
    CHECK(stats["ratios"]["appointments_per_call"].get<double>() == doctest::Approx(5.0 / 40));
    CHECK(stats["ratios"]["proposals_per_appointment"].get<double>() == doctest::Approx(2.0 / 5));

    // Who may read whose stats.
    CHECK(wp::test::http_request(port(), "GET", "/api/v1/reps/natalie/stats", "", team.tokens["jake"]).status == 403);
    CHECK(wp::test::http_request(port(), "GET", "/api/v1/reps/natalie/stats", "", team.tokens["boss"]).status == 200);
    CHECK(wp::test::http_request(port(), "GET", "/api/v1/reps/ghost/stats", "", team.tokens["boss"]).status == 404);
    CHECK(wp::test::http_request(port(), "GET", "/api/v1/reps/natalie/stats?weeks=0", "", natalie).status == 400);
    CHECK(wp::test::http_request(port(), "GET", "/api/v1/reps/natalie/stats?weeks=53", "", natalie).status == 400);
}

TEST_CASE_FIXTURE(ServerCase, "activities.csv: the team's history in a window, quoted per RFC 4180") {
    auto team = make_team(port(), "alpha");
    log_http(port(), team.tokens["natalie"], "calls", "x1", 2);
    auto jo = wp::test::http_request(port(), "POST", "/api/v1/teams/alpha/reps", R"({"id":"jo","name":"Smith, Jo \"The Closer\""})",
                                     wp::test::WolfpackServer::admin_token);
    REQUIRE(jo.status == 201);
    log_http(port(), jo.json_body()["token"].get<std::string>(), "proposals", "y1", 1);
    auto old = wp::domain::format_rfc3339(wp::domain::now() - std::chrono::hours(24 * 3));
    log_http(port(), team.tokens["jake"], "calls", "old", 1, old);

    auto all = wp::test::http_request(port(), "GET", "/api/v1/teams/alpha/activities.csv", "", team.tokens["boss"]);
    REQUIRE(all.status == 200);
    CHECK(all.headers["Content-Type"].starts_with("text/csv"));
    CHECK(all.body.starts_with("at,rep,name,metric,delta,id,source,at_local\r\n"));
    auto lines = std::count(all.body.begin(), all.body.end(), '\n');
    CHECK(lines == 4);
    CHECK(all.body.find(",natalie,natalie,calls,2,x1,api,") != std::string::npos);
    CHECK(all.body.find(R"(,jo,"Smith, Jo ""The Closer""",proposals,1,y1,api,)") != std::string::npos);
    // The oldest first.
    CHECK(all.body.find(",old,") < all.body.find(",x1,"));

    auto from = wp::domain::format_rfc3339(wp::domain::now() - std::chrono::hours(24));
    auto recent = wp::test::http_request(port(), "GET", "/api/v1/teams/alpha/activities.csv?from=" + from, "",
                                         wp::test::WolfpackServer::admin_token);
    REQUIRE(recent.status == 200);
    CHECK(std::count(recent.body.begin(), recent.body.end(), '\n') == 3);
    CHECK(recent.body.find(",old,") == std::string::npos);

    CHECK(wp::test::http_request(port(), "GET", "/api/v1/teams/alpha/activities.csv", "", team.tokens["natalie"]).status == 403);
    CHECK(wp::test::http_request(port(), "GET", "/api/v1/teams/alpha/activities.csv?from=nope", "", team.tokens["boss"]).status == 400);
}
