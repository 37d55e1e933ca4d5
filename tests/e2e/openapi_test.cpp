// proto/openapi.yaml against the running server: every documented route answers with one of
// its documented statuses, and the methods it does not document are not served.
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "e2e/fixture.hpp"
#include "store/tokens.hpp"

using namespace wp::e2e;

namespace {

json openapi() {
    std::ifstream in(std::string(WOLFPACK_SOURCE_DIR) + "/proto/openapi.yaml");
    std::stringstream ss;
    ss << in.rdbuf();
    // Written in YAML's JSON form, so a JSON parser reads it.
    auto doc = json::parse(ss.str(), nullptr, false);
    REQUIRE_FALSE(doc.is_discarded());
    return doc;
}

std::string fill(std::string path, const std::map<std::string, std::string>& params) {
    for (const auto& [name, value] : params) {
        auto p = path.find("{" + name + "}");
        if (p != std::string::npos) path.replace(p, name.size() + 2, value);
    }
    return path;
}

}  // namespace

TEST_CASE_FIXTURE(ServerCase, "every route in proto/openapi.yaml answers as documented") {
    auto team = make_team(port(), "alpha");
    wp::test::WsClient jake(port(), team.tokens["jake"]);
    auto created = jake.request({{"type", "challenge.create"}, {"metric", "calls"}, {"kind", "most"},
                                 {"participants", {"natalie"}}, {"window", {{"period", "week"}}}});
    REQUIRE(created["type"] == "ack");
    // Codes and tokens the sign-in routes spend: made before the walk, for reps the walk leaves alone.
    const std::string setup_code = "openapi-setup-code-0123456789";
    shared_redis().command({"SET", "wp:setup:" + wp::store::token_hash(setup_code), "9999999999999"});
    auto invite = wp::test::http_request(port(), "POST", "/api/v1/teams/alpha/reps/natalie/invite", "", team.tokens["boss"]);
    REQUIRE(invite.status == 201);
    auto sam = wp::test::http_request(port(), "POST", "/api/v1/teams/alpha/reps", R"({"id":"sam","name":"Sam"})",
                                      team.tokens["boss"]);
    REQUIRE(sam.status == 201);
    // A partner invite from another team, for alpha's admin to accept.
    REQUIRE(wp::test::http_request(port(), "POST", "/api/v1/teams", R"({"id":"delta","name":"Delta","tz":"UTC"})",
                                   wp::test::WolfpackServer::admin_token).status == 201);
    REQUIRE(wp::test::http_request(port(), "POST", "/api/v1/teams/delta/reps", R"({"id":"dan","name":"Dan"})",
                                   wp::test::WolfpackServer::admin_token).status == 201);
    auto partner_code = wp::test::http_request(port(), "POST", "/api/v1/teams/delta/partner-invites", R"({"rep":"dan"})",
                                               wp::test::WolfpackServer::admin_token).json_body()["code"];
    // Two TVs waiting: one the walk asks about, one it pairs.
    auto tv = wp::test::http_request(port(), "POST", "/api/v1/displays/pairing", "");
    auto other_tv = wp::test::http_request(port(), "POST", "/api/v1/displays/pairing", "");
    REQUIRE(tv.status == 201);
    REQUIRE(other_tv.status == 201);
    std::map<std::string, std::string> params{{"team", "alpha"}, {"rep", "priya"}, {"pair", "p1"},
                                              {"pairing", tv.json_body()["code"].get<std::string>()}, {"display", "wall"},
                                              {"id", created["result"]["challenge"]["id"].get<std::string>()}};
    // A valid request per route, and who sends it.
    const std::string admin = wp::test::WolfpackServer::admin_token;
    std::map<std::string, std::pair<std::string, std::string>> samples{  // "METHOD path" -> {token, body}
        {"POST /api/v1/activities", {team.tokens["natalie"], R"({"metric":"calls","id":"oa-1"})"}},
        {"GET /api/v1/leaderboard", {team.tokens["natalie"], ""}},
        {"GET /api/v1/challenges/{id}", {team.tokens["natalie"], ""}},
        {"GET /api/v1/reps/{rep}/stats", {team.tokens["boss"], ""}},
        {"GET /api/v1/reps/{rep}/activities", {team.tokens["boss"], ""}},
        {"PUT /api/v1/teams/{team}/reps/{rep}/targets", {team.tokens["boss"], R"({"calls":{"week":50}})"}},
        {"POST /api/v1/teams", {admin, R"({"id":"beta","name":"Beta","tz":"America/New_York"})"}},
        {"GET /api/v1/teams/{team}", {team.tokens["boss"], ""}},
        {"POST /api/v1/teams/{team}/reps", {team.tokens["boss"], R"({"id":"sofia","name":"Sofia"})"}},
        {"DELETE /api/v1/teams/{team}/reps/{rep}", {admin, ""}},
        {"POST /api/v1/teams/{team}/reps/{rep}/token", {admin, ""}},
        {"POST /api/v1/teams/{team}/pairs", {admin, R"({"reps":["jake","priya"]})"}},
        {"GET /api/v1/teams/{team}/activities.csv", {team.tokens["boss"], ""}},
        {"GET /api/v1/teams", {admin, ""}},
        {"PATCH /api/v1/teams/{team}", {team.tokens["boss"], R"({"name":"Alpha renamed"})"}},
        {"PATCH /api/v1/teams/{team}/reps/{rep}", {team.tokens["boss"], R"({"name":"Priya P"})"}},
        {"POST /api/v1/teams/{team}/reps/{rep}/invite", {team.tokens["boss"], ""}},
        {"DELETE /api/v1/teams/{team}/reps/{rep}/sessions", {team.tokens["boss"], ""}},
        {"DELETE /api/v1/teams/{team}/pairs/{pair}", {team.tokens["boss"], ""}},
        {"GET /api/v1/teams/{team}/coaching", {team.tokens["boss"], ""}},
        {"POST /api/v1/teams/{team}/partner-invites", {team.tokens["boss"], R"({"rep":"jake"})"}},
        {"POST /api/v1/teams/{team}/partner-invites/accept", {team.tokens["boss"], json{{"code", partner_code}, {"rep", "jake"}}.dump()}},
        {"POST /api/v1/setup", {"", R"({"code":"openapi-setup-code-0123456789","team":{"id":"gamma","name":"Gamma","tz":"UTC"},"manager":{"id":"gina","name":"Gina"}})"}},
        {"POST /api/v1/setup/check", {"", R"({"code":"openapi-setup-code-0123456789"})"}},
        {"POST /api/v1/sessions", {"", json{{"code", invite.json_body()["code"]}}.dump()}},
        {"DELETE /api/v1/sessions/current", {sam.json_body()["token"].get<std::string>(), ""}},
        {"GET /api/v1/me", {team.tokens["jake"], ""}},
        {"POST /api/v1/displays/pairing", {"", ""}},
        {"GET /api/v1/displays/pairing/{pairing}", {tv.json_body()["secret"].get<std::string>(), ""}},
        {"GET /api/v1/teams/{team}/displays", {team.tokens["boss"], ""}},
        {"POST /api/v1/teams/{team}/displays", {team.tokens["boss"], json{{"code", other_tv.json_body()["code"]}, {"name", "Lobby"}}.dump()}},
        {"PUT /api/v1/teams/{team}/displays/{display}", {team.tokens["boss"], R"({"name":"Floor TV"})"}},
        {"DELETE /api/v1/teams/{team}/displays/{display}", {team.tokens["boss"], ""}},
        {"POST /api/v1/teams/{team}/displays/{display}/reload", {team.tokens["boss"], ""}},
        {"POST /api/v1/teams/{team}/displays/{display}/identify", {team.tokens["boss"], ""}},
        {"POST /api/v1/teams/{team}/announcements", {team.tokens["boss"], R"({"text":"Pizza at 4","seconds":30})"}},
        {"GET /healthz", {"", ""}},
        {"GET /readyz", {"", ""}},
        {"GET /metrics", {"", ""}},
    };
    std::map<std::string, std::string> queries{{"GET /api/v1/leaderboard", "?metric=calls&period=week"},
                                               {"GET /api/v1/reps/{rep}/activities", "?metric=calls&period=week"}};
    auto doc = openapi();
    std::set<std::string> documented;
    // The token route runs before the delete route: order the walk so the rep still exists.
    std::vector<std::pair<std::string, std::string>> routes;
    for (auto& [path, item] : doc["paths"].items())
        for (auto& [method, op] : item.items()) routes.emplace_back(path, method);
    // And a setup code is checked before it is spent.
    // Among the deletes, the rep's sessions go before the rep.
    auto rank = [](const std::pair<std::string, std::string>& r) {
        if (r.second == "delete") return r.first.ends_with("/sessions") ? 2 : 3;
        return r.first == "/api/v1/setup" ? 1 : 0;  // after /api/v1/setup/check
    };
    std::stable_sort(routes.begin(), routes.end(), [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
    for (const auto& [path, method] : routes) {
        std::string upper;
        for (char c : method) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        auto key = upper + " " + path;
        documented.insert(key);
        CAPTURE(key);
        auto sample = samples.find(key);
        REQUIRE_MESSAGE(sample != samples.end(), "no sample request for a documented route: add one to this test");
        auto r = wp::test::http_request(port(), upper, fill(path, params) + queries[key], sample->second.second,
                                        sample->second.first);
        const auto& responses = doc["paths"][path][method]["responses"];
        CAPTURE(r.body);
        CHECK(responses.contains(std::to_string(r.status)));
        CHECK(r.status < 300);  // the sample is a valid request
    }
    CHECK(documented.size() == samples.size());

    // Methods the document does not list for a path are not served.
    for (auto& [path, item] : doc["paths"].items())
        for (std::string method : {"get", "post", "delete", "put", "patch"}) {
            if (item.contains(method)) continue;
            std::string upper;
            for (char c : method) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            auto r = wp::test::http_request(port(), upper, fill(path, params), "{}", admin);
            CAPTURE(upper + " " + path);
            CHECK((r.status == 404 || r.status == 405));
        }
    // Neither is a path it does not list.
    for (const char* path : {"/api/v1/nothing", "/api/v1/teams/alpha/secrets", "/api/v2/activities"})
        CHECK(wp::test::http_request(port(), "GET", path, "", admin).status == 404);
}
