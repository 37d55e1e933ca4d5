// How the server reads a request and what it answers with, without a socket: the target's
// parts, the tokens, the api/ request, the security headers, the refusal, the frame-ancestors
// setting, and static files confined to the web root whatever its symlinks say.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "net/http_request.hpp"
#include "net/origin.hpp"
#include "net/responses.hpp"
#include "net/static_files.hpp"

using namespace wp::net;
namespace fs = std::filesystem;

namespace {
Request request(http::verb verb, std::string target, std::string authorization = "") {
    Request req{verb, target, 11};
    if (!authorization.empty()) req.set(http::field::authorization, authorization);
    return req;
}
}  // namespace

TEST_CASE("request: target split at the first '?', bearer and upgrade tokens") {
    CHECK(split_target("/api/v1/x?a=1?b").path == "/api/v1/x");
    CHECK(split_target("/api/v1/x?a=1?b").query == "a=1?b");
    CHECK(split_target("/wall").query.empty());
    CHECK(bearer_of(request(http::verb::get, "/", "bearer abc")) == "abc");
    CHECK(bearer_of(request(http::verb::get, "/", "Basic abc")).empty());
    CHECK(bearer_of(request(http::verb::get, "/", "Bearer ")).empty());
    CHECK(upgrade_token(request(http::verb::get, "/ws?token=q%2Bx", "Bearer h")) == "h");
    CHECK(upgrade_token(request(http::verb::get, "/ws?token=q%2Bx")) == "q+x");
    CHECK(upgrade_token(request(http::verb::get, "/ws?x=1")).empty());
    // The pages offer the token as a subprotocol beside wolfpack.v1.
    auto page = request(http::verb::get, "/ws?token=from-url");
    page.set(http::field::sec_websocket_protocol, "wolfpack.v1, wolfpack.token.abc_DEF-123");
    CHECK(upgrade_token(page) == "abc_DEF-123");
    page.set(http::field::sec_websocket_protocol, "wolfpack.v1, wolfpack.token.");
    CHECK(upgrade_token(page) == "from-url");
}

TEST_CASE("request: the api/ request is decoded, or bad_request for a malformed escape") {
    auto req = request(http::verb::post, "/api/v1/teams/a%2Db/reps?weeks=3&x", "Bearer t");
    req.body() = "{}";
    req.set(http::field::host, "wolfpack.example.com:8080");
    auto api = api_request(req, "10.0.0.9");
    REQUIRE(api);
    CHECK(api->peer == "10.0.0.9");
    CHECK(api->origin == "http://wolfpack.example.com:8080");
    CHECK(api->method == "POST");
    CHECK(api->path == "/api/v1/teams/a-b/reps");
    CHECK(api->query.at("weeks") == "3");
    CHECK(api->query.at("x").empty());
    CHECK(api->bearer == "t");
    CHECK(api->body == "{}");
    auto bad = api_request(request(http::verb::get, "/api/v1/teams/%zz"), "");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == wp::domain::Errc::bad_request);
    CHECK_FALSE(api_request(request(http::verb::get, "/api/v1/teams/a%00b"), ""));
    auto proxied = request(http::verb::get, "/api/v1/me");
    proxied.set("X-Forwarded-Proto", "https");
    proxied.set(http::field::host, "sales.example.com");
    CHECK(origin_of(proxied) == "https://sales.example.com");
}

TEST_CASE("responses: every answer says nosniff, no-referrer and a policy, pages get theirs") {
    auto res = json_response(request(http::verb::get, "/healthz"), http::status::ok, "{}");
    CHECK(res["X-Content-Type-Options"] == "nosniff");
    CHECK(res["Referrer-Policy"] == "no-referrer");
    CHECK(res["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'");
    CHECK(page_security_policy("'self' https://a.example") ==
          "default-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'self' "
          "https://a.example");
    auto refusal = refusal_text("too many (limits.x)");
    CHECK(refusal.starts_with("HTTP/1.1 503 Service Unavailable\r\n"));
    CHECK(refusal.find("\r\nRetry-After: 5\r\n") != std::string::npos);
    CHECK(refusal.find("\r\nConnection: close\r\n") != std::string::npos);
    CHECK(refusal.ends_with(R"j({"error":{"code":"unavailable","message":"too many (limits.x)"}})j"));
}

TEST_CASE("http.frame_ancestors: 'none' alone, or 'self' and sources, nothing that adds a directive") {
    CHECK(parse_frame_ancestors("'none'") == "'none'");
    CHECK(parse_frame_ancestors("  'self'   https://*.example.com:8443 ") == "'self' https://*.example.com:8443");
    for (std::string bad : {"", "  ", "'none' 'self'", "'self'; script-src *", "a,b", "'unsafe-inline'", "x\"y"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_frame_ancestors(bad));
    }
}

TEST_CASE("static files: served from inside the web root only, whatever a symlink points at") {
    auto base = fs::temp_directory_path() / ("wp-static-" + std::to_string(::getpid()));
    fs::remove_all(base);
    fs::create_directories(base / "web" / "js");
    fs::create_directories(base / "outside");
    std::ofstream(base / "web" / "index.html") << "<p>hi</p>";
    std::ofstream(base / "web" / "js" / "app.js") << "export {};";
    std::ofstream(base / "outside" / "secret.txt") << "secret";
    fs::create_symlink(base / "outside" / "secret.txt", base / "web" / "leak.txt");
    fs::create_symlink(base / "outside", base / "web" / "out");
    fs::create_symlink("../web/js/app.js", base / "web" / "alias.js");  // inside: fine

    StaticFiles files((base / "web").string(), "'none'");
    CHECK(files.resolve("/") == fs::canonical(base / "web" / "index.html"));
    CHECK(files.resolve("/js/app.js?v=2"));
    CHECK(files.resolve("/alias.js") == fs::canonical(base / "web" / "js" / "app.js"));
    for (std::string refused : {"/leak.txt", "/out/secret.txt", "/js", "/missing.js",
                                "/../outside/secret.txt", "/js/%2e%2e/index.html"}) {
        CAPTURE(refused);
        CHECK_FALSE(files.resolve(refused));
    }
    auto page = files.answer(request(http::verb::get, "/"));
    CHECK(page.result_int() == 200);
    CHECK(page.body() == "<p>hi</p>");
    CHECK(page["Content-Security-Policy"] ==
          "default-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'");
    CHECK(page["X-Content-Type-Options"] == "nosniff");
    CHECK(page["Referrer-Policy"] == "no-referrer");
    auto leak = files.answer(request(http::verb::get, "/leak.txt"));
    CHECK(leak.result_int() == 404);
    CHECK(leak.body().find("secret") == std::string::npos);
    CHECK(files.answer(request(http::verb::post, "/")).result_int() == 404);
    fs::remove_all(base);
}
