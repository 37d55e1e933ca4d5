#include "live/lanes.hpp"

#include <boost/asio/post.hpp>

namespace wp::live {

namespace {
// Frames one loop writes before letting its other handlers and I/O run: about a millisecond.
constexpr std::size_t slice = 128;
}  // namespace

std::size_t Lanes::lane_of(const Subscriber& s) {
    auto ex = s.executor();
    for (std::size_t i = 0; i < lanes_.size(); ++i)
        if (lanes_[i]->executor == ex) return i;
    lanes_.push_back(std::make_unique<Lane>());
    lanes_.back()->executor = std::move(ex);
    return lanes_.size() - 1;
}

void Lanes::post(const std::shared_ptr<Subscriber>& s, const Frame& frame) {
    auto lane = lane_of(*s);
    auto parts = batch();
    parts[lane].push_back(s);
    post(parts, frame);
}

std::size_t Lanes::post(Batch& batch, const Frame& frame, Topical of, const std::function<void()>& done) {
    std::size_t posted = 0;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (batch[i].empty()) continue;
        auto* lane = lanes_[i].get();
        ++posted;
        boost::asio::post(lane->executor, [lane, job = Job{std::move(batch[i]), frame, of, 0, done}]() mutable {
            lane->jobs.push_back(std::move(job));
            if (!lane->draining) {
                lane->draining = true;
                drain(lane);
            }
        });
        batch[i] = {};
    }
    return posted;
}

void Lanes::drain(Lane* lane) {
    std::size_t budget = slice;
    while (budget > 0 && !lane->jobs.empty()) {
        auto& job = lane->jobs.front();
        for (; budget > 0 && job.next < job.to.size(); --budget) job.to[job.next++]->deliver(job.frame, job.of);
        if (job.next == job.to.size()) {
            if (job.done) job.done();
            lane->jobs.pop_front();
        }
    }
    if (lane->jobs.empty()) {
        lane->draining = false;
        return;
    }
    // Posted behind whatever became ready meanwhile, the Redis replies of a log among them.
    boost::asio::post(lane->executor, [lane] { drain(lane); });
}

}  // namespace wp::live
