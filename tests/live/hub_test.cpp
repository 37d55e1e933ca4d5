// The hub alone, between a fake source and fake subscribers on real loops: what a subscriber
// gets and in which order, how notices are coalesced into reads, one frame for subscribers on
// two loops, and a slow loop holding back newer reads until it has caught up.
#include <doctest/doctest.h>

#include <algorithm>

#include "fakes.hpp"

using namespace wp::live::testing;

TEST_CASE("hub: a subscriber gets a snapshot first, then updates with increasing seq, in the order sent") {
    HubFixture f;
    f.source.data[c1_key] = {{"n", 0}};
    auto jake = f.subscriber(f.other);
    f.hub.subscribe(jake, c1);
    REQUIRE(f.until([&] { return jake->frames.size() == 1; }));
    CHECK(jake->frames[0]["type"] == "snapshot");
    CHECK(jake->frames[0]["topic"] == c1_name);
    CHECK(jake->frames[0]["data"] == json{{"n", 0}});

    // Each change read and delivered before the next: every one shows, in order.
    for (int n = 1; n <= 5; ++n) {
        f.source.data[c1_key] = {{"n", n}};
        f.touch("c1");
        REQUIRE(f.until([&] { return jake->frames.size() == static_cast<std::size_t>(n) + 1; }));
    }
    f.idle();
    REQUIRE(jake->frames.size() == 6);
    for (std::size_t i = 1; i < jake->frames.size(); ++i) {
        CHECK(jake->frames[i]["type"] == "update");
        CHECK(jake->frames[i]["data"] == json{{"n", i}});
        CHECK(seq_of(jake->frames[i]) > seq_of(jake->frames[i - 1]));
    }
}

TEST_CASE("hub: a notice that leaves the data as it was sends nothing") {
    HubFixture f;
    f.source.data[c1_key] = {{"n", 0}};
    auto jake = f.subscriber(f.home);
    f.hub.subscribe(jake, c1);
    REQUIRE(f.until([&] { return jake->frames.size() == 1; }));
    f.touch("c1");
    REQUIRE(f.until([&] { return f.source.completed_of(c1) == 2; }));
    f.idle();
    CHECK(jake->frames.size() == 1);
}

TEST_CASE("hub: notices for one topic handled back to back cause one read and one update") {
    HubFixture f;
    f.source.data[c1_key] = {{"n", 0}};
    auto jake = f.subscriber(f.home);
    f.hub.subscribe(jake, c1);
    REQUIRE(f.until([&] { return jake->frames.size() == 1; }));
    for (int n = 1; n <= 20; ++n) {
        f.source.data[c1_key] = {{"n", n}};
        f.touch("c1");
    }
    REQUIRE(f.until([&] { return jake->frames.size() == 2; }));
    f.idle();
    CHECK(f.source.reads_of(c1) == 2);  // the snapshot's and one for the twenty
    REQUIRE(jake->frames.size() == 2);
    CHECK(jake->frames[1]["data"] == json{{"n", 20}});
}

TEST_CASE("hub: notices spread over less than one coalesce interval are read at most twice, the newest last") {
    auto options = quick_options();
    options.coalesce = 1000ms;
    HubFixture f(options);
    f.source.data[c1_key] = {{"n", 0}};
    auto jake = f.subscriber(f.home);
    f.hub.subscribe(jake, c1);
    REQUIRE(f.until([&] { return jake->frames.size() == 1; }));
    // Each notice has time to be read before the next (the loop runs between them): only the
    // coalesce interval keeps them from being read one by one.
    for (int n = 1; n <= 10; ++n) {
        f.source.data[c1_key] = {{"n", n}};
        f.touch("c1");
        f.idle(5ms);
    }
    // The first after a quiet spell is read at once, the rest once the interval has passed.
    REQUIRE(f.until([&] { return !jake->frames.empty() && jake->frames.back()["data"] == json{{"n", 10}}; }));
    f.idle(300ms);
    CHECK(f.source.reads_of(c1) <= 1 + 2);
    CHECK(jake->frames.size() <= 1 + 2);
    CHECK(jake->frames.back()["data"] == json{{"n", 10}});
}

TEST_CASE("hub: subscribers of one topic on two loops get the same frames, read once") {
    HubFixture f;
    f.source.data[c1_key] = {{"n", 0}};
    auto jake = f.subscriber(f.home, "jake");
    auto natalie = f.subscriber(f.other, "natalie");
    f.hub.subscribe(jake, c1);
    f.hub.subscribe(natalie, c1);
    REQUIRE(f.until([&] { return jake->frames.size() == 1 && natalie->frames.size() == 1; }));
    CHECK(jake->raw[0] == natalie->raw[0]);  // the same snapshot: same data and seq
    CHECK(f.source.reads_of(c1) == 1);

    f.source.data[c1_key] = {{"n", 1}};
    f.touch("c1");
    REQUIRE(f.until([&] { return jake->frames.size() == 2 && natalie->frames.size() == 2; }));
    CHECK(jake->frames[1]["type"] == "update");
    CHECK(jake->raw[1] == natalie->raw[1]);
    CHECK(f.source.reads_of(c1) == 2);
    CHECK(f.hub.stats().frames_built == 2);
}

TEST_CASE("hub: a later subscriber gets the data held as its snapshot, without a read") {
    HubFixture f;
    f.source.data[c1_key] = {{"n", 0}};
    auto jake = f.subscriber(f.home, "jake");
    f.hub.subscribe(jake, c1);
    REQUIRE(f.until([&] { return jake->frames.size() == 1; }));
    auto natalie = f.subscriber(f.other, "natalie");
    f.hub.subscribe(natalie, c1);
    REQUIRE(f.until([&] { return natalie->frames.size() == 1; }));
    f.idle();
    CHECK(natalie->raw[0] == jake->raw[0]);
    CHECK(f.source.reads_of(c1) == 1);
    CHECK(jake->frames.size() == 1);  // the one already there is not sent it again
}

TEST_CASE("hub: an update still on its way in a busy lane is superseded: nobody waits for the stale one, the newest comes last") {
    HubFixture f;
    f.source.data[c1_key] = {{"n", 0}};
    // More subscribers on the other loop than its lane writes in one slice.
    std::vector<std::shared_ptr<FakeSubscriber>> many;
    for (int i = 0; i < 300; ++i) {
        many.push_back(f.subscriber(f.other, "r" + std::to_string(i)));
        f.hub.subscribe(many.back(), c1);
    }
    REQUIRE(f.until([&] { return std::all_of(many.begin(), many.end(), [](auto& s) { return s->frames.size() == 1; }); }));

    f.source.data[c1_key] = {{"n", 1}};
    f.touch("c1");
    REQUIRE(run_until({&f.home}, [&] { return f.source.completed_of(c1) == 2; }));
    f.other.restart();
    f.other.run_one();  // the lane takes n=1 and writes its first slice
    f.source.data[c1_key] = {{"n", 2}};
    f.touch("c1");
    // Read although n=1 is still on its way: the lane, not the hub, drops what is stale.
    REQUIRE(run_until({&f.home}, [&] { return f.source.completed_of(c1) == 3; }));
    f.idle();

    std::size_t got_one = 0, got_two_only = 0;
    for (auto& s : many) {
        REQUIRE(!s->frames.empty());
        CHECK(s->frames.back()["data"] == json{{"n", 2}});
        CHECK(s->frames.size() <= 3);
        if (s->frames.size() == 3) {
            ++got_one;
            CHECK(s->frames[1]["data"] == json{{"n", 1}});
            CHECK(seq_of(s->frames[2]) > seq_of(s->frames[1]));
        }
        if (s->frames.size() == 2) ++got_two_only;
    }
    CHECK(got_one > 0);        // reached by n=1 before n=2 was read
    CHECK(got_two_only > 0);   // n=1 never written to them: it was stale by their turn
    CHECK(got_one + got_two_only == many.size());
}

TEST_CASE("hub: a slow loop does not hold back the other loop's subscribers, and catches up with the newest") {
    HubFixture f;
    f.source.data[c1_key] = {{"n", 0}};
    auto fast = f.subscriber(f.home, "jake");
    auto slow = f.subscriber(f.other, "natalie");
    f.hub.subscribe(fast, c1);
    f.hub.subscribe(slow, c1);
    REQUIRE(f.until([&] { return fast->frames.size() == 1 && slow->frames.size() == 1; }));

    f.source.data[c1_key] = {{"n", 1}};
    f.touch("c1");
    REQUIRE(run_until({&f.home}, [&] { return fast->frames.size() == 2; }));
    f.source.data[c1_key] = {{"n", 2}};
    f.touch("c1");
    // The other loop has not run since: the fast one gets n=2 all the same.
    REQUIRE(run_until({&f.home}, [&] { return fast->frames.size() == 3; }));
    CHECK(fast->frames[2]["data"] == json{{"n", 2}});
    CHECK(slow->frames.size() == 1);
    REQUIRE(f.until([&] { return !slow->frames.empty() && slow->frames.back()["data"] == json{{"n", 2}}; }));
    f.idle();
    CHECK(slow->raw.back() == fast->raw.back());  // one frame per topic update, for all
    for (std::size_t i = 1; i < slow->frames.size(); ++i) CHECK(seq_of(slow->frames[i]) > seq_of(slow->frames[i - 1]));
}
