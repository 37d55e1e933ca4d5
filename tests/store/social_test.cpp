// Challenges, check-ins and cheers through the store, with every script checked to touch only
// the keys it declares: a race finished inside a log, a proposal declined and one cancelled,
// a window closed by the finisher (once), a log after a challenge was made elsewhere (the log
// script refuses the stale list of open challenges, the store reads it again).
#include "store/fixture.hpp"

#include "domain/calendar.hpp"

using namespace wp::store_test;

namespace {

domain::ChallengeDraft draft(std::string creator, std::vector<std::string> participants, domain::ChallengeKind kind,
                             std::int64_t target, domain::Window window) {
    domain::ChallengeDraft d;
    d.creator = std::move(creator);
    d.metric = "calls";
    d.kind = kind;
    d.participants = std::move(participants);
    d.window = window;
    d.target = target;
    return d;
}

asio::awaitable<void> add_reps(store::Store& s, const domain::Team& team) {
    for (const auto& id : names()) {
        domain::Rep rep{id, team.id, id, domain::Role::rep};
        auto added = co_await s.add_rep(rep);
        REQUIRE(added);
    }
}

}  // namespace

TEST_CASE_FIXTURE(Fresh, "challenges: made, raced, declined, cancelled and finished, each script on its declared keys") {
    with_store([](store::Store& s) -> asio::awaitable<void> {
        auto team = demo_team();
        auto calendar = domain::Calendar::make(team.tz, team.week_start);
        REQUIRE(calendar);
        { auto awaited = co_await s.create_team(team); REQUIRE(awaited); }
        co_await add_reps(s, team);
        auto now = domain::now();
        domain::Window open{now - 1h, now + 24h};

        // A race to 3, seeded from the week's board (2 calls before it was made).
        for (int i = 0; i < 2; ++i) {
            auto before = activity("jake", "pre" + std::to_string(i), 1, now);  // named: g++ 12 and co_await
            auto l = co_await s.log(team, *calendar, before, "test");
            REQUIRE(l);
        }
        auto race_draft = draft("jake", store::args("jake", "natalie"), domain::ChallengeKind::race, 3, open);
        auto seed = calendar->period_key(domain::Period::week, open.start);
        auto race = co_await s.create_challenge(race_draft, team.id, seed);
        REQUIRE(race);
        auto accepted = co_await s.answer_challenge(team.id, *race, "natalie", domain::ChallengeAnswer::accept,
                                                    domain::ChallengeStatus::proposed);
        REQUIRE(accepted);
        CHECK(*accepted == "active");
        auto reaching = activity("jake", "j3", 1, now);
        auto third = co_await s.log(team, *calendar, reaching, "test");
        REQUIRE(third);
        auto ids = store::args(*race);
        auto records = co_await s.challenges(team.id, ids);
        REQUIRE(records);
        REQUIRE(records->size() == 1);
        CHECK(records->front().field("status") == "finished");
        CHECK(records->front().field("winner") == "jake");

        // Declined, and cancelled by its creator.
        auto declined_draft = draft("priya", store::args("priya", "jake"), domain::ChallengeKind::most, 0, open);
        auto declined = co_await s.create_challenge(declined_draft, team.id, "");
        REQUIRE(declined);
        auto no = co_await s.answer_challenge(team.id, *declined, "jake", domain::ChallengeAnswer::decline,
                                              domain::ChallengeStatus::proposed);
        REQUIRE(no);
        CHECK(*no == "declined");
        auto cancelled_draft = draft("priya", store::args("priya", "natalie"), domain::ChallengeKind::most, 0, open);
        auto cancelled = co_await s.create_challenge(cancelled_draft, team.id, "");
        REQUIRE(cancelled);
        auto gone = co_await s.answer_challenge(team.id, *cancelled, "priya", domain::ChallengeAnswer::cancel,
                                                domain::ChallengeStatus::proposed);
        REQUIRE(gone);
        CHECK(*gone == "cancelled");
        auto twice = co_await s.answer_challenge(team.id, *cancelled, "priya", domain::ChallengeAnswer::cancel,
                                                 domain::ChallengeStatus::proposed);
        REQUIRE_FALSE(twice);
        CHECK(twice.error().code == domain::Errc::conflict);
        auto unknown = co_await s.answer_challenge(team.id, "c999", "priya", domain::ChallengeAnswer::cancel,
                                                   domain::ChallengeStatus::proposed);
        REQUIRE_FALSE(unknown);
        CHECK(unknown.error().code == domain::Errc::not_found);

        // A solo target whose window has closed: the finisher finishes it once.
        auto solo_draft = draft("natalie", store::args("natalie"), domain::ChallengeKind::target, 1,
                                domain::Window{now - 2h, now - 1ms});
        auto solo = co_await s.create_challenge(solo_draft, team.id, "");
        REQUIRE(solo);
        auto finished = co_await s.finish_due(team.id);
        REQUIRE(finished);
        CHECK(*finished == 1);
        auto again = co_await s.finish_due(team.id);
        REQUIRE(again);
        CHECK(*again == 0);
        auto mine = co_await s.challenge_ids(team.id, "natalie");
        REQUIRE(mine);
        CHECK(mine->size() == 3);  // the race, the cancelled one and the solo target, all closed
    });
}

TEST_CASE_FIXTURE(Fresh, "log: a challenge made by another instance is counted (the stale list is read again)") {
    // Two stores, as two instances: b caches natalie's open challenges (none), a makes one.
    with_store([](store::Store& a) -> asio::awaitable<void> {
        auto team = demo_team();
        auto calendar = domain::Calendar::make(team.tz, team.week_start);
        { auto awaited = co_await a.create_team(team); REQUIRE(awaited); }
        co_await add_reps(a, team);
        auto now = domain::now();
        store::StoreOptions checked;
        checked.check_declared_keys = true;
        store::Store b(*current_client(), checked);
        auto first = activity("natalie", "n1", 1, now), second = activity("natalie", "n2", 1, now);
        { auto l = co_await b.log(team, *calendar, first, "test"); REQUIRE(l); }
        auto made = draft("natalie", store::args("natalie"), domain::ChallengeKind::most, 0,
                          domain::Window{now - 1h, now + 1h});
        auto id = co_await a.create_challenge(made, team.id, "");
        REQUIRE(id);
        auto counted = co_await b.log(team, *calendar, second, "test");
        REQUIRE(counted);
        auto ids = store::args(*id);
        auto records = co_await a.challenges(team.id, ids);
        REQUIRE(records);
        REQUIRE(records->front().scores.size() == 1);
        CHECK(records->front().scores[0].count == 1);
    });
}

TEST_CASE_FIXTURE(Fresh, "check-ins and cheers: on their declared keys, cheers limited per sender") {
    store::StoreOptions options;
    options.cheers_per_window = 2;
    with_store([](store::Store& s) -> asio::awaitable<void> {
        auto team = demo_team();
        { auto awaited = co_await s.create_team(team); REQUIRE(awaited); }
        co_await add_reps(s, team);
        nlohmann::json checkin = {{"week", "w:2026-W49"}, {"commitment", "five calls"}, {"reflection", ""},
                                  {"at", "2026-12-01T09:00:00Z"}};
        auto posted = co_await s.post_checkin(team.id, "jake", "w:2026-W49", checkin);
        REQUIRE(posted);
        auto all = co_await s.checkins(team.id, "w:2026-W49");
        REQUIRE(all);
        CHECK((*all)["jake"]["commitment"] == "five calls");
        for (int i = 0; i < 2; ++i) {
            auto cheer = co_await s.cheer(team.id, "jake", "natalie", "go");
            REQUIRE(cheer);
        }
        auto third = co_await s.cheer(team.id, "jake", "natalie", "go");
        REQUIRE_FALSE(third);
        CHECK(third.error().code == domain::Errc::rate_limited);
        auto feed = co_await s.feed(team.id, 10);
        REQUIRE(feed);
        CHECK(feed->size() == 3);  // the check-in and two cheers
    }, options);
}
