// The route table without a socket: which route a path reaches, the methods a path has, and
// the id rules of path parameters.
#include "api/router.hpp"

#include <doctest/doctest.h>

using namespace wp::api;

namespace {
asio::awaitable<HttpAnswer> none(Context&, const HttpCall&) { co_return HttpAnswer{}; }

Router table() {
    return Router({{"GET", "/api/v1/teams/{team}", Access::team_admin, &none},
                   {"PATCH", "/api/v1/teams/{team}", Access::team_admin, &none},
                   {"POST", "/api/v1/teams/{team}/reps/{rep}/invite", Access::team_admin, &none},
                   {"GET", "/api/v1/teams/{team}/activities.csv", Access::team_admin, &none},
                   {"GET", "/api/v1/setup/{code}", Access::open, &none},
                   {"GET", "/api/v1/challenges/{id}", Access::token, &none}});
}
}  // namespace

TEST_CASE("router: a path reaches its route with its parameters") {
    auto router = table();
    auto m = router.match("POST", "/api/v1/teams/alpha/reps/natalie/invite");
    REQUIRE(m.has_value());
    REQUIRE(m->route != nullptr);
    CHECK(m->route->pattern == "/api/v1/teams/{team}/reps/{rep}/invite");
    CHECK(m->params["team"] == "alpha");
    CHECK(m->params["rep"] == "natalie");
    CHECK(m->params["pair"].empty());
    CHECK(router.match("GET", "/api/v1/teams/alpha/activities.csv")->route->pattern == "/api/v1/teams/{team}/activities.csv");
    // Repeated slashes do not make a different path.
    CHECK(router.match("GET", "//api/v1//teams/alpha/")->route != nullptr);
}

TEST_CASE("router: a known path with another method names the methods it has, an unknown path has no match") {
    auto router = table();
    auto m = router.match("DELETE", "/api/v1/teams/alpha");
    REQUIRE(m.has_value());
    CHECK(m->route == nullptr);
    CHECK(m->allowed == std::vector<std::string_view>{"GET", "PATCH"});
    for (const char* path : {"/api/v1/teams", "/api/v1/teams/alpha/reps", "/api/v1/teams/alpha/reps/natalie/invite/x",
                             "/api/v2/teams/alpha", "/", ""})
        CHECK_FALSE(router.match("GET", path).has_value());
}

TEST_CASE("router: path parameters follow the id rules of bodies") {
    auto router = table();
    auto check = [&](const char* method, const char* path) {
        auto m = router.match(method, path);
        REQUIRE(m.has_value());
        REQUIRE(m->route != nullptr);
        return Router::check_params(*m->route, m->params);
    };
    CHECK(check("GET", "/api/v1/teams/alpha-2_b").has_value());
    struct Case { const char* method; const char* path; const char* message; };
    for (const auto& c : std::vector<Case>{
             {"GET", "/api/v1/teams/Alpha", "team: 1-32 characters of [a-z0-9_-]"},
             {"GET", "/api/v1/teams/a:b", "team: 1-32 characters of [a-z0-9_-]"},
             {"GET", "/api/v1/teams/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "team: 1-32 characters of [a-z0-9_-]"},
             {"POST", "/api/v1/teams/alpha/reps/n.x/invite", "rep: 1-32 characters of [a-z0-9_-]"},
             {"GET", "/api/v1/challenges/c 1", "challenge: 1-32 characters of [a-z0-9_-]"},
             {"GET", "/api/v1/setup/tooshort", "code: 12-128 characters of [A-Za-z0-9_-]"},
             {"GET", "/api/v1/setup/has+plus+sign+inside", "code: 12-128 characters of [A-Za-z0-9_-]"}}) {
        CAPTURE(c.path);
        auto ok = check(c.method, c.path);
        REQUIRE_FALSE(ok.has_value());
        CHECK(ok.error().code == wp::domain::Errc::bad_request);
        CHECK(ok.error().message == c.message);
    }
    CHECK(check("GET", "/api/v1/setup/Abc-DEF_0123456789").has_value());
}
