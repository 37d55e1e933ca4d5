#pragma once
// The feed's `event` frames, paced (protocol.md "Hardening"): at most `per_second` in any
// window of a second, the window starting with the first event after a quiet one. Once a
// window's are spent, the events that follow wait for the next: `activity` events summed up
// per rep, one {kind: "activity.burst", rep, name, count, metrics} for each, the other kinds
// held as they are and sent first. So a flood by one rep costs each screen per_second frames a
// second, never its connection. Paced per team feed, so every subscriber gets the same frames,
// serialised once. No I/O here: the hub calls offer() for each event and release() when due().
#include <chrono>
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace wp::live {

class FeedPacer {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::size_t max_held = 256;  // other kinds waiting; the oldest go beyond it

    explicit FeedPacer(std::size_t per_second) : per_second_(per_second) {}

    // The events to send now, `event` among them unless this window's are spent (then held).
    std::vector<nlohmann::json> offer(nlohmann::json event, Clock::time_point now);
    // When release() has something to send; nullopt when nothing waits.
    std::optional<Clock::time_point> due() const;
    // What waited, up to a window's worth: held events first, then the bursts.
    std::vector<nlohmann::json> release(Clock::time_point now);

private:
    struct Burst {
        std::string rep, name, last_id, last_at;
        std::size_t count = 0;
        nlohmann::json metrics = nlohmann::json::object();  // metric -> sum of deltas
    };
    bool waiting() const { return !held_.empty() || !bursts_.empty(); }
    void hold(nlohmann::json event);
    static nlohmann::json summary(const Burst& b);

    std::size_t per_second_;
    Clock::time_point window_{};  // start of the current window
    std::size_t sent_ = 0;        // in it
    std::deque<nlohmann::json> held_;
    std::vector<Burst> bursts_;   // in the order their reps first waited
};

}  // namespace wp::live
