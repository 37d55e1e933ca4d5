// The log script's announcements against a real redis-server: round numbers once per day and
// week and at most one per log, personal-best weeks, and silence for backdated activity.
#include "store/fixture.hpp"

namespace asio = boost::asio;
using namespace wp;
using namespace wp::store_test;
using namespace std::chrono_literals;

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
            auto seeded = co_await raw_command(store::args("HSET", store::keys::personal_best("wolves", rep, "calls"),
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
