#pragma once
// What the accept loop does after a failed accept. Out of descriptors or kernel memory
// (EMFILE, ENFILE, ENOBUFS, ENOMEM), every accept fails until something closes, and retrying
// at once spins a core writing a warning per try (7 million in 12 s, issue 16): wait 10 ms,
// doubling to 1 s, until an accept succeeds. Any other failure is one connection's (reset
// before it was accepted): the next accept follows at once.
#include <algorithm>
#include <cerrno>
#include <chrono>

namespace wp::net {

class AcceptBackoff {
public:
    static constexpr std::chrono::milliseconds first{10};
    static constexpr std::chrono::milliseconds longest{1000};

    static bool is_exhaustion(int error) {
        return error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM;
    }
    // The pause before the next accept after one failed with `error` (an errno value).
    std::chrono::milliseconds after_failure(int error) {
        if (!is_exhaustion(error)) return std::chrono::milliseconds{0};
        delay_ = delay_.count() == 0 ? first : std::min(longest, delay_ * 2);
        return delay_;
    }
    void succeeded() { delay_ = std::chrono::milliseconds{0}; }

private:
    std::chrono::milliseconds delay_{0};
};

}  // namespace wp::net
