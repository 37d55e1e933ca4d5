// store/ against a real redis-server on a free port: the Lua scripts, idempotency, periods,
// tokens, and what happens when Redis goes away.
#include "store/fixture.hpp"

using namespace wp::store_test;

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
        auto keys = co_await raw_command(store::args("KEYS", "*"));
        REQUIRE(keys);
        for (const auto& k : keys->elements) {
            CHECK(k.str.find(issued->token) == std::string::npos);
            auto type = co_await raw_command(store::args("TYPE", k.str));
            if (type && type->str == "string") {
                auto value = co_await raw_command(store::args("GET", k.str));
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

TEST_CASE_FIXTURE(Fresh, "teams: a webhook queue made first by a webhook poster does not fail the team's creation") {
    with_store([](store::Store& s) -> asio::awaitable<void> {
        // A poster lists wp:teams, which create_team writes just before its script, finds no
        // queue for the new team and makes one.
        auto feed = store::keys::feed("wolves");
        { auto made = co_await raw_command(store::args("XGROUP", "CREATE", feed, "webhooks", "$", "MKSTREAM")); REQUIRE(made); REQUIRE_FALSE(made->is_error()); }
        auto created = co_await s.create_team(demo_team());
        if (!created) FAIL(created.error().message);
        auto read = co_await s.team("wolves");
        CHECK(read);
        auto again = co_await s.create_team(demo_team());
        REQUIRE_FALSE(again);
        CHECK(again.error().code == domain::Errc::conflict);
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
        { auto awaited = co_await raw_command(store::args("SCRIPT", "FLUSH")); REQUIRE(awaited); }
        auto after = co_await s.log(team, *calendar, activity("natalie", "b2", 1, now), "test");
        REQUIRE(after);
        CHECK(after->counts[4] == 2);
    });
}

