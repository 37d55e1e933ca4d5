// Outgoing webhooks against a local HTTP receiver: each event once across two instances,
// Slack-compatible text, retried after a failure.
#include <doctest/doctest.h>

#include <signal.h>

#include <thread>

#include "domain/time.hpp"
#include "e2e/fixture.hpp"
#include "e2e/receiver.hpp"

using namespace wp::e2e;
using wp::test::WsClient;

using wp::test::poll_until;

TEST_CASE("webhooks: a finished challenge and milestones are posted once across two instances") {
    shared_redis().flushall();
    Receiver receiver;
    std::vector<std::string> args{"--set", "webhooks.urls=" + receiver.url(), "--set", "challenges.finisher_ms=100"};
    wp::test::WolfpackServer a(shared_redis().url(), args), b(shared_redis().url(), args);
    auto team = make_team(a.port(), "alpha");
    WsClient jake(a.port(), team.tokens["jake"]);
    WsClient natalie(b.port(), team.tokens["natalie"]);
    auto end = wp::domain::format_rfc3339(wp::domain::now() + std::chrono::milliseconds(2000));
    auto start = wp::domain::format_rfc3339(wp::domain::now() - std::chrono::milliseconds(1000));
    auto created = jake.request({{"type", "challenge.create"}, {"metric", "calls"}, {"kind", "most"},
                                 {"participants", {"natalie"}}, {"window", {{"start", start}, {"end", end}}}});
    REQUIRE(created["type"] == "ack");
    auto id = created["result"]["challenge"]["id"].get<std::string>();
    REQUIRE(natalie.request({{"type", "challenge.accept"}, {"challenge", id}})["type"] == "ack");
    REQUIRE(natalie.request({{"type", "log"}, {"metric", "calls"}, {"id", "n1"}, {"delta", 10}})["type"] == "ack");

    // The milestone (10 today; this week's 10 is the same tap, so not announced again) and the
    // challenge's finish: two posts, no more.
    CHECK(poll_until([&] { return receiver.bodies().size() >= 2; }, 8000ms));
    std::this_thread::sleep_for(700ms);  // both instances heard every notice by now
    auto bodies = receiver.bodies();
    CHECK(bodies.size() == 2);
    CHECK(receiver.target_ok());
    int finished = 0, milestones = 0;
    for (const auto& body : bodies) {
        REQUIRE(body.is_object());
        CHECK(body["text"].is_string());
        CHECK(body["team"] == "alpha");
        auto kind = body["event"]["kind"];
        if (kind == "challenge.finished") {
            ++finished;
            CHECK(body["event"]["winner"] == "natalie");
            CHECK(body["text"].get<std::string>().find("natalie won") != std::string::npos);
        }
        if (kind == "milestone") {
            ++milestones;
            CHECK(body["text"].get<std::string>().find("reached 10 calls") != std::string::npos);
        }
    }
    CHECK(finished == 1);
    CHECK(milestones == 1);
}

TEST_CASE("webhooks: a failing receiver is retried with backoff, off the live path") {
    shared_redis().flushall();
    Receiver receiver(1);  // the first attempt gets a 500
    wp::test::WolfpackServer server(shared_redis().url(), {"--set", "webhooks.urls=" + receiver.url()});
    auto team = make_team(server.port(), "alpha");
    WsClient priya(server.port(), team.tokens["priya"]);
    auto ack = priya.request({{"type", "log"}, {"metric", "calls"}, {"id", "p1"}, {"delta", 25}});
    REQUIRE(ack["type"] == "ack");  // answered at once, whatever the receiver does
    REQUIRE(priya.request({{"type", "log"}, {"metric", "calls"}, {"id", "p2"}, {"delta", 25}})["type"] == "ack");
    // One milestone per log, the highest: 25 today, then 50 today.
    CHECK(poll_until([&] { return receiver.bodies().size() == 2; }, 6000ms));
    CHECK(receiver.requests() == 3);  // one failure, then each delivered once
    CHECK(server.log().find("webhook.delivered") != std::string::npos);
}

TEST_CASE("webhooks: a bad URL stops the start and names the key") {
    shared_redis().flushall();
    CHECK_THROWS_WITH_AS(wp::test::WolfpackServer(shared_redis().url(), {"--set", "webhooks.urls=https://example.com/x"}),
                         doctest::Contains("webhooks.urls"), std::runtime_error);
}

TEST_CASE("webhooks: events written while no instance posted webhooks are posted when one does") {
    shared_redis().flushall();
    Receiver receiver;
    json events;
    {
        wp::test::WolfpackServer quiet(shared_redis().url());  // no webhook URLs
        auto team = make_team(quiet.port(), "alpha");
        WsClient priya(quiet.port(), team.tokens["priya"]);
        REQUIRE(priya.request({{"type", "log"}, {"metric", "calls"}, {"id", "p1"}, {"delta", 10}})["type"] == "ack");
        REQUIRE(priya.request({{"type", "log"}, {"metric", "calls"}, {"id", "p2"}, {"delta", 15}})["type"] == "ack");
    }
    CHECK(receiver.requests() == 0);
    wp::test::WolfpackServer posting(shared_redis().url(), {"--set", "webhooks.urls=" + receiver.url()});
    CHECK(poll_until([&] { return receiver.bodies().size() == 2; }, 5000ms));  // 10 today, then 25 today
    for (const auto& body : receiver.bodies()) CHECK(body["event"]["kind"] == "milestone");
}

TEST_CASE("webhooks: an instance killed while posting leaves the event to another, which posts it") {
    shared_redis().flushall();
    Receiver receiver(0, true);  // the first post is never answered
    std::vector<std::string> args{"--set", "webhooks.urls=" + receiver.url(), "--set", "webhooks.timeout_ms=1000",
                                  "--set", "webhooks.claim_after_ms=5500"};
    auto a = std::make_unique<wp::test::WolfpackServer>(shared_redis().url(), args);
    auto team = make_team(a->port(), "alpha");
    {
        WsClient priya(a->port(), team.tokens["priya"]);
        REQUIRE(priya.request({{"type", "log"}, {"metric", "calls"}, {"id", "p1"}, {"delta", 10}})["type"] == "ack");
        REQUIRE(priya.request({{"type", "log"}, {"metric", "calls"}, {"id", "p2"}, {"delta", 15}})["type"] == "ack");
    }
    // Two milestones (10 today, then 25 today): one is being posted (hung), the other delivered
    // and acknowledged. Killed between the receiver's 200 and its XACK, A would leave both to B,
    // which would post the delivered one again: at least once, not the case this test is about.
    auto pending = [] {
        return shared_redis().command({"XPENDING", "wp:{t:alpha}:feed", "webhooks", "-", "+", "10"});
    };
    REQUIRE(poll_until([&] { return receiver.requests() >= 2 && receiver.bodies().size() == 1 && pending() == "1"; },
                       5000ms));
    a->stop(SIGKILL);
    auto first = receiver.bodies()[0]["event"]["id"];
    wp::test::WolfpackServer b(shared_redis().url(), args);
    CHECK(poll_until([&] { return receiver.bodies().size() == 2; }, 10000ms));
    std::this_thread::sleep_for(700ms);  // and not again
    auto bodies = receiver.bodies();
    REQUIRE(bodies.size() == 2);
    CHECK(bodies[1]["event"]["id"] != first);
    CHECK(bodies[1]["event"]["kind"] == "milestone");
    CHECK(b.log().find("webhook.claimed") != std::string::npos);
}
