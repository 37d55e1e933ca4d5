// A challenge between partners across teams through the store, every script checked to touch
// only the keys it declares: two halves with one id, scored by each team's log script, decided
// once at home (a race the away rep reached, a window closed with the away score frozen), the
// away half copying each decision, and settling again changing nothing.
#include "store/fixture.hpp"

#include "domain/calendar.hpp"

using namespace wp::store_test;

namespace {

asio::awaitable<domain::Team> team_with_reps(store::Store& s, const std::string& id) {
    auto team = demo_team(id);
    { auto made = co_await s.create_team(team); REQUIRE(made); }
    for (const auto& rep : names()) {
        domain::Rep r{rep, team.id, rep, domain::Role::rep};
        auto added = co_await s.add_rep(r);
        REQUIRE(added);
    }
    co_return team;
}

store::CrossChallengeSpec spec(domain::ChallengeKind kind, std::int64_t target, domain::Window window) {
    store::CrossChallengeSpec s;
    s.draft.creator = "jake";
    s.draft.metric = "calls";
    s.draft.kind = kind;
    s.draft.target = target;
    s.draft.window = window;
    s.draft.participants = store::args("jake", "natalie");
    s.home_team = "alpha";
    s.away_team = "beta";
    s.pair = "x1";
    s.creator_name = "Jake";
    s.partner_name = "Natalie";
    return s;
}

asio::awaitable<store::ChallengeRecord> half(store::Store& s, const std::string& team, const std::string& id) {
    auto ids = store::args(id);
    auto found = co_await s.challenges(team, ids);
    REQUIRE(found);
    REQUIRE(found->size() == 1);
    co_return found->front();
}

}  // namespace

TEST_CASE_FIXTURE(Fresh, "across teams: two halves, home decides once, the away half copies, on declared keys only") {
    with_store([](store::Store& s) -> asio::awaitable<void> {
        auto alpha = co_await team_with_reps(s, "alpha");
        auto beta = co_await team_with_reps(s, "beta");
        auto calendar = domain::Calendar::make(alpha.tz, alpha.week_start);
        REQUIRE(calendar);
        auto now = domain::now();
        auto race_spec = spec(domain::ChallengeKind::race, 2, {now - 1h, now + 24h});
        auto id = co_await s.create_cross_challenge(race_spec);
        REQUIRE(id);
        CHECK(id->starts_with("x1-"));
        auto away = co_await half(s, "beta", *id);
        CHECK(away.field("across") == "away");
        CHECK(away.field("participants") == "natalie");
        auto answered = co_await s.answer_cross_challenge("beta", away, domain::ChallengeAnswer::accept,
                                                          domain::ChallengeStatus::proposed);
        REQUIRE(answered);
        CHECK(*answered == "active");
        CHECK((co_await half(s, "beta", *id)).field("status") == "active");

        // Natalie reaches 2 in beta: her log makes the half due; settling decides at home.
        for (int i = 0; i < 2; ++i) {
            auto a = activity("natalie", "n" + std::to_string(i), 1, now);
            auto logged = co_await s.log(beta, *calendar, a, "test");
            REQUIRE(logged);
            CHECK(logged->across == store::args(*id));
        }
        auto settled = co_await s.settle_after_log("beta", *id);
        REQUIRE(settled);
        CHECK(*settled);
        auto home = co_await half(s, "alpha", *id);
        CHECK(home.field("status") == "finished");
        CHECK(home.field("winner") == "natalie");
        CHECK(home.field("winner_team") == "beta");
        CHECK((co_await half(s, "beta", *id)).field("status") == "finished");
        auto again = co_await s.settle_cross_challenge("alpha", home, true);  // once only
        REQUIRE(again);
        auto finished = co_await s.finish_due("alpha");
        REQUIRE(finished);
        CHECK(*finished == 0);

        // A most whose window closed: the away score frozen, then decided at home.
        auto most_spec = spec(domain::ChallengeKind::most, 0, {now - 1h, now + 200ms});
        auto most = co_await s.create_cross_challenge(most_spec);
        REQUIRE(most);
        auto mine = activity("jake", "j1", 3, now);
        { auto logged = co_await s.log(alpha, *calendar, mine, "test"); REQUIRE(logged); }
        asio::steady_timer wait(co_await asio::this_coro::executor, 300ms);
        co_await wait.async_wait(asio::use_awaitable);
        auto closed = co_await s.finish_due("beta");  // the away team's finisher asks home
        REQUIRE(closed);
        CHECK(*closed == 1);
        auto most_home = co_await half(s, "alpha", *most);
        CHECK(most_home.field("status") == "cancelled");  // never accepted: it lapsed
        auto most_away = co_await half(s, "beta", *most);
        CHECK(most_away.field("status") == "cancelled");
        CHECK(most_away.field("frozen") == "1");
    });
}
