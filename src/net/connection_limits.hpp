#pragma once
// Caps on open WebSocket connections, in total and per client address. A slot is taken
// before the upgrade is authenticated and held for the connection's life, so a flood of
// upgrades cannot get past the cap while earlier ones are still being admitted.
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace wp::net {

class ConnectionLimits {
public:
    ConnectionLimits(std::size_t total, std::size_t per_address) : total_(total), per_address_(per_address) {}

    class Slot {
    public:
        Slot(ConnectionLimits* owner, std::string address) : owner_(owner), address_(std::move(address)) {}
        Slot(Slot&& o) noexcept : owner_(std::exchange(o.owner_, nullptr)), address_(std::move(o.address_)) {}
        Slot& operator=(Slot&&) = delete;
        Slot(const Slot&) = delete;
        ~Slot() {
            if (owner_) owner_->release(address_);
        }

    private:
        ConnectionLimits* owner_;
        std::string address_;
    };

    enum class Refusal { none, total, per_address };

    // A slot, or which cap refused it.
    std::pair<std::optional<Slot>, Refusal> acquire(const std::string& address) {
        std::lock_guard lock(mutex_);
        if (open_ >= total_) return {std::nullopt, Refusal::total};
        auto& mine = by_address_[address];
        if (mine >= per_address_) {
            if (mine == 0) by_address_.erase(address);
            return {std::nullopt, Refusal::per_address};
        }
        ++mine;
        ++open_;
        return {Slot(this, address), Refusal::none};
    }

    std::size_t open() const {
        std::lock_guard lock(mutex_);
        return open_;
    }

private:
    void release(const std::string& address) {
        std::lock_guard lock(mutex_);
        --open_;
        if (auto it = by_address_.find(address); it != by_address_.end() && --it->second == 0) by_address_.erase(it);
    }

    const std::size_t total_, per_address_;
    mutable std::mutex mutex_;
    std::size_t open_ = 0;
    std::unordered_map<std::string, std::size_t> by_address_;
};

}  // namespace wp::net
