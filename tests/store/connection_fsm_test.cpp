// The connection's state machine, driven by hand: connect -> handshake -> serve -> fail
// pending -> back off, one backoff, logs once per outage, stop from anywhere.
#include <doctest/doctest.h>

#include "store/connection_fsm.hpp"

using namespace wp::store;
using namespace std::chrono_literals;
using A = ConnectionFsm::Action;
using E = ConnectionFsm::Event;
using S = ConnectionFsm::State;

TEST_CASE("connection state machine: connect, handshake, serve, and a loss fails pending, backs off, reconnects") {
    ConnectionFsm fsm(Backoff(100ms, 400ms));
    CHECK(fsm.state() == S::idle);
    CHECK(fsm.resume(E::start).action == A::connect);
    CHECK(fsm.resume(E::connected).action == A::handshake);
    CHECK_FALSE(fsm.serving());
    CHECK(fsm.resume(E::handshake_done).action == A::serve);
    CHECK(fsm.serving());

    auto lost = fsm.resume(E::lost);
    CHECK(lost.action == A::fail_pending);
    CHECK(lost.went_down);
    CHECK_FALSE(fsm.serving());
    auto wait = fsm.resume(E::pending_failed);
    CHECK(wait.action == A::wait);
    CHECK(wait.wait == 100ms);
    CHECK(fsm.resume(E::waited).action == A::connect);

    SUBCASE("failures back off, doubling up to the maximum, and are logged once") {
        auto failed = fsm.resume(E::connect_failed);
        CHECK(failed.action == A::fail_pending);
        CHECK_FALSE(failed.went_down);
        CHECK_FALSE(failed.log_failure);  // the loss itself was the outage's log line
        CHECK(fsm.resume(E::pending_failed).wait == 200ms);
        CHECK(fsm.resume(E::waited).action == A::connect);
        CHECK(fsm.resume(E::connected).action == A::handshake);
        CHECK(fsm.resume(E::handshake_failed).action == A::fail_pending);  // e.g. SELECT refused
        CHECK(fsm.resume(E::pending_failed).wait == 400ms);
        CHECK(fsm.resume(E::waited).action == A::connect);
        fsm.resume(E::connect_failed);
        CHECK(fsm.resume(E::pending_failed).wait == 400ms);
        SUBCASE("a success resets the backoff") {
            fsm.resume(E::waited);
            fsm.resume(E::connected);
            CHECK(fsm.resume(E::handshake_done).action == A::serve);
            fsm.resume(E::lost);
            CHECK(fsm.resume(E::pending_failed).wait == 100ms);
        }
    }
    SUBCASE("stop while serving fails what is pending, then is done") {
        CHECK(fsm.resume(E::connected).action == A::handshake);
        CHECK(fsm.resume(E::handshake_done).action == A::serve);
        auto stop = fsm.resume(E::stop);
        CHECK(stop.action == A::fail_pending);
        CHECK(stop.went_down);
        CHECK_FALSE(stop.log_failure);
        CHECK(fsm.resume(E::pending_failed).action == A::done);
        CHECK(fsm.state() == S::stopped);
        CHECK(fsm.resume(E::waited).action == A::done);
        SUBCASE("and starts again") { CHECK(fsm.resume(E::start).action == A::connect); }
    }
    SUBCASE("stop while waiting") {
        fsm.resume(E::connect_failed);
        fsm.resume(E::pending_failed);
        CHECK(fsm.resume(E::stop).action == A::fail_pending);
        CHECK(fsm.resume(E::pending_failed).action == A::done);
    }
}

TEST_CASE("connection state machine: the first failure of a start is logged, the next ones are not") {
    ConnectionFsm fsm(Backoff(50ms, 1000ms));
    fsm.resume(E::start);
    auto first = fsm.resume(E::connect_failed);
    CHECK(first.log_failure);
    CHECK_FALSE(first.went_down);
    CHECK(fsm.resume(E::pending_failed).wait == 50ms);
    fsm.resume(E::waited);
    CHECK_FALSE(fsm.resume(E::connect_failed).log_failure);
    CHECK(fsm.resume(E::pending_failed).wait == 100ms);
    fsm.resume(E::waited);
    fsm.resume(E::connected);
    fsm.resume(E::handshake_done);
    auto lost = fsm.resume(E::lost);
    CHECK(lost.went_down);
    CHECK(lost.log_failure);
    CHECK(ConnectionFsm(Backoff(1ms, 2ms)).resume(E::stop).action == A::done);  // never started
}
