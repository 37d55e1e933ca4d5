#pragma once
// One timer per io loop for every WebSocket session on it: it pings each session on time, and
// closes one whose peer fell silent or that never finished closing. A timer and a keep-alive
// coroutine per connection cost about 1 KiB each of 10,000 idle connections; a walk of them all
// every tick costs microseconds.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <vector>

namespace wp::net {

class SessionSweep {
public:
    using Clock = std::chrono::steady_clock;
    // What the sweep ticks: tick() may call remove(*this).
    class Swept {
    public:
        virtual ~Swept() = default;
        virtual void tick(Clock::time_point now) = 0;

    private:
        friend class SessionSweep;
        std::size_t sweep_index_ = static_cast<std::size_t>(-1);
    };

    SessionSweep(boost::asio::any_io_executor loop, std::chrono::milliseconds period) : timer_(loop), period_(period) {}
    // On the loop only, like remove().
    void add(std::shared_ptr<Swept> s) {
        s->sweep_index_ = swept_.size();
        swept_.push_back(std::move(s));
    }
    void remove(Swept& s) {
        auto i = s.sweep_index_;
        if (i >= swept_.size() || swept_[i].get() != &s) return;
        s.sweep_index_ = static_cast<std::size_t>(-1);
        if (i + 1 != swept_.size()) {
            swept_[i] = std::move(swept_.back());
            swept_[i]->sweep_index_ = i;
        }
        swept_.pop_back();
    }
    std::size_t size() const { return swept_.size(); }
    boost::asio::any_io_executor executor() { return timer_.get_executor(); }
    void start() { arm(); }
    void stop() {  // on the loop
        stopped_ = true;
        timer_.cancel();
    }

private:
    void arm() {
        if (stopped_) return;
        timer_.expires_after(period_);
        timer_.async_wait([this](const boost::system::error_code& ec) {
            if (ec || stopped_) return;
            auto now = Clock::now();
            // Backwards: a session that ends in its tick swaps in the last one, already ticked.
            for (auto i = swept_.size(); i-- > 0;)
                if (i < swept_.size()) swept_[i]->tick(now);
            arm();
        });
    }

    boost::asio::steady_timer timer_;
    std::chrono::milliseconds period_;
    std::vector<std::shared_ptr<Swept>> swept_;
    bool stopped_ = false;
};

}  // namespace wp::net
