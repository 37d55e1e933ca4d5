#pragma once
// Waiting on a condition with a deadline, never a sleep to wait something out.
#include <chrono>
#include <thread>

namespace wp::test {

// Polls `ready` every 20 ms until it holds or `within` passes; returns whether it held.
template <class Pred>
bool poll_until(Pred ready, std::chrono::milliseconds within) {
    auto deadline = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < deadline) {
        if (ready()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return ready();
}

}  // namespace wp::test
