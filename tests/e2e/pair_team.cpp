#include "e2e/pair_team.hpp"

#include <doctest/doctest.h>

namespace wp::e2e {

test::HttpResult call(int port, const std::string& method, const std::string& path, const json& body,
                      const std::string& token) {
    return test::http_request(port, method, path, body.is_null() ? "" : body.dump(), token);
}

TeamSetup make_pair_team(int port, const std::string& id, bool third) {
    auto team = make_team(port, id);
    for (const char* rep : {"marcus", "sofia", "tom"}) {
        auto added = call(port, "POST", "/api/v1/teams/" + id + "/reps", {{"id", rep}, {"name", rep}});
        INFO(added.body);
        REQUIRE(added.status == 201);
        team.tokens[rep] = added.json_body()["token"].get<std::string>();
    }
    auto p2 = call(port, "POST", "/api/v1/teams/" + id + "/pairs", {{"reps", {"priya", "marcus"}}});
    REQUIRE(p2.status == 201);
    REQUIRE(p2.json_body()["pair"]["id"] == "p2");
    if (third) REQUIRE(call(port, "POST", "/api/v1/teams/" + id + "/pairs", {{"reps", {"sofia", "tom"}}}).status == 201);
    return team;
}

}  // namespace wp::e2e
