#pragma once
// Coroutines waiting for a state of one executor's object to become true (a connection up, a
// cluster ready): the object calls changed() whenever that state may have changed, which wakes
// every waiter to look again; each waits at most until its own deadline. One executor only.
#include <algorithm>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <vector>

#include "store/nothrow.hpp"

namespace wp::store {

class StateWaiters {
public:
    explicit StateWaiters(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}
    StateWaiters(const StateWaiters&) = delete;
    StateWaiters& operator=(const StateWaiters&) = delete;

    void changed() {
        for (auto* t : waiting_) t->cancel();
    }

    // done() once it is true (true), or false once `within` has passed.
    template <class Done>
    boost::asio::awaitable<bool> until(Done done, std::chrono::milliseconds within) {
        boost::asio::steady_timer timer(executor_, std::chrono::steady_clock::now() + within);
        while (!done()) {
            if (std::chrono::steady_clock::now() >= timer.expiry()) co_return false;
            waiting_.push_back(&timer);
            struct Unlist {
                std::vector<boost::asio::steady_timer*>& waiting;
                boost::asio::steady_timer* timer;
                ~Unlist() { std::erase(waiting, timer); }  // also when the wait throws (a cancel)
            } unlist{waiting_, &timer};
            (void)co_await timer.async_wait(nothrow);  // the deadline, or changed()
        }
        co_return true;
    }

private:
    boost::asio::any_io_executor executor_;
    std::vector<boost::asio::steady_timer*> waiting_;
};

}  // namespace wp::store
