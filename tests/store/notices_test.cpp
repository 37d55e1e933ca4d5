// The store's connections against a real redis-server: change notices by sharded pub/sub,
// and a Redis that goes away and comes back.
#include "store/fixture.hpp"

#include "store/notice_subscriber.hpp"

using namespace wp::store_test;

TEST_CASE_FIXTURE(Fresh, "change notices: a log publishes on the team's shard channel") {
    // The subscriber, SSUBSCRIBEd to the team's channel, sees the notice the log script publishes.
    asio::io_context io(1);
    auto endpoint = store::RedisEndpoint::parse(redis().url());
    REQUIRE(endpoint);
    store::RedisClient commands(io.get_executor(), store::RedisTarget::standalone(*endpoint));
    store::Store s(commands);
    std::vector<std::pair<std::string, std::string>> seen;
    int live = 0;
    store::NoticeSubscriber pubsub(
        io.get_executor(), commands,
        [&](std::string_view team, std::string_view payload) { seen.emplace_back(team, payload); },
        [&](const std::string& team, bool gap) {
            CHECK(team == "wolves");
            CHECK_FALSE(gap);
            ++live;
        });
    commands.start();
    pubsub.start();
    pubsub.want("wolves");
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        { auto awaited = co_await commands.wait_ready(3s); REQUIRE(awaited); }
        asio::steady_timer wait(co_await asio::this_coro::executor);
        for (int i = 0; i < 300 && pubsub.subscribed() == 0; ++i) {
            wait.expires_after(10ms);
            co_await wait.async_wait(asio::use_awaitable);
        }
        REQUIRE(pubsub.subscribed() == 1);
        auto team = demo_team();
        { auto awaited = co_await s.create_team(team); REQUIRE(awaited); }
        auto calendar = domain::Calendar::make(team.tz, team.week_start);
        { auto awaited = co_await s.log(team, *calendar, activity("natalie", "c1", 1, domain::now()), "test"); REQUIRE(awaited); }
        { auto awaited = co_await s.log(team, *calendar, activity("natalie", "c2", 2, domain::now()), "test"); REQUIRE(awaited); }
        asio::steady_timer timer(co_await asio::this_coro::executor);
        for (int i = 0; i < 200 && seen.size() < 2; ++i) {
            timer.expires_after(10ms);
            co_await timer.async_wait(asio::use_awaitable);
        }
        // A board read now is as of the second log: its version is the second notice's.
        auto week = calendar->period_key(domain::Period::week, domain::now());
        auto board = co_await s.board("wolves", "calls", week, 50);
        REQUIRE(board);
        CHECK(board->version == 2);
        CHECK(board->total == 3);
        commands.stop();
        pubsub.stop();
    }, [&](std::exception_ptr e) { io.stop(); if (e) std::rethrow_exception(e); });
    io.run();
    REQUIRE(seen.size() == 2);
    CHECK(live == 1);
    CHECK(seen[0].first == "wolves");
    auto notice = nlohmann::json::parse(seen[0].second);
    CHECK(notice["kind"] == "activity");
    CHECK(notice["rep"] == "natalie");
    CHECK(notice["metric"] == "calls");
    // Each log's notice carries the team's next board version and every period's new count and
    // total, day to all, so instances patch their boards without reading them.
    auto second = nlohmann::json::parse(seen[1].second);
    CHECK(notice["v"] == 1);
    CHECK(second["v"] == 2);
    CHECK(second["delta"] == 2);
    REQUIRE(second["boards"].size() == 5);
    auto calendar = domain::Calendar::make(demo_team().tz, demo_team().week_start);
    CHECK(second["boards"][1] == nlohmann::json::array({calendar->period_key(domain::Period::week, domain::now()), 3, 3}));
    CHECK(second["boards"][4] == nlohmann::json::array({"all", 3, 3}));
}

TEST_CASE_FIXTURE(Fresh, "Redis down: commands answer unavailable at once, then the connection comes back") {
    with_store([](store::Store& s) -> asio::awaitable<void> {
        auto team = demo_team();
        { auto awaited = co_await s.create_team(team); REQUIRE(awaited); }
        redis().kill9();
        asio::steady_timer timer(co_await asio::this_coro::executor);
        auto down = co_await raw_command(store::args("PING"));
        for (int i = 0; i < 100 && down; ++i) {  // the loss is noticed on the next read
            timer.expires_after(10ms);
            co_await timer.async_wait(asio::use_awaitable);
            down = co_await raw_command(store::args("PING"));
        }
        REQUIRE_FALSE(down);
        CHECK(down.error().code == domain::Errc::unavailable);
        redis().start();
        { auto awaited = co_await current_client()->wait_ready(5s); REQUIRE(awaited); }
        auto back = co_await raw_command(store::args("PING"));
        if (!back) FAIL(back.error().message);
        CHECK(back->str == "PONG");
    });
}
