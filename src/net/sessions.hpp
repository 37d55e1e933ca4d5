#pragma once
// Every WebSocket session of the server: listed so stop() can close each with 1001, and swept
// per io loop (net/session_sweep.hpp) for pings and silence.
#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "net/session_sweep.hpp"
#include "net/ws_session.hpp"

namespace wp::net {

class Sessions {
public:
    Sessions(const std::vector<boost::asio::io_context*>& loops, std::chrono::milliseconds ping) : loops_(loops) {
        // A tenth of the ping interval: pings and silence closes are that late at most.
        auto period = std::clamp(ping / 10, std::chrono::milliseconds(50), std::chrono::milliseconds(1000));
        for (auto* loop : loops_) sweeps_.push_back(std::make_unique<SessionSweep>(loop->get_executor(), period));
    }
    void start() {
        for (auto& s : sweeps_) boost::asio::post(s->executor(), [s = s.get()] { s->start(); });
    }
    // The sweep of the loop that runs `ex`.
    SessionSweep& sweep_of(const boost::asio::any_io_executor& ex) {
        for (std::size_t i = 0; i < loops_.size(); ++i)
            if (boost::asio::any_io_executor(loops_[i]->get_executor()) == ex) return *sweeps_[i];
        return *sweeps_.front();
    }
    void add(const std::shared_ptr<WsSession>& session) {
        std::lock_guard lock(mutex_);
        // Dropping closed sessions on every upgrade walked them all: O(n^2) to open n.
        if (sessions_.size() >= compact_at_) {
            std::erase_if(sessions_, [](const auto& w) { return w.expired(); });
            compact_at_ = std::max<std::size_t>(64, 2 * sessions_.size());
        }
        sessions_.push_back(session);
    }
    // Closes every session with 1001; `closed` is called, on whichever loop the last one ends,
    // once each has ended (at once when there are none).
    void shutdown_all(std::function<void()> closed) {
        // Each session holds it until it has ended; the last to let go calls `closed`.
        std::shared_ptr<void> drained(nullptr, [closed = std::move(closed)](void*) {
            if (closed) closed();
        });
        std::lock_guard lock(mutex_);
        for (auto& w : sessions_)
            if (auto s = w.lock()) boost::asio::post(s->executor(), [s, drained] { s->shutdown(drained); });
    }

private:
    std::vector<boost::asio::io_context*> loops_;
    std::vector<std::unique_ptr<SessionSweep>> sweeps_;  // one per loop
    std::mutex mutex_;
    std::vector<std::weak_ptr<WsSession>> sessions_;
    std::size_t compact_at_ = 64;
};

}  // namespace wp::net
