// The feed's pacing: events a feed's pacer holds back are sent once their window has passed.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "live/hub.hpp"
#include "store/nothrow.hpp"

namespace wp::live {

void Hub::send_events(TopicState& feed, const std::vector<nlohmann::json>& events) {
    for (const auto& ev : events) {
        auto frame = std::make_shared<const std::string>(nlohmann::json{{"type", "event"}, {"event", ev}}.dump());
        ++frames_built_;
        auto batch = members_by_lane(feed);
        lanes_.post(batch, frame);
    }
}

void Hub::schedule_pace(std::chrono::steady_clock::time_point at) {
    if (pace_pending_ && pace_.expiry() <= at) return;
    pace_pending_ = true;
    pace_.expires_at(at);  // wakes pace_loop, which waits again for the new time
}

asio::awaitable<void> Hub::pace_loop() {
    using Clock = std::chrono::steady_clock;
    pace_.expires_at(Clock::time_point::max());
    while (true) {
        (void)co_await pace_.async_wait(store::nothrow);
        // Also ends early when schedule_pace moves the time, which is not a stop.
        if ((co_await asio::this_coro::cancellation_state).cancelled() != asio::cancellation_type::none) co_return;
        auto now = Clock::now();
        if (pace_.expiry() > now) continue;  // rescheduled
        pace_pending_ = false;
        pace_.expires_at(Clock::time_point::max());
        std::optional<Clock::time_point> next;
        for (auto key = paced_.begin(); key != paced_.end();) {
            auto t = topics_.find(*key);
            if (t == topics_.end() || !t->second.pacer) {  // the feed died with its last subscriber
                key = paced_.erase(key);
                continue;
            }
            send_events(t->second, t->second.pacer->release(now));
            auto due = t->second.pacer->due();
            if (!due) {
                key = paced_.erase(key);
                continue;
            }
            next = next ? std::min(*next, *due) : *due;
            ++key;
        }
        if (next) schedule_pace(*next);
    }
}

}  // namespace wp::live
