#pragma once
// Frames on their way to the subscribers of each io loop, delivered there in the order they were
// handed over. A frame for many costs one post per loop, not one per subscriber (each cross-thread
// post takes the loop's lock and may wake it), and a loop delivers it a slice at a time, so its
// other work (a log's Redis replies, its ack) is not stuck behind 5,000 writes.
//
// lane_of and post are called on one executor (the hub's); a lane's queue is touched only on its
// own loop. Knows nothing of topics: it is handed frames and whom they are for.
#include <boost/asio/any_io_executor.hpp>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "live/subscriber.hpp"

namespace wp::live {

class Lanes {
public:
    using Batch = std::vector<std::vector<std::shared_ptr<Subscriber>>>;  // by lane

    // The lane of the subscriber's loop, made the first time a loop is seen.
    std::size_t lane_of(const Subscriber& s);
    // An empty batch with one list per lane known so far.
    Batch batch() const { return Batch(lanes_.size()); }
    void post(const std::shared_ptr<Subscriber>& s, const Frame& frame);
    // Hands each lane its part (the batch is emptied); returns how many lanes got one. `done` is
    // called on each such lane's loop once its part is handed over.
    std::size_t post(Batch& batch, const Frame& frame, Topical of = {}, const std::function<void()>& done = {});

private:
    struct Job {
        std::vector<std::shared_ptr<Subscriber>> to;
        Frame frame;
        Topical of;
        std::size_t next = 0;
        std::function<void()> done;
    };
    struct Lane {
        boost::asio::any_io_executor executor;
        std::deque<Job> jobs;
        bool draining = false;
    };
    static void drain(Lane* lane);

    std::vector<std::unique_ptr<Lane>> lanes_;  // one per subscriber loop seen so far; never shrinks
};

}  // namespace wp::live
