// Who gets a connection: the caps in total and per address, the descriptor budget, eviction of
// the connection waiting longest, the accept loop's backoff and the throttled warnings. No
// sockets: these are the pieces the listener is made of.
#include <doctest/doctest.h>

#include <cerrno>
#include <vector>

#include "net/accept_backoff.hpp"
#include "net/connection_limits.hpp"
#include "net/descriptors.hpp"
#include "net/idle_connections.hpp"
#include "net/log_throttle.hpp"

using namespace wp::net;
using namespace std::chrono_literals;
using Refusal = ConnectionLimits::Refusal;

TEST_CASE("connection caps: per address, then in total, and a slot frees its place") {
    ConnectionLimits limits(3, 2);
    std::vector<ConnectionLimits::Slot> held;
    for (const char* a : {"a", "a"}) held.push_back(std::move(*limits.acquire(a).first));
    auto third = limits.acquire("a");
    CHECK_FALSE(third.first);
    CHECK(third.second == Refusal::per_address);
    held.push_back(std::move(*limits.acquire("b").first));
    CHECK(limits.open() == 3);
    // Full: an address already at its own cap is told so, not that the server is full.
    CHECK(limits.acquire("a").second == Refusal::per_address);
    CHECK(limits.acquire("c").second == Refusal::total);
    held.pop_back();
    CHECK(limits.open() == 2);
    CHECK(limits.acquire("c").first);  // released again at once: a temporary
    CHECK(limits.open() == 2);
}

TEST_CASE("connection caps: over_total admits past the total (a connection was evicted) but never past an address's cap") {
    ConnectionLimits limits(1, 1);
    auto first = limits.acquire("a");
    REQUIRE(first.first);
    CHECK(limits.acquire("b").second == Refusal::total);
    auto forced = limits.acquire("b", true);
    CHECK(forced.first);
    CHECK(limits.open() == 2);
    CHECK(limits.acquire("a", true).second == Refusal::per_address);
}

TEST_CASE("connection caps: a moved or reassigned slot releases exactly once, also after the limits are gone") {
    std::vector<ConnectionLimits::Slot> kept;
    {
        ConnectionLimits limits(2, 2);
        auto one = std::move(*limits.acquire("a").first);
        auto two = std::move(*limits.acquire("a").first);
        CHECK(limits.open() == 2);
        one = std::move(two);  // one's own place is released, two's moves over
        CHECK(limits.open() == 1);
        kept.push_back(std::move(one));
        CHECK(limits.open() == 1);
    }
    kept.clear();  // releases into the shared state the limits left behind
}

TEST_CASE("descriptors: connections may use the open-file limit less a reserve") {
    CHECK(connection_descriptors(256) == 192);
    CHECK(connection_descriptors(1024) == 960);
    CHECK(connection_descriptors(100) == 75);
    CHECK(connection_descriptors(1 << 20) == (1 << 20) - 64);
    CHECK(raise_open_file_limit() >= 16);
}

TEST_CASE("idle connections: the one waiting longest is evicted, a wait that ended is not") {
    IdleConnections idle;
    std::vector<int> closed;
    auto first = idle.wait([&] { closed.push_back(1); });
    auto second = idle.wait([&] { closed.push_back(2); });
    auto third = idle.wait([&] { closed.push_back(3); });
    CHECK(idle.size() == 3);
    first.end();  // its request arrived
    CHECK(idle.evict_oldest());
    CHECK(closed == std::vector<int>{2});
    second.end();  // the evicted connection's own end changes nothing
    CHECK(idle.size() == 1);
    CHECK(idle.evict_oldest());
    CHECK_FALSE(idle.evict_oldest());
    CHECK(closed == std::vector<int>{2, 3});
}

TEST_CASE("idle connections: a wait may be replaced and may outlive the registry") {
    IdleConnections::Wait outliving;
    {
        IdleConnections idle;
        int closed = 0;
        auto w = idle.wait([&] { ++closed; });
        w = idle.wait([&] { closed += 10; });  // the first wait ends
        CHECK(idle.size() == 1);
        CHECK(idle.evict_oldest());
        CHECK(closed == 10);
        outliving = idle.wait([] {});
    }
    outliving.end();
}

TEST_CASE("accept backoff: out of descriptors or memory waits 10 ms doubling to 1 s, a success resets it") {
    AcceptBackoff backoff;
    std::vector<long> waits;
    for (int i = 0; i < 9; ++i) waits.push_back(backoff.after_failure(EMFILE).count());
    CHECK(waits == std::vector<long>{10, 20, 40, 80, 160, 320, 640, 1000, 1000});
    for (int e : {ENFILE, ENOBUFS, ENOMEM}) CHECK(backoff.after_failure(e) == 1000ms);
    backoff.succeeded();
    CHECK(backoff.after_failure(ENFILE) == 10ms);
    // One connection's failure (reset before it was accepted): the next accept at once.
    for (int e : {ECONNABORTED, EPROTO, EPERM, 0}) CHECK(backoff.after_failure(e) == 0ms);
}

TEST_CASE("log throttle: one line a second, each with the count since the line before") {
    LogThrottle throttle;
    auto t = LogThrottle::Clock::time_point{} + 100s;
    CHECK(throttle.note(t) == 1u);
    int lines = 0;
    for (int i = 0; i < 10000; ++i)
        if (throttle.note(t + std::chrono::microseconds(i * 99))) ++lines;  // ~1 s of a flood
    CHECK(lines == 0);
    CHECK(throttle.note(t + 1s) == 10001u);
    CHECK_FALSE(throttle.note(t + 1500ms));
    CHECK(throttle.note(t + 2s + 1ms) == 2u);
}
