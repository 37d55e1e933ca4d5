#pragma once
// The life of one Redis connection as a state machine, after boostorg/redis's run_fsm:
// connect -> handshake -> serve -> fail pending -> back off -> connect ..., with the one
// backoff. resume(event) says what to do next; the Asio glue (RedisConnection) only performs
// the actions and reports their outcome, so every transition is tested without a socket.
#include <chrono>

#include "store/backoff.hpp"

namespace wp::store {

class ConnectionFsm {
public:
    enum class Event {
        start,             // begin (or begin again after stop)
        connected,         // the socket is open
        connect_failed,    // refused, unreachable, timed out
        handshake_done,    // AUTH, SELECT and the first answer (PING/TIME) succeeded
        handshake_failed,  // no answer, or an error (wrong password, bad db)
        lost,              // while serving: the socket closed, or a health check got no answer
        pending_failed,    // fail_pending is done
        waited,            // the backoff has passed
        stop,
    };
    enum class Action {
        connect,       // open the socket (connect timeout)
        handshake,     // send AUTH?, SELECT?, PING or TIME; resume with handshake_done / _failed
        serve,         // usable: commands flow until lost or stop
        fail_pending,  // close the socket; every command in flight answers `unavailable`
        wait,          // sleep `wait`, then resume(waited)
        done,          // stopped: nothing more
    };
    enum class State { idle, connecting, handshaking, serving, failing, waiting, stopped };

    struct Step {
        Action action = Action::done;
        std::chrono::milliseconds wait{0};
        bool log_failure = false;  // first failure since the last success: worth a log line
        bool went_down = false;    // it was serving: report the state change
    };

    explicit ConnectionFsm(Backoff backoff) : backoff_(backoff) {}
    Step resume(Event event);
    State state() const { return state_; }
    bool serving() const { return state_ == State::serving; }

private:
    Step fail(bool was_serving);

    Backoff backoff_;
    State state_ = State::idle;
    bool stopping_ = false;
    bool failure_logged_ = false;
};

}  // namespace wp::store
