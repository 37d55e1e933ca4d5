// live::Lanes: a frame for many reaches each loop's subscribers there, in the order handed over,
// a slice at a time; a topic's newer update supersedes its older one still on its way.
#include <doctest/doctest.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <memory>

#include "fakes.hpp"
#include "live/lanes.hpp"

using wp::live::Frame;
using wp::live::Lanes;
using wp::live::Topical;
using wp::live::testing::FakeSubscriber;

namespace {
Frame frame(const std::string& text) { return std::make_shared<const std::string>(text); }
}  // namespace

TEST_CASE("lanes: one lane per loop, and each subscriber gets the frames on its own loop, in order") {
    boost::asio::io_context loop_a, loop_b;
    auto ann = std::make_shared<FakeSubscriber>(loop_a, "t1", "ann");
    auto bob = std::make_shared<FakeSubscriber>(loop_b, "t1", "bob");
    auto cat = std::make_shared<FakeSubscriber>(loop_a, "t1", "cat");
    Lanes lanes;
    CHECK(lanes.lane_of(*ann) == 0);
    CHECK(lanes.lane_of(*bob) == 1);
    CHECK(lanes.lane_of(*cat) == 0);

    for (const char* text : {"one", "two", "three"}) {
        auto batch = lanes.batch();
        batch[0] = {ann, cat};
        batch[1] = {bob};
        CHECK(lanes.post(batch, frame(text), Topical{7, false}) == 2);
        CHECK(batch[0].empty());  // handed over
    }
    lanes.post(bob, frame("direct"));
    CHECK(ann->raw.empty());  // nothing before the loops run
    loop_a.run();
    CHECK(ann->raw == std::vector<std::string>{"one", "two", "three"});
    CHECK(cat->raw == ann->raw);
    CHECK(bob->raw.empty());  // its loop has not run
    CHECK(ann->topicals.at(0).topic == 7);
    CHECK(!ann->topicals.at(0).update);
    loop_b.run();
    CHECK(bob->raw == std::vector<std::string>{"one", "two", "three", "direct"});
}

TEST_CASE("lanes: a lane with nobody in the batch gets no post") {
    boost::asio::io_context loop_a, loop_b;
    auto ann = std::make_shared<FakeSubscriber>(loop_a, "t1", "ann");
    auto bob = std::make_shared<FakeSubscriber>(loop_b, "t1", "bob");
    Lanes lanes;
    lanes.lane_of(*ann);
    lanes.lane_of(*bob);
    auto batch = lanes.batch();
    batch[1] = {bob};
    CHECK(lanes.post(batch, frame("x")) == 1);
    CHECK(loop_a.run() == 0);
    loop_b.run();
    CHECK(bob->raw.size() == 1);
}

TEST_CASE("lanes: a loop's other work runs between slices of a large delivery") {
    boost::asio::io_context loop;
    Lanes lanes;
    std::vector<std::shared_ptr<FakeSubscriber>> subscribers;
    auto batch = lanes.batch();
    for (int i = 0; i < 1000; ++i) {
        subscribers.push_back(std::make_shared<FakeSubscriber>(loop, "t1", "r" + std::to_string(i)));
        lanes.lane_of(*subscribers.back());
    }
    batch = lanes.batch();
    for (auto& s : subscribers) batch[0].push_back(s);
    lanes.post(batch, frame("board"));
    // Queued behind the delivery: with slices it runs before the last subscriber is written.
    std::size_t delivered_when_other_work_ran = 0;
    boost::asio::post(loop, [&] {
        for (auto& s : subscribers) delivered_when_other_work_ran += s->raw.size();
    });
    loop.run();
    CHECK(delivered_when_other_work_ran > 0);
    CHECK(delivered_when_other_work_ran < subscribers.size());
    for (auto& s : subscribers) CHECK(s->raw.size() == 1);
}

namespace {
// 1,000 subscribers on one loop, each known to the lanes, in the lanes' sweep order (by address).
struct CrowdedLane {
    boost::asio::io_context loop;
    Lanes lanes;
    std::vector<std::shared_ptr<FakeSubscriber>> crowd;
    CrowdedLane() {
        for (int i = 0; i < 1000; ++i) {
            crowd.push_back(std::make_shared<FakeSubscriber>(loop, "t1", "r" + std::to_string(i)));
            lanes.lane_of(*crowd.back());
        }
        std::sort(crowd.begin(), crowd.end(), std::less<>{});
    }
    void post(const std::string& text, Topical of, std::size_t from = 0) {
        auto batch = lanes.batch();
        batch[0].assign(crowd.begin() + static_cast<std::ptrdiff_t>(from), crowd.end());
        lanes.post(batch, frame(text), of);
    }
    std::size_t got(const std::vector<std::string>& frames) const {
        return static_cast<std::size_t>(std::count_if(crowd.begin(), crowd.end(), [&](auto& s) { return s->raw == frames; }));
    }
};
}  // namespace

TEST_CASE("lanes: a newer update of a topic supersedes the one part-way: the unreached get only the newer, first") {
    CrowdedLane lane;
    lane.post("v1", Topical{7, true});
    lane.loop.run_one();  // v1 taken, its first slice written
    lane.post("v2", Topical{7, true});
    lane.loop.run_one();  // v1's second slice; v2 waits behind it
    lane.loop.run_one();  // v2 taken: v1 ends where it is
    auto reached_by_v1 = lane.got({"v1"});
    CHECK(reached_by_v1 > 0);
    CHECK(reached_by_v1 < lane.crowd.size());
    lane.loop.run_one();  // v2's first slice: to those v1 had not reached
    CHECK(lane.got({"v1"}) == reached_by_v1);
    CHECK(lane.got({"v2"}) > 0);
    lane.loop.run();
    CHECK(lane.got({"v1", "v2"}) == reached_by_v1);
    CHECK(lane.got({"v2"}) == lane.crowd.size() - reached_by_v1);
}

TEST_CASE("lanes: only an update of the same topic supersedes: other topics, snapshots and events all arrive") {
    CrowdedLane lane;
    lane.post("board", Topical{7, true});
    lane.post("other topic", Topical{8, true});
    lane.post("snapshot", Topical{7, false});
    lane.post("event", Topical{});
    lane.loop.run();
    CHECK(lane.got({"board", "other topic", "snapshot", "event"}) == lane.crowd.size());
}

TEST_CASE("lanes: a newer update not yet started replaces the older, and queues behind a snapshot sent between") {
    CrowdedLane lane;
    lane.post("event", Topical{});
    lane.post("v1", Topical{7, true});
    lane.post("snapshot v1", Topical{7, false}, 500);  // the second half had just subscribed
    lane.post("v2", Topical{7, true});
    lane.loop.run();
    CHECK(lane.got({"event", "v2"}) == 500);
    CHECK(lane.got({"event", "snapshot v1", "v2"}) == 500);  // never an older seq after a newer one
}

TEST_CASE("lanes: a superseding update whose subscribers changed still reaches each of them once, the unreached first") {
    CrowdedLane lane;
    lane.post("v1", Topical{7, true});
    lane.loop.run_one();  // v1's first slice
    lane.post("v2", Topical{7, true}, 10);  // the first ten left in between
    lane.loop.run_one();
    lane.loop.run_one();  // v2 taken
    auto reached_by_v1 = lane.got({"v1"});
    lane.loop.run_one();  // v2's first slice
    for (std::size_t i = 0; i < 10; ++i) CHECK(lane.crowd[i]->raw == std::vector<std::string>{"v1"});
    CHECK(lane.got({"v1", "v2"}) == 0);  // those v1 reached wait for the unreached
    lane.loop.run();
    CHECK(lane.got({"v1", "v2"}) == reached_by_v1 - 10);
    CHECK(lane.got({"v2"}) == lane.crowd.size() - reached_by_v1);
}

TEST_CASE("lanes: under updates faster than a round, the sweep goes on where it was: nobody gets two before another gets one") {
    CrowdedLane lane;
    auto spread = [&] {
        auto [least, most] = std::minmax_element(lane.crowd.begin(), lane.crowd.end(),
                                                 [](auto& a, auto& b) { return a->raw.size() < b->raw.size(); });
        return (*most)->raw.size() - (*least)->raw.size();
    };
    // A new update after every three slices (a round is eight): each supersedes the one before.
    for (int version = 1; version <= 12; ++version) {
        lane.post("v" + std::to_string(version), Topical{7, true});
        for (int step = 0; step < 3; ++step) {
            lane.loop.run_one();
            CHECK(spread() <= 1);
        }
    }
    lane.loop.run();
    CHECK(spread() <= 1);
    for (auto& s : lane.crowd) CHECK(s->raw.back() == "v12");
}
