// The hub alone, around its topics' lives: a topic dies with its last subscriber (a read in
// flight too), a failed read is tried again, a team's topics wait for its notices to flow and
// are sent afresh after a gap, and the frames that go to connections rather than topics
// (revocation, send_to_rep, the feed's events).
#include <doctest/doctest.h>

#include <optional>

#include "fakes.hpp"

using namespace wp::live::testing;

TEST_CASE("hub: the last unsubscribe or detach erases the topic, and a later subscribe reads afresh") {
    HubFixture f;
    f.source.data[c1_key] = {{"n", 0}};
    f.source.data[c2_key] = {{"n", 0}};
    auto jake = f.subscriber(f.home, "jake");
    auto natalie = f.subscriber(f.other, "natalie");
    f.hub.subscribe(jake, c1);
    f.hub.subscribe(natalie, c1);
    f.hub.subscribe(natalie, c2);
    REQUIRE(f.until([&] { return jake->frames.size() == 1 && natalie->frames.size() == 2; }));
    CHECK(f.hub.stats().topics == 2);
    CHECK(f.hub.stats().subscriptions == 3);

    f.hub.unsubscribe(jake.get(), "t1", c1);
    f.idle(20ms);
    CHECK(f.hub.stats().topics == 2);  // natalie still has c1
    f.hub.detach(natalie.get());
    REQUIRE(f.until([&] { return f.hub.stats().topics == 0; }));
    CHECK(f.hub.stats().subscriptions == 0);

    // A change now reaches no one and reads nothing.
    f.touch("c1");
    f.idle();
    CHECK(f.source.reads_of(c1) == 1);

    f.source.data[c1_key] = {{"n", 1}};
    f.hub.subscribe(jake, c1);
    REQUIRE(f.until([&] { return jake->frames.size() == 2; }));
    CHECK(f.source.reads_of(c1) == 2);
    CHECK(jake->frames[1]["type"] == "snapshot");
    CHECK(jake->frames[1]["data"] == json{{"n", 1}});
}

TEST_CASE("hub: a topic whose last subscriber leaves while its read is in flight is erased when the read ends") {
    HubFixture f;
    auto jake = f.jake_reading_c1();
    REQUIRE(jake);
    f.hub.unsubscribe(jake.get(), "t1", c1);
    f.idle(20ms);
    CHECK(f.hub.stats().topics == 1);  // still reading
    f.source.hold = false;
    f.source.release();
    REQUIRE(f.until([&] { return f.hub.stats().topics == 0; }));
    f.idle();
    CHECK(jake->frames.empty());

    // Subscribing again reads afresh rather than waiting on the dead read.
    f.source.data[c1_key] = {{"n", 1}};
    f.hub.subscribe(jake, c1);
    REQUIRE(f.until([&] { return jake->frames.size() == 1; }));
    CHECK(f.source.reads_of(c1) == 2);
    CHECK(jake->frames[0]["data"] == json{{"n", 1}});
}

TEST_CASE("hub: a topic that gains a subscriber again while its read is in flight lives on") {
    HubFixture f;
    auto jake = f.jake_reading_c1();
    REQUIRE(jake);
    f.hub.unsubscribe(jake.get(), "t1", c1);
    f.hub.subscribe(jake, c1);
    f.idle(20ms);
    f.source.hold = false;
    f.source.release();
    REQUIRE(f.until([&] { return jake->frames.size() == 1; }));
    CHECK(jake->frames[0]["type"] == "snapshot");
    CHECK(f.hub.stats().topics == 1);
    CHECK(f.source.reads_of(c1) == 1);  // the read in flight answers it
}

TEST_CASE("hub: a read that fails is read again at the next notice, not left reading") {
    HubFixture f;
    f.source.data[c1_key] = {{"n", 0}};
    f.source.fail_next = 1;
    auto jake = f.subscriber(f.home);
    f.hub.subscribe(jake, c1);
    REQUIRE(f.until([&] { return f.source.completed_of(c1) == 1; }));
    f.idle();
    CHECK(jake->frames.empty());
    f.touch("c1");
    REQUIRE(f.until([&] { return jake->frames.size() == 1; }));
    CHECK(jake->frames[0]["type"] == "snapshot");
    CHECK(f.source.reads_of(c1) == 2);
}

TEST_CASE("hub: a read that throws is read again at the refresh, not left reading") {
    auto options = quick_options();
    options.refresh = 200ms;
    HubFixture f(options);
    f.source.data[c1_key] = {{"n", 0}};
    f.source.throw_next = 1;
    auto jake = f.subscriber(f.home);
    f.hub.subscribe(jake, c1);
    REQUIRE(f.until([&] { return jake->frames.size() == 1; }));
    CHECK(jake->frames[0]["type"] == "snapshot");
    CHECK(f.source.reads_of(c1) >= 2);
}

TEST_CASE("hub: a topic subscribed before its team is live waits for on_team_live, and a gap resends snapshots") {
    HubFixture f(quick_options(), false);
    f.source.data[c1_key] = {{"n", 0}};
    auto jake = f.subscriber(f.other);
    f.hub.subscribe(jake, c1);
    f.touch("c1");
    f.idle();
    CHECK(f.source.reads_of(c1) == 0);
    CHECK(jake->frames.empty());

    f.hub.on_team_live("t1", false);
    REQUIRE(f.until([&] { return jake->frames.size() == 1; }));
    f.idle();
    REQUIRE(jake->frames.size() == 1);
    CHECK(jake->frames[0]["type"] == "snapshot");
    CHECK(f.source.heard.back() == "t1=1");

    // Live again without a gap: re-read, and nothing sent when nothing changed.
    f.hub.on_team_live("t1", false);
    REQUIRE(f.until([&] { return f.source.completed_of(c1) == 2; }));
    f.idle();
    CHECK(jake->frames.size() == 1);

    // With a gap: a fresh snapshot though the data is the same, newer than the one before.
    f.hub.on_team_live("t1", true);
    REQUIRE(f.until([&] { return jake->frames.size() == 2; }));
    f.idle();
    REQUIRE(jake->frames.size() == 2);
    CHECK(jake->frames[1]["type"] == "snapshot");
    CHECK(jake->frames[1]["data"] == json{{"n", 0}});
    CHECK(seq_of(jake->frames[1]) > seq_of(jake->frames[0]));
}

TEST_CASE("hub: the teams heard follow the connections, and a topic of a team no longer heard waits again") {
    HubFixture f(quick_options(), false);
    std::vector<std::string> interest;
    f.hub.on_team_interest([&](const std::string& team, bool wanted) { interest.push_back(team + (wanted ? "+" : "-")); });
    auto jake = f.subscriber(f.home);
    f.hub.attach(jake);
    REQUIRE(f.until([&] { return interest.size() == 1; }));
    CHECK(interest[0] == "t1+");
    f.hub.on_team_live("t1", false);
    f.hub.detach(jake.get());
    REQUIRE(f.until([&] { return interest.size() == 2; }));
    CHECK(interest[1] == "t1-");
    CHECK(f.source.heard.back() == "t1=0");

    f.source.data[c1_key] = {{"n", 0}};
    auto natalie = f.subscriber(f.home, "natalie");
    f.hub.subscribe(natalie, c1);
    f.idle();
    CHECK(natalie->frames.empty());
}

TEST_CASE("hub: a revoke notice closes the rep's connections only, and only that session's when named") {
    HubFixture f;
    auto phone = f.subscriber(f.home, "jake", "t1", "phone");
    auto laptop = f.subscriber(f.other, "jake", "t1", "laptop");
    auto natalie = f.subscriber(f.home, "natalie", "t1", "phone");
    auto other_team = f.subscriber(f.other, "jake", "t2", "phone");
    for (auto& s : {phone, laptop, natalie, other_team}) f.hub.attach(s);
    REQUIRE(f.until([&] { return f.hub.stats().connections == 4; }));

    f.notice({{"kind", "revoke"}, {"rep", "jake"}, {"session", "phone"}});
    REQUIRE(f.until([&] { return phone->closed.size() == 1; }));
    f.idle();
    CHECK(laptop->closed.empty());
    CHECK(natalie->closed.empty());
    CHECK(other_team->closed.empty());

    f.notice({{"kind", "revoke"}, {"rep", "jake"}});
    REQUIRE(f.until([&] { return laptop->closed.size() == 1; }));
    f.idle();
    CHECK(phone->closed.size() == 2);
    CHECK(natalie->closed.empty());
    CHECK(other_team->closed.empty());
}

TEST_CASE("hub: a sign-in revoked where this instance could not hear it is asked about, and closes") {
    HubFixture f(quick_options(), false);  // t1's notices do not flow here yet
    // Authenticated, then revoked before t1's channel was subscribed: the notice is lost.
    auto early = f.subscriber(f.home, "jake", "t1", "early");
    auto kept = f.subscriber(f.other, "natalie", "t1", "kept");
    f.source.revoked.insert("early");
    f.hub.attach(early, 0);
    f.hub.attach(kept, 0);
    REQUIRE(f.until([&] { return f.hub.stats().connections == 2; }));
    f.idle();
    CHECK(f.source.sign_in_checks.empty());  // not before its notices flow
    f.hub.on_team_live("t1", false);
    REQUIRE(f.until([&] { return early->closed.size() == 1; }));
    f.idle();
    CHECK(kept->closed.empty());
    CHECK(f.source.sign_in_checks.size() == 2);

    // Live from its check to its attach, nothing heard meanwhile: nothing to ask.
    f.source.sign_in_checks.clear();
    std::uint64_t before = 0;
    asio::post(f.home, [&] { before = f.hub.sign_in_epoch(); });
    f.idle(5ms);
    auto quiet = f.subscriber(f.home, "priya", "t1", "quiet");
    f.hub.attach(quiet, before);
    f.idle(20ms);
    // A revoke notice heard between its check and its attach (of someone else here): asked.
    auto raced = f.subscriber(f.other, "priya", "t1", "raced");
    f.notice({{"kind", "revoke"}, {"rep", "nobody"}});
    f.source.revoked.insert("raced");
    f.hub.attach(raced, before);
    REQUIRE(f.until([&] { return raced->closed.size() == 1; }));
    f.idle();
    CHECK(quiet->closed.empty());
    CHECK(f.source.sign_in_checks == std::vector<std::string>{"raced"});

    // After a gap every connection of the team is asked again.
    f.source.sign_in_checks.clear();
    f.source.revoked.insert("kept");
    f.hub.on_team_live("t1", true);
    REQUIRE(f.until([&] { return kept->closed.size() == 1; }));
    f.idle();
    CHECK(quiet->closed.empty());
    CHECK(f.source.sign_in_checks.size() == 4);  // early and raced are closed, not yet detached
}

TEST_CASE("hub: send_to_rep reaches every connection of the rep and nobody else") {
    HubFixture f;
    auto phone = f.subscriber(f.home, "jake", "t1", "phone");
    auto laptop = f.subscriber(f.other, "jake", "t1", "laptop");
    auto natalie = f.subscriber(f.home, "natalie");
    auto other_team = f.subscriber(f.other, "jake", "t2");
    for (auto& s : {phone, laptop, natalie, other_team}) f.hub.attach(s);
    REQUIRE(f.until([&] { return f.hub.stats().connections == 4; }));

    auto frame = std::make_shared<const std::string>(R"({"type":"notice","n":1})");
    f.hub.send_to_rep("t1", "jake", frame);
    REQUIRE(f.until([&] { return phone->frames.size() == 1 && laptop->frames.size() == 1; }));
    f.idle();
    CHECK(phone->raw[0] == *frame);
    CHECK(laptop->raw[0] == *frame);
    CHECK(natalie->frames.empty());
    CHECK(other_team->frames.empty());

    // A detached connection is no longer reached.
    f.hub.detach(laptop.get());
    f.idle(20ms);
    f.hub.send_to_rep("t1", "jake", frame);
    REQUIRE(f.until([&] { return phone->frames.size() == 2; }));
    f.idle();
    CHECK(laptop->frames.size() == 1);
}

TEST_CASE("hub: the feed gets event frames from notices and is not re-read on refresh or change") {
    auto options = quick_options();
    options.refresh = 100ms;
    HubFixture f(options);
    f.source.data[feed_key] = {{"events", json::array()}};
    f.source.data[c1_key] = {{"n", 0}};
    auto jake = f.subscriber(f.other);
    f.hub.subscribe(jake, feed());
    f.hub.subscribe(jake, c1);
    REQUIRE(f.until([&] { return jake->frames.size() == 2; }));
    CHECK(jake->of("snapshot", "feed").size() == 1);

    json first = {{"id", "1-0"}, {"kind", "activity"}, {"rep", "jake"}, {"metric", "calls"}, {"delta", 1}};
    json second = {{"id", "2-0"}, {"kind", "cheer"}, {"rep", "jake"}, {"to", "natalie"}};
    f.notice({{"kind", "activity"}, {"events", {first, second}}, {"everything", true}});
    REQUIRE(f.until([&] { return jake->of("event").size() == 2; }));
    auto events = jake->of("event");
    CHECK(events[0]["event"] == first);
    CHECK(events[1]["event"] == second);

    // Refreshes come and go (c1 is read again): the feed is read only for its snapshot.
    REQUIRE(f.until([&] { return f.source.reads_of(c1) >= 4; }));
    CHECK(f.source.reads_of(feed()) == 1);
    CHECK(jake->of("update", "feed").empty());
}

TEST_CASE("hub: a cheer reaches its recipient's connections that are not on the feed") {
    HubFixture f;
    f.source.data[feed_key] = {{"events", json::array()}};
    auto on_feed = f.subscriber(f.home, "natalie", "t1", "phone");
    auto off_feed = f.subscriber(f.other, "natalie", "t1", "laptop");
    auto bystander = f.subscriber(f.home, "jake");
    for (auto& s : {on_feed, off_feed, bystander}) f.hub.attach(s);
    f.hub.subscribe(on_feed, feed());
    REQUIRE(f.until([&] { return on_feed->frames.size() == 1; }));

    json cheer = {{"id", "3-0"}, {"kind", "cheer"}, {"rep", "jake"}, {"to", "natalie"}};
    f.notice({{"kind", "cheer"}, {"events", {cheer}}});
    REQUIRE(f.until([&] { return on_feed->frames.size() == 2 && off_feed->frames.size() == 1; }));
    f.idle();
    CHECK(on_feed->frames.size() == 2);  // once, through the feed
    CHECK(off_feed->frames[0] == json{{"type", "event"}, {"event", cheer}});
    CHECK(bystander->frames.empty());
}

TEST_CASE("hub: stop cancels its loops and a read in flight, stopped() says when they have ended, nothing is read after") {
    HubFixture f;
    auto jake = f.jake_reading_c1();
    REQUIRE(jake);
    auto stopped_in_time = [&](std::chrono::milliseconds within) {
        std::optional<bool> ended;
        asio::co_spawn(f.home, f.hub.stopped(within), [&](std::exception_ptr, bool done) { ended = done; });
        REQUIRE(f.until([&] { return ended.has_value(); }));
        return *ended;
    };
    CHECK_FALSE(stopped_in_time(20ms));  // running: its two loops and the held read

    f.hub.stop();  // the held read is cancelled, so it ends without release()
    CHECK(stopped_in_time(1h));
    CHECK(f.source.completed_of(c1) == 1);
    auto reads = f.source.reads_of(c1);
    f.source.hold = false;
    f.touch("c1");
    f.idle();
    CHECK(f.source.reads_of(c1) == reads);
}
