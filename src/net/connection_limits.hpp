#pragma once
// Caps on open connections, in total and per client address: one instance for WebSockets,
// one for plain HTTP connections, one for the descriptors the process may spend on
// connections. A slot is taken before anything is read or authenticated and held for the
// connection's life, so a flood cannot get past a cap while earlier ones are being admitted.
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
        Slot& operator=(Slot&& o) noexcept {
            if (this != &o) {
                if (state_) state_->release(address_);
                state_ = std::move(o.state_);
                address_ = std::move(o.address_);
            }
            return *this;
        }
        Slot(const Slot&) = delete;
        ~Slot() {
            if (state_) state_->release(address_);
        }

    private:
        std::shared_ptr<State> state_;  // moved-from: null, releases nothing
        std::string address_;
    };

    enum class Refusal { none, total, per_address };

    // A slot, or which cap refused it. `over_total`: the total cap is ignored (the caller has
    // just evicted a connection to make room, whose slot is being released).
    std::pair<std::optional<Slot>, Refusal> acquire(const std::string& address, bool over_total = false) {
        auto& s = *state_;
        std::lock_guard lock(s.mutex);
        // The address's own cap first: one over it must not evict anybody to make room.
        auto& mine = s.by_address[address];
        if (mine >= s.per_address || (s.open >= s.total && !over_total)) {
            bool own = mine >= s.per_address;
            if (mine == 0) s.by_address.erase(address);
            return {std::nullopt, own ? Refusal::per_address : Refusal::total};
        }
        ++mine;
        ++s.open;
        return {Slot(state_, address), Refusal::none};
    }

    std::size_t total() const { return state_->total; }
    std::size_t per_address() const { return state_->per_address; }
    std::size_t open() const {
        std::lock_guard lock(state_->mutex);
        return state_->open;
    }

private:
    std::shared_ptr<State> state_;
};

}  // namespace wp::net
