#pragma once
// Frames on their way to the subscribers of each io loop, delivered there in the order they were
// handed over. A frame for many costs one post per loop, not one per subscriber (each cross-thread
// post takes the loop's lock and may wake it), and a loop delivers it a slice at a time, so its
// other work (a log's Redis replies, its ack) is not stuck behind 5,000 writes.
//
// An update carries its topic's whole state, so a newer one supersedes the same topic's update
// still on its way in a lane: that one stops where it is, and the newer one goes on from there.
// A lane sweeps a topic's subscribers round and round in one order (by address), each update
// starting after the subscriber the last one reached. When a topic's subscribers outnumber what a
// loop writes per coalesce interval, each then gets the newest state at its turn, nobody a second
// frame before everyone has had one, and nothing piles up.
//
// lane_of and post are called on one executor (the hub's); a lane's queue is touched only on its
// own loop. Knows nothing of topics: it is handed frames, whom they are for, and a topic id.
#include <boost/asio/any_io_executor.hpp>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <unordered_map>
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
    // Hands each lane its part (the batch is emptied); returns how many lanes got one. An update
    // (`of.update`) supersedes that topic's earlier update still queued or part-way in a lane.
    std::size_t post(Batch& batch, const Frame& frame, Topical of = {});

private:
    struct Job {
        std::vector<std::shared_ptr<Subscriber>> to;
        Frame frame;
        Topical of;
        std::size_t next = 0;
        const Subscriber* after = nullptr;  // an update's sweep starts after this one (none: the first)
        bool superseded = false;
    };
    struct Lane {
        boost::asio::any_io_executor executor;
        std::deque<Job> jobs;
        bool draining = false;
        // Topic id -> the subscriber its last finished update reached last, where the next starts.
        std::unordered_map<std::uint64_t, const Subscriber*> swept_to;
    };
    static void enqueue(Lane* lane, Job job);
    static void supersede(Lane& lane, Job& newer);
    static void finished(Lane& lane, const Job& job);
    static void drain(Lane* lane);

    std::vector<std::unique_ptr<Lane>> lanes_;  // one per subscriber loop seen so far; never shrinks
};

}  // namespace wp::live
