#pragma once
// Waits, checking every 20 ms, until `done()` or `within` passes; returns done(). For waits on
// state that no event announces (a connection's state machine reaching `serve`).
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>

namespace wp::store {

template <class Done>
boost::asio::awaitable<bool> poll_until(Done done, std::chrono::milliseconds within) {
    boost::asio::steady_timer t(co_await boost::asio::this_coro::executor);
    auto deadline = std::chrono::steady_clock::now() + within;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        t.expires_after(std::chrono::milliseconds(20));
        (void)co_await t.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    }
    co_return done();
}

}  // namespace wp::store
