// The Origin check of a WebSocket upgrade (net/origin.hpp): origins normalised, the
// `http.allowed_origins` list parsed, same-origin by Host, and an Origin made safe to log.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "net/origin.hpp"

using namespace wp::net;

TEST_CASE("origin: normalised to lower-case scheme://host[:port], without the scheme's default port") {
    CHECK(normalize_origin("HTTPS://Wall.Example.com:443/") == "https://wall.example.com");
    CHECK(normalize_origin("http://example.com:80") == "http://example.com");
    CHECK(normalize_origin("https://example.com:80") == "https://example.com:80");  // not https's default
    CHECK(normalize_origin("http://localhost:8080") == "http://localhost:8080");
    CHECK(normalize_origin("http://[::1]:8080") == "http://[::1]:8080");
    CHECK(normalize_origin(" * ") == "*");
}

TEST_CASE("origin: anything but http(s)://host[:port] is no origin") {
    for (const char* bad : {"null", "", "ftp://example.com", "http://", "http://a b", "http://host:",
                            "http://host:123456", "http://host:8o", "http://[zz]", "http://[::1", "http://ex.com/path",
                            "example.com", "http://user@example.com"})
        CHECK_MESSAGE(!normalize_origin(bad), bad);
}

TEST_CASE("allowed origins: a comma-separated list, blanks ignored, one bad member refuses all") {
    CHECK(parse_allowed_origins("https://a.example.com, HTTP://b.example.com:8080 ,,") ==
          std::vector<std::string>{"https://a.example.com", "http://b.example.com:8080"});
    CHECK(parse_allowed_origins("") == std::vector<std::string>{});
    CHECK(parse_allowed_origins("*") == std::vector<std::string>{"*"});
    CHECK_FALSE(parse_allowed_origins("https://ok.example.com, nope"));
}

TEST_CASE("origin allowed: no Origin (not a browser), the Host's own origin whatever the scheme, or a listed one") {
    const std::vector<std::string> none;
    CHECK(origin_allowed("", "wall.example.com", none));
    CHECK(origin_allowed("http://localhost:8080", "localhost:8080", none));
    CHECK(origin_allowed("https://wall.example.com", "wall.example.com", none));
    CHECK(origin_allowed("https://wall.example.com", "Wall.Example.com:443", none));
    CHECK(origin_allowed("http://wall.example.com", "wall.example.com", none));  // TLS ended at a proxy
    CHECK_FALSE(origin_allowed("http://localhost:8081", "localhost:8080", none));
    CHECK_FALSE(origin_allowed("https://evil.example.net", "wall.example.com", none));
    CHECK_FALSE(origin_allowed("https://evil.example.net", "", none));
    CHECK(origin_allowed("https://evil.example.net", "wall.example.com", {"https://evil.example.net"}));
    CHECK_FALSE(origin_allowed("http://evil.example.net", "wall.example.com", {"https://evil.example.net"}));
    CHECK(origin_allowed("https://anything.example.org", "wall.example.com", {"*"}));
}

TEST_CASE("origin allowed: a sandboxed page's null, a bare * or garbage never is, not even with *") {
    for (const char* bad : {"null", "*", "file://", "javascript:alert(1)"}) {
        CHECK_MESSAGE(!origin_allowed(bad, "wall.example.com", {}), bad);
        CHECK_MESSAGE(!origin_allowed(bad, "wall.example.com", {"*"}), bad);
    }
}

TEST_CASE("loggable origin: at most 100 characters, nothing that could forge a log field") {
    CHECK(loggable_origin("https://[::1]:8080") == "https://[::1]:8080");
    CHECK(loggable_origin("x\" level=error y\n") == "x??level?error?y?");
    CHECK(loggable_origin(std::string(300, 'a')).size() == 100);
}
