#include "live/lanes.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <functional>

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

std::size_t Lanes::post(Batch& batch, const Frame& frame, Topical of) {
    std::size_t posted = 0;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (batch[i].empty()) continue;
        auto* lane = lanes_[i].get();
        ++posted;
        boost::asio::post(lane->executor,
                          [lane, job = Job{std::move(batch[i]), frame, of, 0, nullptr, false}]() mutable { enqueue(lane, std::move(job)); });
        batch[i] = {};
    }
    return posted;
}

void Lanes::enqueue(Lane* lane, Job job) {
    if (job.of.update && job.of.topic != 0) supersede(*lane, job);
    lane->jobs.push_back(std::move(job));
    if (!lane->draining) {
        lane->draining = true;
        drain(lane);
    }
}

void Lanes::supersede(Lane& lane, Job& newer) {
    auto by_address = std::less<const Subscriber*>{};
    auto before = [&](const auto& a, const auto& b) { return by_address(a.get(), b.get()); };
    if (!std::is_sorted(newer.to.begin(), newer.to.end(), before)) std::sort(newer.to.begin(), newer.to.end(), before);
    auto older = std::find_if(lane.jobs.begin(), lane.jobs.end(),
                              [&](const Job& j) { return j.of.update && !j.superseded && j.of.topic == newer.of.topic; });
    if (older != lane.jobs.end()) {  // at most one: each update supersedes the one before
        newer.after = older->next > 0 ? older->to[older->next - 1].get() : older->after;
        // Queued last, not in the older one's place: a snapshot queued between them carries an
        // older seq and must come first.
        if (older->next == 0) {
            lane.jobs.erase(older);
        } else {
            older->to.resize(older->next);  // ends where it is
            older->superseded = true;
        }
    } else if (auto swept = lane.swept_to.find(newer.of.topic); swept != lane.swept_to.end()) {
        newer.after = swept->second;
        lane.swept_to.erase(swept);
    }
    if (!newer.after) return;
    // Only compared, never followed: one that has left since still marks the place.
    auto first = std::upper_bound(newer.to.begin(), newer.to.end(), newer.after,
                                  [&](const Subscriber* after, const auto& s) { return by_address(after, s.get()); });
    std::rotate(newer.to.begin(), first, newer.to.end());
}

void Lanes::finished(Lane& lane, const Job& job) {
    if (!job.of.update || job.of.topic == 0 || job.superseded || job.to.empty()) return;
    // Topics that died leave their entry; forgetting them all now and then costs each live one
    // at most one frame out of its turn.
    if (lane.swept_to.size() >= 4096) lane.swept_to.clear();
    lane.swept_to[job.of.topic] = job.to.back().get();
}

void Lanes::drain(Lane* lane) {
    std::size_t budget = slice;
    while (budget > 0 && !lane->jobs.empty()) {
        auto& job = lane->jobs.front();
        for (; budget > 0 && job.next < job.to.size(); --budget) job.to[job.next++]->deliver(job.frame, job.of);
        if (job.next == job.to.size()) {
            finished(*lane, job);
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
