// The store on a real Redis Cluster: the slot function against CLUSTER KEYSLOT, routing to every
// shard, MOVED after a slot moved, a write refused whole in a half-moved slot, sharded pub/sub
// following its slot.
#include "store/cluster_fixture.hpp"

#include "domain/calendar.hpp"
#include "store/keys.hpp"
#include "store/notice_subscriber.hpp"
#include "store/redis_args.hpp"

using namespace wp;
using namespace wp::cluster_test;

namespace {

domain::Team team_named(const std::string& id) {
    auto team = domain::make_team(id, "Team " + id, "Europe/London", domain::WeekStart::monday, {});
    REQUIRE(team);
    return *team;
}

domain::Activity call(std::string id) { return {"natalie", "calls", std::move(id), 1, domain::now()}; }

}  // namespace

TEST_CASE_FIXTURE(FreshCluster, "cluster: the slot function agrees with CLUSTER KEYSLOT") {
    std::vector<std::string> keys{"", "a", "foo", "{", "}", "{}", "{}x", "x{}", "{a}{b}", "a{b{c}}d", "{{a}}",
                                  "wp:teams", "wp:tok:0123abcd", "\xff\xfe{\x01}"};
    for (int i = 0; i < 200; ++i) {
        keys.push_back(store::keys::team("team-" + std::to_string(i)));
        keys.push_back("key:" + std::to_string(i * 7919));
    }
    for (const auto& key : keys) {
        INFO(key);
        CHECK(cluster().command(0, {"CLUSTER", "KEYSLOT", key}).get<long long>() == store::key_slot(key));
    }
}

TEST_CASE_FIXTURE(FreshCluster, "cluster: commands reach the shard of their key, and after a slot moves MOVED is followed") {
    ClusterStore s;
    std::vector<std::string> teams{team_on(0), team_on(1), team_on(2)};
    for (int node = 0; node < 3; ++node) {
        auto key = store::keys::team(teams[static_cast<std::size_t>(node)]);
        auto set = s.run([&]() -> asio::awaitable<std::string> {
            auto r = co_await s.client().command(key, store::args("SET", key, "v" + std::to_string(node)));
            co_return r ? r->str : r.error().message;
        });
        CHECK(set == "OK");
        CHECK(cluster().command(node, {"GET", key}) == "v" + std::to_string(node));  // where it belongs
    }
    CHECK(s.run([&]() -> asio::awaitable<bool> { co_return s.client().ready(); }));

    // An operator moves team 0's slot to node 2; the client's table still says node 0.
    auto key = store::keys::team(teams[0]);
    auto slot = store::key_slot(key);
    CHECK(cluster().migrate_slot(slot, 2) == 1);
    auto got = s.run([&]() -> asio::awaitable<std::string> {
        auto r = co_await s.client().command(key, store::args("GET", key));
        co_return r ? r->str : r.error().message;
    });
    CHECK(got == "v0");
    auto now_at = s.run([&]() -> asio::awaitable<int> {
        auto ep = s.client().endpoint_for(key);
        co_return ep ? ep->port : 0;
    });
    CHECK(now_at == cluster().port(2));
    cluster().migrate_slot(slot, 0);  // and back
}

TEST_CASE_FIXTURE(FreshCluster, "cluster: a log in a half-moved slot is refused whole (TRYAGAIN), then counts once") {
    store::RedisTimeouts timeouts;
    timeouts.command = 400ms;  // the backoff gives up within it
    ClusterStore s(timeouts);
    auto team = team_named(team_on(1));
    auto calendar = domain::Calendar::make(team.tz, team.week_start);
    REQUIRE(calendar);
    auto log = [&](const std::string& id) {
        return s.run([&]() -> asio::awaitable<domain::Result<store::LogOutcome>> {
            co_return co_await s.store().log(team, *calendar, call(id), "test");
        });
    };
    REQUIRE(s.run([&]() -> asio::awaitable<bool> { co_return (co_await s.store().create_team(team)).has_value(); }));
    for (int i = 0; i < 3; ++i) REQUIRE(log("before-" + std::to_string(i)));

    auto slot = store::key_slot(store::keys::team(team.id));
    int refused = 0, checked = 0;
    cluster().migrate_slot(slot, 2, [&](int moved) {
        if (moved != 2) return;  // some keys on each side
        auto during = log("during");
        ++checked;
        if (!during) {
            ++refused;
            CHECK(during.error().code == domain::Errc::unavailable);
        }
        // Nothing of it was written on either node: no idempotency key.
        auto idem = store::keys::idempotency(team.id, "natalie", "during");
        CHECK(cluster().command(1, {"EXISTS", idem}).dump().find("ASK") != std::string::npos);  // not here
        CHECK(cluster().asking(2, {"EXISTS", idem}) == 0);
    });
    CHECK(checked == 1);
    CHECK(refused == 1);
    auto after = log("during");  // the client's retry with the same id, once the slot has moved
    REQUIRE(after);
    CHECK_FALSE(after->duplicate);
    CHECK(after->counts[4] == 4);
    auto again = log("during");
    REQUIRE(again);
    CHECK(again->duplicate);
    CHECK(again->counts[4] == 4);
    CHECK(cluster().owner(slot) == 2);
}

TEST_CASE_FIXTURE(FreshCluster, "cluster: a team's notices follow its slot to the new owner, with a gap reported") {
    ClusterStore s;
    auto team = team_on(0);
    auto channel = store::keys::changes(team);
    std::vector<std::string> seen;
    std::vector<bool> lives;
    std::unique_ptr<store::NoticeSubscriber> notices;
    asio::post(s.io(), [&] {
        notices = std::make_unique<store::NoticeSubscriber>(
            s.io().get_executor(), s.client(),
            [&](std::string_view, std::string_view payload) { seen.emplace_back(payload); },
            [&](const std::string&, bool gap) { lives.push_back(gap); });
        notices->start();
        notices->want(team);
    });
    auto wait_for = [&](auto pred) {
        auto deadline = std::chrono::steady_clock::now() + 10s;
        while (std::chrono::steady_clock::now() < deadline) {
            if (s.run([&]() -> asio::awaitable<bool> { co_return pred(); })) return true;
            std::this_thread::sleep_for(10ms);
        }
        return false;
    };
    REQUIRE(wait_for([&] { return lives.size() == 1; }));
    CHECK_FALSE(lives[0]);
    CHECK(cluster().command(0, {"SPUBLISH", channel, "one"}) == 1);
    REQUIRE(wait_for([&] { return seen.size() == 1; }));

    cluster().command_for(channel, {"SET", store::keys::team(team), "x"});
    cluster().migrate_slot(store::key_slot(channel), 1);
    // The old owner dropped the subscription; the subscriber is on the new one, with a gap.
    REQUIRE(wait_for([&] { return lives.size() == 2; }));
    CHECK(lives[1]);
    CHECK(cluster().command(1, {"SPUBLISH", channel, "two"}) == 1);
    REQUIRE(wait_for([&] { return seen.size() == 2; }));
    CHECK(seen[1] == "two");
    asio::post(s.io(), [&] {
        notices->stop();
        notices.reset();
    });
    REQUIRE(wait_for([&] { return notices == nullptr; }));
}
