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
