// Sign-in attempts per address and minute.
#include "api/attempt_limiter.hpp"

#include <doctest/doctest.h>

using wp::api::AttemptLimiter;
using namespace std::chrono_literals;

TEST_CASE("attempt limiter: N a minute per key, a new minute starts over, keys apart") {
    AttemptLimiter limiter(3);
    auto t0 = AttemptLimiter::Clock::time_point{} + 1h;
    for (int i = 0; i < 3; ++i) CHECK(limiter.allow("10.0.0.1", t0 + std::chrono::seconds(i)));
    CHECK_FALSE(limiter.allow("10.0.0.1", t0 + 10s));
    CHECK(limiter.retry_after("10.0.0.1", t0 + 10s) == 51);
    CHECK(limiter.allow("10.0.0.2", t0 + 10s));
    CHECK_FALSE(limiter.allow("10.0.0.1", t0 + 59s));
    CHECK(limiter.allow("10.0.0.1", t0 + 60s));
}

TEST_CASE("attempt limiter: expired windows are dropped once the table is full") {
    AttemptLimiter limiter(1, 4);
    auto t0 = AttemptLimiter::Clock::time_point{} + 1h;
    for (int i = 0; i < 4; ++i) CHECK(limiter.allow("a" + std::to_string(i), t0));
    CHECK(limiter.allow("late", t0 + 2min));
    CHECK(limiter.keys() == 1);
}
