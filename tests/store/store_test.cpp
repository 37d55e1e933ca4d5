// store/ against a real redis-server on a free port: the Lua scripts, idempotency, periods,
// tokens, and what happens when Redis goes away.
#include <doctest/doctest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>

#include <nlohmann/json.hpp>

#include "store/keys.hpp"
#include "store/redis_args.hpp"
#include "store/store.hpp"
#include "support/processes.hpp"

namespace {

namespace asio = boost::asio;
using namespace wp;
using namespace std::chrono_literals;

wp::test::RedisServer& redis() {
    static wp::test::RedisServer server;  // one per test binary, flushed by each fixture
    return server;
}

// Runs `body(store)` to completion on a fresh connection to the test Redis.
template <class Body>
void with_store(Body body, store::StoreOptions options = {}) {
    asio::io_context io(1);
    auto endpoint = store::RedisEndpoint::parse(redis().url());
    REQUIRE(endpoint);
    store::RedisTimeouts timeouts;
    timeouts.command = 1000ms;
    store::RedisConnection connection(io.get_executor(), *endpoint, "test", timeouts);
    store::Store store(connection, options);
    connection.start();
    std::exception_ptr failure;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        { auto awaited = co_await connection.wait_up(3s); REQUIRE(awaited); }
        co_await body(store);
        connection.stop();
    }, [&](std::exception_ptr e) { failure = e; io.stop(); });
    io.run();
    if (failure) std::rethrow_exception(failure);
}

domain::Team demo_team(std::string id = "wolves", std::string tz = "Europe/London") {
    auto team = domain::make_team(std::move(id), "The Wolves", std::move(tz), domain::WeekStart::monday, {});
    REQUIRE(team);
    return *team;
}

domain::Activity activity(std::string rep, std::string id, int delta, domain::TimePoint at,
                          std::string metric = "calls") {
    return {std::move(rep), std::move(metric), std::move(id), delta, at};
}

const std::vector<std::string>& names() {
    static const std::vector<std::string> ids{"natalie", "jake", "priya"};
    return ids;
}

using Counts = std::array<std::int64_t, 5>;
Counts counts_of(std::int64_t n) { return {n, n, n, n, n}; }

struct Fresh {
    Fresh() { redis().flushall(); }
};

}  // namespace

TEST_CASE_FIXTURE(Fresh, "teams, reps and tokens: only the hash is stored: rotate and delete revoke") {
    with_store([](store::Store& s) -> asio::awaitable<void> {
        auto team = demo_team();
        { auto awaited = co_await s.create_team(team); REQUIRE(awaited); }
        auto again = co_await s.create_team(team);
        REQUIRE_FALSE(again);
        CHECK(again.error().code == domain::Errc::conflict);

        domain::Rep natalie{"natalie", "wolves", "Natalie", domain::Role::rep};
        auto issued = co_await s.add_rep(natalie);
        REQUIRE(issued);
        CHECK(issued->token.size() == 43);  // 32 bytes, base64url without padding
        auto twice = co_await s.add_rep(natalie);
        REQUIRE_FALSE(twice);
        CHECK(twice.error().code == domain::Errc::conflict);
        domain::Rep stranger{"x", "nope", "X", domain::Role::rep};
        auto no_team = co_await s.add_rep(stranger);
        REQUIRE_FALSE(no_team);
        CHECK(no_team.error().code == domain::Errc::not_found);

        // The token itself is nowhere in Redis.
        auto keys = co_await s.command(store::args("KEYS", "*"));
        REQUIRE(keys);
        for (const auto& k : keys->elements) {
            CHECK(k.str.find(issued->token) == std::string::npos);
            auto type = co_await s.command(store::args("TYPE", k.str));
            if (type && type->str == "string") {
                auto value = co_await s.command(store::args("GET", k.str));
                CHECK(value->str.find(issued->token) == std::string::npos);
            }
        }

        auto who = co_await s.authenticate(issued->token);
        REQUIRE(who);
        CHECK(who->rep.id == "natalie");
        CHECK(who->rep.team == "wolves");
        CHECK(who->rep.name == "Natalie");
        auto wrong = co_await s.authenticate("not-a-token");
        REQUIRE_FALSE(wrong);
        CHECK(wrong.error().code == domain::Errc::unauthorized);

        auto rotated = co_await s.rotate_token("wolves", "natalie");
        REQUIRE(rotated);
        CHECK(*rotated != issued->token);
        { auto awaited = co_await s.authenticate(issued->token); CHECK_FALSE(awaited); }
        { auto awaited = co_await s.authenticate(*rotated); CHECK(awaited); }

        { auto awaited = co_await s.delete_rep("wolves", "natalie"); REQUIRE(awaited); }
        { auto awaited = co_await s.authenticate(*rotated); CHECK_FALSE(awaited); }
        auto roster = co_await s.roster("wolves");
        REQUIRE(roster);
        CHECK(roster->reps.empty());
    });
}

TEST_CASE_FIXTURE(Fresh, "pairs: two live reps of the team, once") {
    with_store([](store::Store& s) -> asio::awaitable<void> {
        { auto awaited = co_await s.create_team(demo_team()); REQUIRE(awaited); }
        for (std::string id : names()) {
            domain::Rep rep{id, "wolves", id, domain::Role::rep};
            { auto awaited = co_await s.add_rep(rep); REQUIRE(awaited); }
        }
        auto pair = co_await s.add_pair("wolves", "natalie", "jake");
        REQUIRE(pair);
        REQUIRE(pair->reps.size() == 2);
        CHECK(pair->reps[0] == "natalie");
        CHECK(pair->reps[1] == "jake");
        auto again = co_await s.add_pair("wolves", "jake", "natalie");
        REQUIRE_FALSE(again);
        CHECK(again.error().code == domain::Errc::conflict);
        auto ghost = co_await s.add_pair("wolves", "natalie", "ghost");
        REQUIRE_FALSE(ghost);
        CHECK(ghost.error().code == domain::Errc::not_found);
        auto roster = co_await s.roster("wolves");
        REQUIRE(roster);
        REQUIRE(roster->pairs.size() == 1);
        CHECK(roster->pairs[0].id == pair->id);
    });
}

TEST_CASE_FIXTURE(Fresh, "log: an id counts once: every period board and total moves together") {
    with_store([](store::Store& s) -> asio::awaitable<void> {
        auto team = demo_team();
        { auto awaited = co_await s.create_team(team); REQUIRE(awaited); }
        auto calendar = domain::Calendar::make(team.tz, team.week_start);
        REQUIRE(calendar);
        auto now = domain::now();

        auto first = co_await s.log(team, *calendar, activity("natalie", "a1", 3, now), "test");
        REQUIRE(first);
        CHECK_FALSE(first->duplicate);
        CHECK(first->counts == counts_of(3));
        auto repeat = co_await s.log(team, *calendar, activity("natalie", "a1", 3, now), "test");
        REQUIRE(repeat);
        CHECK(repeat->duplicate);
        CHECK(repeat->counts == counts_of(3));
        // The same id from another rep is another activity.
        auto jake = co_await s.log(team, *calendar, activity("jake", "a1", 5, now), "test");
        REQUIRE(jake);
        CHECK_FALSE(jake->duplicate);

        for (auto period : domain::all_periods) {
            auto board = co_await s.board("wolves", "calls", calendar->period_key(period, now), 50);
            REQUIRE(board);
            REQUIRE(board->rows.size() == 2);
            CHECK(board->rows[0].rep == "jake");
            CHECK(board->rows[0].count == 5);
            CHECK(board->rows[1].rep == "natalie");
            CHECK(board->rows[1].count == 3);
            CHECK(board->total == 8);
        }
        // Another metric's boards are untouched.
        auto other = co_await s.board("wolves", "proposals", calendar->period_key(domain::Period::week, now), 50);
        REQUIRE(other);
        CHECK(other->rows.empty());
        CHECK(other->total == 0);

        // A negative delta (an undo) lowers every board.
        auto undo = co_await s.log(team, *calendar, activity("natalie", "a2", -1, now), "test");
        REQUIRE(undo);
        CHECK(undo->counts == counts_of(2));
    });
}

TEST_CASE_FIXTURE(Fresh, "log: milestones once per day and week, one per log, and a personal-best week, in the same write") {
    with_store([](store::Store& s) -> asio::awaitable<void> {
        auto team = demo_team();
        { auto awaited = co_await s.create_team(team); REQUIRE(awaited); }
        auto calendar = domain::Calendar::make(team.tz, team.week_start);
        REQUIRE(calendar);
        auto now = domain::now();
        auto milestones_in_feed = [&]() -> asio::awaitable<std::vector<nlohmann::json>> {
            auto feed = co_await s.feed("wolves", 100);
            REQUIRE(feed);
            std::vector<nlohmann::json> out;
            for (const auto& e : *feed)
                if (e.event["kind"] == "milestone") out.push_back(e.event);
            co_return out;
        };

        auto nine = co_await s.log(team, *calendar, activity("natalie", "m1", 9, now), "test");
        REQUIRE(nine);
        CHECK(nine->milestones == 0);
        // Passes 10 for the day and the week: one milestone, the day's ("10 calls today", not then
        // "10 calls this week" as well).
        auto eleven = co_await s.log(team, *calendar, activity("natalie", "m2", 2, now), "test");
        REQUIRE(eleven);
        CHECK(eleven->milestones == 1);
        auto repeat = co_await s.log(team, *calendar, activity("natalie", "m2", 2, now), "test");  // a duplicate announces nothing
        REQUIRE(repeat);
        CHECK(repeat->milestones == 0);
        auto down = co_await s.log(team, *calendar, activity("natalie", "m3", -2, now), "test");
        auto up = co_await s.log(team, *calendar, activity("natalie", "m4", 2, now), "test");  // over 10 again: already announced
        REQUIRE(down);
        REQUIRE(up);
        CHECK(up->milestones == 0);
        // 11 -> 101 passes 25, 50 and 100, for the day and the week: the highest is announced,
        // and every one is spent (none fires later).
        auto big = co_await s.log(team, *calendar, activity("natalie", "m5", 90, now), "test");
        REQUIRE(big);
        CHECK(big->milestones == 1);
        auto seen = co_await milestones_in_feed();
        REQUIRE(seen.size() == 2);
        CHECK(seen.back()["count"] == 10);  // the feed is newest first
        CHECK(seen.back()["period"] == "day");
        CHECK(seen.back()["name"] == "natalie");
        CHECK(seen.front()["count"] == 100);
        CHECK(seen.front()["period"] == "day");
        auto back = co_await s.log(team, *calendar, activity("natalie", "m6", -60, now), "test");
        auto again = co_await s.log(team, *calendar, activity("natalie", "m7", 60, now), "test");  // 41 -> 101
        REQUIRE(back);
        REQUIRE(again);
        CHECK(again->milestones == 0);

        // Logs one activity and answers how many milestones it announced.
        auto milestones_of = [&](std::string rep, std::string id, int delta,
                                 domain::TimePoint at) -> asio::awaitable<int> {
            auto logged = co_await s.log(team, *calendar, activity(std::move(rep), std::move(id), delta, at), "test");
            REQUIRE(logged);
            co_return logged->milestones;
        };
        auto seed_best = [&](std::string rep, std::string week, std::string best,
                             std::string cur) -> asio::awaitable<void> {
            auto seeded = co_await s.command(store::args("HSET", store::keys::personal_best("wolves", rep, "calls"),
                                                         "best", best, "week", week, "cur", cur));
            REQUIRE(seeded);
        };
        auto weeks_ago = [&](int n) { return calendar->period_key(domain::Period::week, now - std::chrono::hours(24 * 7 * n)); };

        // Jake's best week so far was 5 calls, last week: his 6th call this week is a personal
        // best, announced once.
        co_await seed_best("jake", weeks_ago(1), "3", "5");
        auto five = co_await milestones_of("jake", "j1", 5, now);
        auto six = co_await milestones_of("jake", "j2", 1, now);
        auto seven = co_await milestones_of("jake", "j3", 1, now);
        CHECK(five == 0);
        CHECK(six == 1);
        CHECK(seven == 0);
        seen = co_await milestones_in_feed();
        REQUIRE(seen.size() == 3);
        CHECK(seen.front()["rep"] == "jake");
        CHECK(seen.front()["personal_best"] == true);
        CHECK(seen.front()["count"] == 6);
        CHECK(seen.front()["previous_best"] == 5);

        // Priya's best was 4, two weeks ago. 6 calls backdated into last week announce nothing
        // (only this week's logs do) but raise her best to 6: her 6th call this week is no
        // personal best, her 7th is.
        co_await seed_best("priya", weeks_ago(2), "3", "4");
        auto backdated = co_await milestones_of("priya", "p1", 6, now - std::chrono::hours(24 * 7));
        auto level = co_await milestones_of("priya", "p2", 6, now);
        auto above = co_await milestones_of("priya", "p3", 1, now);
        CHECK(backdated == 0);
        CHECK(level == 0);
        CHECK(above == 1);
        seen = co_await milestones_in_feed();
        REQUIRE(seen.size() == 4);
        CHECK(seen.front()["rep"] == "priya");
        CHECK(seen.front()["count"] == 7);
        CHECK(seen.front()["previous_best"] == 6);

        // A personal best and a round number in one log: the personal best, alone.
        co_await seed_best("sofia", weeks_ago(1), "3", "9");
        auto both = co_await milestones_of("sofia", "s1", 10, now);
        CHECK(both == 1);
        seen = co_await milestones_in_feed();
        REQUIRE(seen.size() == 5);
        CHECK(seen.front()["personal_best"] == true);
        CHECK(seen.front()["count"] == 10);
    });
}

TEST_CASE_FIXTURE(Fresh, "log: a backdated activity moves its own boards and announces nothing") {
    with_store([](store::Store& s) -> asio::awaitable<void> {
        auto team = demo_team();
        { auto awaited = co_await s.create_team(team); REQUIRE(awaited); }
        auto calendar = domain::Calendar::make(team.tz, team.week_start);
        REQUIRE(calendar);
        auto now = domain::now();
        auto week_ago = now - std::chrono::hours(24 * 7);  // another day and another week
        auto logged = co_await s.log(team, *calendar, activity("gus", "g1", 12, week_ago), "api");
        REQUIRE(logged);
        CHECK(logged->milestones == 0);
        CHECK(logged->counts[1] == 12);  // that week's count
        auto feed = co_await s.feed("wolves", 50);
        REQUIRE(feed);
        CHECK(feed->empty());  // neither "Gus +12" nor "Gus reached 10 calls today"
        auto old = co_await s.board("wolves", "calls", calendar->period_key(domain::Period::day, week_ago), 50);
        REQUIRE(old);
        REQUIRE(old->rows.size() == 1);
        CHECK(old->rows[0].count == 12);
        // A tap a minute ago (the page's outbox after a reconnect) is today's: it is news.
        auto minute_ago = std::max(now - std::chrono::minutes(1), calendar->window(domain::Period::day, now).start);
        auto recent = co_await s.log(team, *calendar, activity("gus", "g2", 10, minute_ago), "web");
        REQUIRE(recent);
        CHECK(recent->milestones == 1);
        feed = co_await s.feed("wolves", 50);
        REQUIRE(feed);
        CHECK(feed->size() == 2);  // the activity and the day's 10
    });
}

TEST_CASE_FIXTURE(Fresh, "log: a backdated activity lands on the boards of its own day and week") {
    with_store([](store::Store& s) -> asio::awaitable<void> {
        auto team = demo_team("nyc", "America/New_York");
        { auto awaited = co_await s.create_team(team); REQUIRE(awaited); }
        auto calendar = domain::Calendar::make(team.tz, team.week_start);
        REQUIRE(calendar);
        auto now = domain::now();
        auto eight_days_ago_ish = now - std::chrono::hours(24 * 6 + 20);
        { auto awaited = co_await s.log(team, *calendar, activity("natalie", "old", 1, eight_days_ago_ish), "test"); REQUIRE(awaited); }
        { auto awaited = co_await s.log(team, *calendar, activity("natalie", "new", 1, now), "test"); REQUIRE(awaited); }
        for (auto period : domain::all_periods) {
            auto then_key = calendar->period_key(period, eight_days_ago_ish);
            auto now_key = calendar->period_key(period, now);
            auto then_board = co_await s.board("nyc", "calls", then_key, 50);
            REQUIRE(then_board);
            REQUIRE(then_board->rows.size() == 1);
            CHECK(then_board->rows[0].count == (then_key == now_key ? 2 : 1));
        }
        // The day boards differ (6 days 20 hours apart), so does the week's when the span crosses Monday.
        CHECK(calendar->period_key(domain::Period::day, eight_days_ago_ish) !=
              calendar->period_key(domain::Period::day, now));
    });
}

TEST_CASE_FIXTURE(Fresh, "log: 50 concurrent requests with one id count once") {
    with_store([](store::Store& s) -> asio::awaitable<void> {
        auto team = demo_team();
        { auto awaited = co_await s.create_team(team); REQUIRE(awaited); }
        auto calendar = domain::Calendar::make(team.tz, team.week_start);
        REQUIRE(calendar);
        auto now = domain::now();
        auto executor = co_await asio::this_coro::executor;
        int fresh = 0, duplicates = 0, finished = 0;
        for (int i = 0; i < 50; ++i)
            asio::co_spawn(executor, [&]() -> asio::awaitable<void> {
                auto r = co_await s.log(team, *calendar, activity("natalie", "same-id", 1, now), "test");
                if (r) (r->duplicate ? duplicates : fresh) += 1;
                ++finished;
            }, asio::detached);
        asio::steady_timer timer(executor);
        for (int spins = 0; finished < 50 && spins < 300; ++spins) {
            timer.expires_after(10ms);
            co_await timer.async_wait(asio::use_awaitable);
        }
        CHECK(finished == 50);
        CHECK(fresh == 1);
        CHECK(duplicates == 49);
        auto board = co_await s.board("wolves", "calls", calendar->period_key(domain::Period::all, now), 50);
        REQUIRE(board);
        CHECK(board->total == 1);
    });
}

TEST_CASE_FIXTURE(Fresh, "scripts survive SCRIPT FLUSH (EVALSHA falls back to EVAL)") {
    with_store([](store::Store& s) -> asio::awaitable<void> {
        auto team = demo_team();
        { auto awaited = co_await s.create_team(team); REQUIRE(awaited); }
        auto calendar = domain::Calendar::make(team.tz, team.week_start);
        auto now = domain::now();
        { auto awaited = co_await s.log(team, *calendar, activity("natalie", "b1", 1, now), "test"); REQUIRE(awaited); }
        { auto awaited = co_await s.command(store::args("SCRIPT", "FLUSH")); REQUIRE(awaited); }
        auto after = co_await s.log(team, *calendar, activity("natalie", "b2", 1, now), "test");
        REQUIRE(after);
        CHECK(after->counts[4] == 2);
    });
}

TEST_CASE_FIXTURE(Fresh, "change notices: a log publishes on the team's channel") {
    // A second connection in psubscribe mode sees the notice the log script publishes.
    asio::io_context io(1);
    auto endpoint = store::RedisEndpoint::parse(redis().url());
    REQUIRE(endpoint);
    store::RedisConnection commands(io.get_executor(), *endpoint, "cmd");
    store::RedisConnection pubsub(io.get_executor(), *endpoint, "pubsub");
    store::Store s(commands);
    std::vector<std::pair<std::string, std::string>> seen;
    pubsub.psubscribe({"wp:{t:*}:chg"}, [&](std::string_view channel, std::string_view payload) {
        seen.emplace_back(channel, payload);
    });
    commands.start();
    pubsub.start();
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        { auto awaited = co_await commands.wait_up(3s); REQUIRE(awaited); }
        { auto awaited = co_await pubsub.wait_up(3s); REQUIRE(awaited); }
        auto team = demo_team();
        { auto awaited = co_await s.create_team(team); REQUIRE(awaited); }
        auto calendar = domain::Calendar::make(team.tz, team.week_start);
        { auto awaited = co_await s.log(team, *calendar, activity("natalie", "c1", 1, domain::now()), "test"); REQUIRE(awaited); }
        asio::steady_timer timer(co_await asio::this_coro::executor);
        for (int i = 0; i < 200 && seen.empty(); ++i) {
            timer.expires_after(10ms);
            co_await timer.async_wait(asio::use_awaitable);
        }
        commands.stop();
        pubsub.stop();
    }, [&](std::exception_ptr e) { io.stop(); if (e) std::rethrow_exception(e); });
    io.run();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].first == store::keys::changes("wolves"));
    auto notice = nlohmann::json::parse(seen[0].second);
    CHECK(notice["kind"] == "activity");
    CHECK(notice["rep"] == "natalie");
    CHECK(notice["metric"] == "calls");
}

TEST_CASE_FIXTURE(Fresh, "Redis down: commands answer unavailable at once, then the connection comes back") {
    with_store([](store::Store& s) -> asio::awaitable<void> {
        auto team = demo_team();
        { auto awaited = co_await s.create_team(team); REQUIRE(awaited); }
        redis().kill9();
        asio::steady_timer timer(co_await asio::this_coro::executor);
        auto down = co_await s.command(store::args("PING"));
        for (int i = 0; i < 100 && down; ++i) {  // the loss is noticed on the next read
            timer.expires_after(10ms);
            co_await timer.async_wait(asio::use_awaitable);
            down = co_await s.command(store::args("PING"));
        }
        REQUIRE_FALSE(down);
        CHECK(down.error().code == domain::Errc::unavailable);
        redis().start();
        { auto awaited = co_await s.redis().wait_up(5s); REQUIRE(awaited); }
        auto back = co_await s.command(store::args("PING"));
        if (!back) FAIL(back.error().message);
        CHECK(back->str == "PONG");
    });
}
