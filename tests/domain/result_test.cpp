// Errors as values.
#include "domain/result.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

using namespace wp::domain;

}  // namespace

TEST_CASE("Errc names are protocol.md's error codes") {
    const std::vector<std::pair<Errc, std::string_view>> names{
        {Errc::bad_request, "bad_request"},   {Errc::unauthorized, "unauthorized"},
        {Errc::forbidden, "forbidden"},       {Errc::not_found, "not_found"},
        {Errc::conflict, "conflict"},         {Errc::rate_limited, "rate_limited"},
        {Errc::too_large, "too_large"},       {Errc::unavailable, "unavailable"}};
    for (const auto& [code, name] : names) {
        SUBCASE(std::string(name).c_str()) { CHECK(to_string(code) == name); }
    }
}

TEST_CASE("Result holds a value or an error") {
    SUBCASE("value") {
        Result<std::string> r{std::string("wolf")};
        REQUIRE(r.has_value());
        CHECK(static_cast<bool>(r));
        CHECK(*r == "wolf");
        CHECK(r->size() == 4);
        CHECK(std::move(r).value() == "wolf");
    }
    SUBCASE("error") {
        Result<std::string> r{bad_request("delta: -100..100, not 0")};
        REQUIRE_FALSE(r.has_value());
        CHECK_FALSE(static_cast<bool>(r));
        CHECK(r.error().code == Errc::bad_request);
        CHECK(r.error().message == "delta: -100..100, not 0");
    }
    SUBCASE("any code") {
        const Result<int> r{Error{Errc::conflict, "id: exists"}};
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().code == Errc::conflict);
    }
    SUBCASE("status") {
        CHECK(ok().has_value());
        const Status failed = bad_request("x: no");
        CHECK_FALSE(failed.has_value());
        CHECK(failed.error().message == "x: no");
    }
}

#include "domain/histogram.hpp"

TEST_CASE("histogram: cumulative buckets, sum and count in Prometheus text") {
    wp::domain::Histogram h;
    h.observe(0.0002);
    h.observe(0.003);
    h.observe(0.003);
    h.observe(9.0);
    auto text = h.render("wolfpack_x_seconds", "X.");
    CHECK(text.find("# TYPE wolfpack_x_seconds histogram\n") != std::string::npos);
    CHECK(text.find("wolfpack_x_seconds_bucket{le=\"0.00025\"} 1\n") != std::string::npos);
    CHECK(text.find("wolfpack_x_seconds_bucket{le=\"0.0025\"} 1\n") != std::string::npos);
    CHECK(text.find("wolfpack_x_seconds_bucket{le=\"0.005\"} 3\n") != std::string::npos);
    CHECK(text.find("wolfpack_x_seconds_bucket{le=\"2.5\"} 3\n") != std::string::npos);
    CHECK(text.find("wolfpack_x_seconds_bucket{le=\"+Inf\"} 4\n") != std::string::npos);
    CHECK(text.find("wolfpack_x_seconds_sum 9.006200\n") != std::string::npos);
    CHECK(text.find("wolfpack_x_seconds_count 4\n") != std::string::npos);
    CHECK(h.count() == 4);
}
