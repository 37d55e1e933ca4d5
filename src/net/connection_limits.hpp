#pragma once
// Caps on open WebSocket connections, in total and per client address. A slot is taken
// before the upgrade is authenticated and held for the connection's life, so a flood of
// upgrades cannot get past the cap while earlier ones are still being admitted.
//
// The counts live in a shared state that every slot co-owns: a session can outlive the
// Server (its coroutine frame is destroyed with the io_context, after the Server at exit),
// and its slot must not then release into freed memory (found by the ASan run of the e2e
// tests).
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace wp::net {

class ConnectionLimits {
    struct State {
        State(std::size_t t, std::size_t p) : total(t), per_address(p) {}
        const std::size_t total, per_address;
        std::mutex mutex;
        std::size_t open = 0;
        std::unordered_map<std::string, std::size_t> by_address;

        void release(const std::string& address) {
            std::lock_guard lock(mutex);
            --open;
            if (auto it = by_address.find(address); it != by_address.end() && --it->second == 0) by_address.erase(it);
        }
    };

public:
    ConnectionLimits(std::size_t total, std::size_t per_address)
        : state_(std::make_shared<State>(total, per_address)) {}

    class Slot {
    public:
        Slot(std::shared_ptr<State> state, std::string address) : state_(std::move(state)), address_(std::move(address)) {}
        Slot(Slot&& o) noexcept = default;
        Slot& operator=(Slot&&) = delete;
        Slot(const Slot&) = delete;
        ~Slot() {
            if (state_) state_->release(address_);
        }

    private:
        std::shared_ptr<State> state_;  // moved-from: null, releases nothing
        std::string address_;
    };

    enum class Refusal { none, total, per_address };

    // A slot, or which cap refused it.
    std::pair<std::optional<Slot>, Refusal> acquire(const std::string& address) {
        auto& s = *state_;
        std::lock_guard lock(s.mutex);
        if (s.open >= s.total) return {std::nullopt, Refusal::total};
        auto& mine = s.by_address[address];
        if (mine >= s.per_address) {
            if (mine == 0) s.by_address.erase(address);
            return {std::nullopt, Refusal::per_address};
        }
        ++mine;
        ++s.open;
        return {Slot(state_, address), Refusal::none};
    }

    std::size_t open() const {
        std::lock_guard lock(state_->mutex);
        return state_->open;
    }

private:
    std::shared_ptr<State> state_;
};

}  // namespace wp::net
