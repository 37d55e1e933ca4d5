#include "store/connection_fsm.hpp"

namespace wp::store {

ConnectionFsm::Step ConnectionFsm::fail(bool was_serving) {
    Step step{Action::fail_pending};
    step.went_down = was_serving;
    step.log_failure = !failure_logged_ && !stopping_;
    failure_logged_ = true;
    state_ = State::failing;
    return step;
}

ConnectionFsm::Step ConnectionFsm::resume(Event event) {
    using E = Event;
    if (event == E::stop) {
        if (state_ == State::stopped || state_ == State::idle) {
            state_ = State::stopped;
            return {Action::done};
        }
        bool was_serving = state_ == State::serving;
        stopping_ = true;
        state_ = State::failing;
        Step step{Action::fail_pending};
        step.went_down = was_serving;
        return step;
    }
    switch (state_) {
        case State::idle:
        case State::stopped:
            if (event != E::start) return {Action::done};
            stopping_ = false;
            failure_logged_ = false;
            backoff_.reset();
            state_ = State::connecting;
            return {Action::connect};
        case State::connecting:
            if (event == E::connected) {
                state_ = State::handshaking;
                return {Action::handshake};
            }
            return fail(false);
        case State::handshaking:
            if (event == E::handshake_done) {
                state_ = State::serving;
                failure_logged_ = false;
                backoff_.reset();
                return {Action::serve};
            }
            return fail(false);
        case State::serving:
            if (event == E::lost) return fail(true);
            return {Action::serve};  // nothing else ends serving
        case State::failing:
            if (stopping_) {
                state_ = State::stopped;
                return {Action::done};
            }
            state_ = State::waiting;
            return {Action::wait, backoff_.next()};
        case State::waiting:
            if (event != E::waited) return {Action::wait, std::chrono::milliseconds(0)};
            state_ = State::connecting;
            return {Action::connect};
    }
    return {Action::done};
}

}  // namespace wp::store
