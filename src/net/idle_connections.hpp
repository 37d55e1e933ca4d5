#pragma once
// HTTP connections waiting for a request: accepted and not yet sent a whole request, or idle
// between keep-alive requests. When the server is full, a new connection evicts the one that
// has waited longest, so a flood of half-open connections costs its sender its own oldest
// ones instead of locking everyone else out until they time out (protocol.md "Hardening").
// No sockets here: a waiting connection is a function that closes it.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

namespace wp::net {

class IdleConnections {
    struct State {
        std::mutex mutex;
        std::uint64_t next = 0;
        std::map<std::uint64_t, std::function<void()>> waiting;  // oldest first
    };

public:
    IdleConnections() : state_(std::make_shared<State>()) {}

    // One connection's wait, registered for the Wait's life (shared with the registry, like
    // ConnectionLimits' slots, so a Wait may outlive it).
    class Wait {
    public:
        Wait() = default;
        Wait(std::shared_ptr<State> state, std::uint64_t id) : state_(std::move(state)), id_(id) {}
        Wait(Wait&& o) noexcept : state_(std::move(o.state_)), id_(o.id_) {}
        Wait& operator=(Wait&& o) noexcept {
            end();
            state_ = std::move(o.state_);
            id_ = o.id_;
            return *this;
        }
        Wait(const Wait&) = delete;
        ~Wait() { end(); }
        void end() {
            if (!state_) return;
            std::lock_guard lock(state_->mutex);
            state_->waiting.erase(id_);  // already gone when it was evicted
            state_.reset();
        }

    private:
        std::shared_ptr<State> state_;
        std::uint64_t id_ = 0;
    };

    // `close` must be safe to call from any thread (it posts to the connection's own loop).
    [[nodiscard]] Wait wait(std::function<void()> close) {
        std::lock_guard lock(state_->mutex);
        auto id = state_->next++;
        state_->waiting.emplace(id, std::move(close));
        return Wait(state_, id);
    }

    // Closes the connection that has waited longest; false when none waits.
    bool evict_oldest() {
        std::function<void()> close;
        {
            std::lock_guard lock(state_->mutex);
            if (state_->waiting.empty()) return false;
            auto oldest = state_->waiting.begin();
            close = std::move(oldest->second);
            state_->waiting.erase(oldest);
        }
        close();  // outside the lock: it may post, or in tests end another Wait
        return true;
    }

    std::size_t size() const {
        std::lock_guard lock(state_->mutex);
        return state_->waiting.size();
    }

private:
    std::shared_ptr<State> state_;
};

}  // namespace wp::net
