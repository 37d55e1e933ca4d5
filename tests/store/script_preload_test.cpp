// The store's Lua scripts are in Redis's cache before the first command: loaded in each
// connection's handshake, so a (re)started Redis never answers a write NOSCRIPT.
#include "store/fixture.hpp"

using namespace wp::store_test;

namespace {

// How many times Redis answered NOSCRIPT since the last CONFIG RESETSTAT.
int noscript_errors() {
    auto info = redis().command({"INFO", "errorstats"});
    auto at = info.find("errorstat_NOSCRIPT:count=");
    if (at == std::string::npos) return 0;
    return std::stoi(info.substr(at + std::string("errorstat_NOSCRIPT:count=").size()));
}

int cached_scripts() {
    auto info = redis().command({"INFO", "memory"});
    auto at = info.find("number_of_cached_scripts:");
    REQUIRE(at != std::string::npos);
    return std::stoi(info.substr(at + std::string("number_of_cached_scripts:").size()));
}

}  // namespace

TEST_CASE_FIXTURE(Fresh, "scripts: loaded as the connection comes up, and again after Redis restarts") {
    redis().command({"SCRIPT", "FLUSH"});
    redis().command({"CONFIG", "RESETSTAT"});
    with_store([](store::Store& s) -> asio::awaitable<void> {
        CHECK(cached_scripts() > 30);  // every script of src/store/lua/, before any is run
        auto team = demo_team();
        { auto awaited = co_await s.create_team(team); REQUIRE(awaited); }
        domain::Rep natalie{"natalie", team.id, "Natalie", domain::Role::rep};
        { auto awaited = co_await s.add_rep(natalie); REQUIRE(awaited); }
        CHECK(noscript_errors() == 0);

        // A restarted Redis (here without its data) has an empty script cache: the reconnect
        // loads every script again before the first write is sent.
        redis().kill9();
        redis().start();
        CHECK(cached_scripts() == 0);
        redis().command({"CONFIG", "RESETSTAT"});
        asio::steady_timer timer(co_await asio::this_coro::executor);
        auto created = co_await s.create_team(team);
        for (int i = 0; i < 300 && !created; ++i) {  // unavailable until the loss is noticed and the link is back
            timer.expires_after(10ms);
            co_await timer.async_wait(asio::use_awaitable);
            created = co_await s.create_team(team);
        }
        REQUIRE(created);
        CHECK(cached_scripts() > 30);
        { auto awaited = co_await s.add_rep(natalie); REQUIRE(awaited); }
        CHECK(noscript_errors() == 0);
    });
}
