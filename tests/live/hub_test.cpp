// The hub alone, between a fake source and fake subscribers on real loops: what a subscriber
// gets and in which order, how notices are coalesced into reads, one frame for subscribers on
// two loops, and a slow loop holding back newer reads until it has caught up.
#include <doctest/doctest.h>

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

TEST_CASE("hub: while an update is still being delivered no newer read starts, and the newest state comes last") {
    HubFixture f;
    f.source.data[c1_key] = {{"n", 0}};
    auto slow = f.subscriber(f.other, "natalie");  // its loop runs only when the test says
    f.hub.subscribe(slow, c1);
    REQUIRE(f.until([&] { return slow->frames.size() == 1; }));

    f.source.data[c1_key] = {{"n", 1}};
    f.touch("c1");
    // Only the home loop runs: the update is read and handed to the other loop's lane, which
    // does not deliver it yet.
    REQUIRE(run_until({&f.home}, [&] { return f.source.completed_of(c1) == 2; }));
    for (int n = 2; n <= 6; ++n) {
        f.source.data[c1_key] = {{"n", n}};
        f.touch("c1");
        run_for({&f.home}, 30ms);  // longer than the coalesce interval
    }
    run_for({&f.home}, 100ms);
    CHECK(f.source.reads_of(c1) == 2);  // nothing read while n=1 is on its way
    CHECK(slow->frames.size() == 1);

    // The loop catches up: n=1 is delivered, then the newest, not every one between.
    REQUIRE(f.until([&] { return !slow->frames.empty() && slow->frames.back()["data"] == json{{"n", 6}}; }));
    f.idle();
    CHECK(f.source.reads_of(c1) == 3);
    REQUIRE(slow->frames.size() == 3);
    CHECK(slow->frames[1]["data"] == json{{"n", 1}});
    CHECK(slow->frames[2]["type"] == "update");
    CHECK(seq_of(slow->frames[2]) > seq_of(slow->frames[1]));
}

TEST_CASE("hub: a slow loop holds back the topic's next update on the other loop until it catches up, then both get it") {
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
    run_for({&f.home}, 100ms);
    // Gated by the slow lane: the fast one waits too (one frame per topic, for all).
    CHECK(fast->frames.size() == 2);
    REQUIRE(f.until([&] { return fast->frames.size() == 3 && slow->frames.size() == 3; }));
    CHECK(fast->raw[2] == slow->raw[2]);
    CHECK(fast->frames[2]["data"] == json{{"n", 2}});
}
