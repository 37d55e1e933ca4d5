// The task group alone, on real io_contexts: cancel() ends what its coroutines await, wait()
// says when none is left (or that its deadline passed), nothing starts after a cancel, tasks on
// two loops stop together, and a group may go before its io_context (ASan checks the last).
#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <atomic>
#include <memory>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <thread>

#include "store/task_group.hpp"

namespace asio = boost::asio;
using namespace std::chrono_literals;
using wp::store::TaskGroup;

namespace {

// Waits on a timer that would run for an hour; `ended` is set however it ends.
asio::awaitable<void> wait_an_hour(std::atomic<int>& ended) {
    asio::steady_timer t(co_await asio::this_coro::executor, 1h);
    struct Mark {
        std::atomic<int>& n;
        ~Mark() { ++n; }
    } mark{ended};
    co_await t.async_wait(asio::use_awaitable);
}

asio::awaitable<void> finish_after(std::chrono::milliseconds d, std::atomic<int>& ended) {
    asio::steady_timer t(co_await asio::this_coro::executor, d);
    co_await t.async_wait(asio::use_awaitable);
    ++ended;
}

// Runs `awaitable` on io and returns what it returned; nothing when it has not ended in 10 s.
template <class T>
std::optional<T> run_to_end(asio::io_context& io, asio::awaitable<T> awaitable) {
    auto out = std::make_shared<std::optional<T>>();
    asio::co_spawn(io, std::move(awaitable), [out](std::exception_ptr, T value) { *out = value; });
    auto give_up = std::chrono::steady_clock::now() + 10s;
    while (!*out && std::chrono::steady_clock::now() < give_up) {
        io.restart();  // a run that ran out of work leaves the context stopped
        io.run_one_for(100ms);
    }
    return *out;
}

}  // namespace

TEST_CASE("task group: cancel ends what its coroutines await, and wait says when none is left") {
    asio::io_context io;
    TaskGroup group(io.get_executor());
    std::atomic<int> ended{0};
    CHECK(group.spawn(io.get_executor(), wait_an_hour(ended), "test.hour"));
    CHECK(group.spawn(io.get_executor(), wait_an_hour(ended), "test.hour"));
    io.run_for(20ms);
    CHECK(group.size() == 2);
    CHECK(ended == 0);
    CHECK(run_to_end(io, group.wait(30ms)) == false);  // both still running: the deadline passes

    group.cancel();
    CHECK(run_to_end(io, group.wait(1h)) == true);
    CHECK(ended == 2);
    CHECK(group.size() == 0);
    // Nothing starts after a cancel.
    CHECK_FALSE(group.spawn(io.get_executor(), wait_an_hour(ended), "test.late"));
    io.restart();
    io.run_for(10ms);
    CHECK(ended == 2);
}

TEST_CASE("task group: wait completes when the last task ends by itself, at once when there is none") {
    asio::io_context io;
    TaskGroup group(io.get_executor());
    CHECK(run_to_end(io, group.wait(0ms)) == true);
    std::atomic<int> ended{0};
    group.spawn(io.get_executor(), finish_after(30ms, ended), "test.short");
    group.spawn(io.get_executor(), finish_after(60ms, ended), "test.short");
    CHECK(run_to_end(io, group.wait(1h)) == true);  // woken by the last one: the hour never passes
    CHECK(ended == 2);
    CHECK_FALSE(group.cancelled());
}

TEST_CASE("task group: an exception that escapes a task ends that task only") {
    asio::io_context io;
    TaskGroup group(io.get_executor());
    std::atomic<int> ended{0};
    group.spawn(io.get_executor(), []() -> asio::awaitable<void> {
        co_await asio::this_coro::executor;
        throw std::runtime_error("boom");
    }, "test.throws");
    group.spawn(io.get_executor(), finish_after(20ms, ended), "test.short");
    CHECK(run_to_end(io, group.wait(1h)) == true);
    CHECK(ended == 1);
    CHECK(group.size() == 0);
}

TEST_CASE("task group: tasks on two loops, each cancelled on its own loop, stop together") {
    asio::io_context home, other;
    auto guard = asio::make_work_guard(other);
    std::thread other_thread([&] { other.run(); });
    TaskGroup group(home.get_executor());
    std::atomic<int> ended{0};
    for (int i = 0; i < 3; ++i) {
        group.spawn(home.get_executor(), wait_an_hour(ended), "test.home");
        group.spawn(other.get_executor(), wait_an_hour(ended), "test.other");
    }
    home.run_for(20ms);
    CHECK(group.size() == 6);
    group.cancel();
    CHECK(run_to_end(home, group.wait(1h)) == true);
    CHECK(ended == 6);
    guard.reset();
    other_thread.join();
}

TEST_CASE("task group: a group gone before its io_context leaves the tasks still there harmless") {
    std::atomic<int> ended{0};
    {
        asio::io_context io;
        {
            TaskGroup group(io.get_executor());
            group.spawn(io.get_executor(), finish_after(20ms, ended), "test.short");  // ends after the group
            group.spawn(io.get_executor(), wait_an_hour(ended), "test.hour");      // never ends: destroyed with io
            io.run_for(5ms);
        }
        // The short one ends, its completion finds the group gone.
        auto give_up = std::chrono::steady_clock::now() + 10s;
        while (ended == 0 && std::chrono::steady_clock::now() < give_up) io.run_one_for(100ms);
        CHECK(ended == 1);
    }  // the io_context destroys the hour-long one
    CHECK(ended == 2);
}
