// What every answer tells the browser, and where static files come from: the pages' Content
// Security Policy (frame-ancestors from http.frame_ancestors), nosniff and no-referrer on every
// answer, and a web root whose symlinks point out of it, which serves nothing from outside.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "e2e/fixture.hpp"

using namespace wp::e2e;
namespace fs = std::filesystem;

namespace {
constexpr const char* page_policy =
    "default-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors ";

void check_common(const wp::test::HttpResult& r) {
    CHECK(r.headers.at("X-Content-Type-Options") == "nosniff");
    CHECK(r.headers.at("Referrer-Policy") == "no-referrer");
}

}  // namespace

TEST_CASE_FIXTURE(ServerCase, "pages answer with a CSP that frames nothing, nosniff and no-referrer: so does every answer") {
    for (const char* page : {"/", "/wall", "/app.js", "/style.css"}) {
        CAPTURE(page);
        auto r = wp::test::http_request(port(), "GET", page);
        REQUIRE(r.status == 200);
        check_common(r);
        CHECK(r.headers.at("Content-Security-Policy") == std::string(page_policy) + "'none'");
    }
    auto team = make_team(port(), "alpha");
    for (const auto& [target, status] : std::vector<std::pair<std::string, int>>{
             {"/healthz", 200}, {"/api/v1/leaderboard?metric=calls&period=day", 200}, {"/api/v1/nope", 404},
             {"/missing.js", 404}}) {
        CAPTURE(target);
        auto r = wp::test::http_request(port(), "GET", target, "", team.tokens["natalie"]);
        CHECK(r.status == status);
        check_common(r);
        CHECK(r.headers.at("Content-Security-Policy") == "default-src 'none'; frame-ancestors 'none'");
    }
}

TEST_CASE("http.frame_ancestors names the pages that may frame ours, and a bad list stops the start") {
    shared_redis().flushall();
    wp::test::WolfpackServer server(shared_redis().url(),
                                    {"--set", "http.frame_ancestors='self'  https://intranet.example.com"});
    auto r = wp::test::http_request(server.port(), "GET", "/wall");
    CHECK(r.headers.at("Content-Security-Policy") ==
          std::string(page_policy) + "'self' https://intranet.example.com");

    auto dir = wp::test::temp_dir("wp-ancestors");
    for (std::string bad : {"'self'; script-src *", "'none' https://a.example", ""}) {
        CAPTURE(bad);
        wp::test::ChildProcess p;
        p.start({wp::test::wolfpack_binary(), "--set", "http.frame_ancestors=" + bad, "config"}, dir + "/out.log");
        CHECK(p.wait(10s) == 2);
        CHECK(wp::test::slurp(dir + "/out.log").find("config http.frame_ancestors:") != std::string::npos);
        std::ofstream(dir + "/out.log", std::ios::trunc).close();
    }
}

TEST_CASE("a symlink in the web root that leaves it is 404: the file it points at is never served") {
    auto root = wp::test::temp_dir("wp-webroot");
    fs::copy_file(std::string(WOLFPACK_SOURCE_DIR) + "/web/index.html", root + "/index.html");
    fs::create_symlink("/etc/passwd", root + "/passwd.txt");
    fs::create_symlink("/etc", root + "/etc");
    fs::create_symlink(root + "/index.html", root + "/home.html");  // inside the root: served
    shared_redis().flushall();
    wp::test::WolfpackServer server(shared_redis().url(), {}, {.web_root = root, .open_files = 0});
    for (const char* target : {"/passwd.txt", "/etc/passwd", "/etc/hostname"}) {
        CAPTURE(target);
        auto r = wp::test::http_request(server.port(), "GET", target);
        CHECK(r.status == 404);
        CHECK(r.json_body()["error"]["code"] == "not_found");
        CHECK(r.body.find("root:") == std::string::npos);
    }
    CHECK(wp::test::http_request(server.port(), "GET", "/").status == 200);
    auto inside = wp::test::http_request(server.port(), "GET", "/home.html");
    CHECK(inside.status == 200);
    CHECK(inside.body == wp::test::slurp(root + "/index.html"));
}
