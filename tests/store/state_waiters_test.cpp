// Waiting for a state without polling: changed() wakes every waiter to look again; one whose
// state is still false waits on until its own deadline.
#include <doctest/doctest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "store/state_waiters.hpp"

namespace asio = boost::asio;
using namespace std::chrono_literals;
using wp::store::StateWaiters;

namespace {

// Spawns the wait; its answer lands in the returned optional.
std::shared_ptr<std::optional<bool>> start_wait(asio::io_context& io, StateWaiters& waiters, const bool& up,
                                                std::chrono::milliseconds within) {
    auto out = std::make_shared<std::optional<bool>>();
    asio::co_spawn(io, waiters.until([&up] { return up; }, within), [out](std::exception_ptr, bool v) { *out = v; });
    return out;
}

void run_until(asio::io_context& io, const std::function<bool()>& done) {
    auto give_up = std::chrono::steady_clock::now() + 10s;
    while (!done() && std::chrono::steady_clock::now() < give_up) {
        io.restart();  // a run that ran out of work leaves the context stopped
        io.run_one_for(50ms);
    }
}

}  // namespace

TEST_CASE("state waiters: a change that makes the state true wakes every waiter, one that does not wakes none") {
    asio::io_context io;
    StateWaiters waiters(io.get_executor());
    bool up = false;
    auto first = start_wait(io, waiters, up, std::chrono::hours(1));
    auto second = start_wait(io, waiters, up, std::chrono::hours(1));
    io.run_for(20ms);
    waiters.changed();  // still down: both look again and wait on
    io.run_for(20ms);
    CHECK_FALSE(first->has_value());
    CHECK_FALSE(second->has_value());
    up = true;
    waiters.changed();
    run_until(io, [&] { return first->has_value() && second->has_value(); });
    CHECK(*first == std::optional<bool>(true));  // an hour's deadline: only the change ended them
    CHECK(*second == std::optional<bool>(true));
}

TEST_CASE("state waiters: true at once when it already holds, false once the deadline passes without it") {
    asio::io_context io;
    StateWaiters waiters(io.get_executor());
    bool up = true;
    auto already = start_wait(io, waiters, up, 0ms);
    run_until(io, [&] { return already->has_value(); });
    CHECK(*already == std::optional<bool>(true));
    up = false;
    auto never = start_wait(io, waiters, up, 30ms);
    run_until(io, [&] { return never->has_value(); });
    CHECK(*never == std::optional<bool>(false));
    waiters.changed();  // nobody waits any more: nothing to wake, nothing dangling
    io.restart();
    io.run_for(10ms);
}
