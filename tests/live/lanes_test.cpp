// live::Lanes: a frame for many reaches each loop's subscribers there, in the order handed over,
// a slice at a time, with one `done` per lane.
#include <doctest/doctest.h>

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

    int done_a = 0, done_b = 0;
    for (const char* text : {"one", "two", "three"}) {
        auto batch = lanes.batch();
        batch[0] = {ann, cat};
        batch[1] = {bob};
        CHECK(lanes.post(batch, frame(text), Topical{7, true}, [&] {
            // Called on the lane's own loop.
            (loop_a.get_executor().running_in_this_thread() ? done_a : done_b) += 1;
        }) == 2);
        CHECK(batch[0].empty());  // handed over
    }
    lanes.post(bob, frame("direct"));
    CHECK(ann->raw.empty());  // nothing before the loops run
    loop_a.run();
    CHECK(ann->raw == std::vector<std::string>{"one", "two", "three"});
    CHECK(cat->raw == ann->raw);
    CHECK(bob->raw.empty());  // its loop has not run
    CHECK(ann->topicals.at(0).topic == 7);
    CHECK(ann->topicals.at(0).update);
    loop_b.run();
    CHECK(bob->raw == std::vector<std::string>{"one", "two", "three", "direct"});
    CHECK(done_a == 3);
    CHECK(done_b == 3);
}

TEST_CASE("lanes: a lane with nobody in the batch gets no post and no done") {
    boost::asio::io_context loop_a, loop_b;
    auto ann = std::make_shared<FakeSubscriber>(loop_a, "t1", "ann");
    auto bob = std::make_shared<FakeSubscriber>(loop_b, "t1", "bob");
    Lanes lanes;
    lanes.lane_of(*ann);
    lanes.lane_of(*bob);
    auto batch = lanes.batch();
    batch[1] = {bob};
    int done = 0;
    CHECK(lanes.post(batch, frame("x"), {}, [&] { ++done; }) == 1);
    CHECK(loop_a.run() == 0);
    loop_b.run();
    CHECK(done == 1);
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
