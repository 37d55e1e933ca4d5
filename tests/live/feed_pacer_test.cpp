// The feed's pace (live::FeedPacer, live.feed_events_per_second): events beyond a second's
// budget wait for the next window, activity summed up per rep, other kinds as they are.
#include <doctest/doctest.h>

#include "live/feed_pacer.hpp"

using nlohmann::json;
using wp::live::FeedPacer;
using namespace std::chrono_literals;

namespace {
json activity(const std::string& rep, int n, const std::string& metric = "calls", int delta = 1) {
    return {{"id", std::to_string(n) + "-0"}, {"kind", "activity"}, {"at", "t" + std::to_string(n)},
            {"rep", rep}, {"name", "N " + rep}, {"metric", metric}, {"delta", delta}};
}
const auto t0 = FeedPacer::Clock::time_point{} + 1000s;
}  // namespace

TEST_CASE("feed pacer: a second's budget goes out at once, the rest is summed up per rep when the window ends") {
    FeedPacer pacer(10);
    std::size_t sent = 0;
    for (int i = 0; i < 500; ++i) sent += pacer.offer(activity(i % 5 == 0 ? "jake" : "natalie", i), t0 + i * 1ms).size();
    CHECK(sent == 10);
    REQUIRE(pacer.due() == t0 + 1s);
    CHECK(pacer.release(t0 + 999ms).empty());
    auto bursts = pacer.release(t0 + 1s);
    REQUIRE(bursts.size() == 2);
    CHECK(bursts[0]["kind"] == "activity.burst");
    CHECK(bursts[0]["rep"] == "jake");  // the first to wait: event 10
    CHECK(bursts[0]["name"] == "N jake");
    CHECK(bursts[0]["count"] == 100 - 2);
    CHECK(bursts[0]["metrics"] == json{{"calls", 98}});
    CHECK(bursts[0]["id"] == "burst-495-0");
    CHECK(bursts[0]["at"] == "t495");
    CHECK(bursts[1]["rep"] == "natalie");
    CHECK(bursts[1]["count"] == 400 - 8);
    CHECK(bursts[1]["id"] == "burst-499-0");
    CHECK_FALSE(pacer.due());
    // Every activity is either sent or counted in a burst.
    CHECK(sent + bursts[0]["count"].get<std::size_t>() + bursts[1]["count"].get<std::size_t>() == 500);
}

TEST_CASE("feed pacer: the new window's first events wait behind what was held, in order") {
    FeedPacer pacer(2);
    CHECK(pacer.offer(activity("a", 1), t0).size() == 1);
    CHECK(pacer.offer(activity("a", 2), t0).size() == 1);
    CHECK(pacer.offer(json{{"id", "3-0"}, {"kind", "milestone"}, {"at", "t3"}, {"rep", "a"}}, t0).empty());
    CHECK(pacer.offer(activity("a", 4, "calls", -1), t0).empty());
    CHECK(pacer.offer(activity("a", 5, "proposals", 3), t0).empty());
    // The next event after the window: the held milestone and the burst first, then it waits.
    auto out = pacer.offer(activity("b", 6), t0 + 1500ms);
    REQUIRE(out.size() == 2);
    CHECK(out[0]["kind"] == "milestone");
    CHECK(out[1]["kind"] == "activity.burst");
    CHECK(out[1]["count"] == 2);
    CHECK(out[1]["metrics"] == json{{"calls", -1}, {"proposals", 3}});
    REQUIRE(pacer.due() == t0 + 2500ms);
    auto next = pacer.release(t0 + 2500ms);
    REQUIRE(next.size() == 1);
    CHECK(next[0]["rep"] == "b");
    CHECK(next[0]["count"] == 1);
}

TEST_CASE("feed pacer: a quiet feed passes every event at once, at the configured pace") {
    FeedPacer pacer(10);
    for (int i = 0; i < 100; ++i) CHECK(pacer.offer(activity("a", i), t0 + i * 100ms).size() == 1);
    CHECK_FALSE(pacer.due());
}

TEST_CASE("feed pacer: at most max_held other events wait, the oldest go first") {
    FeedPacer pacer(1);
    (void)pacer.offer(activity("a", 0), t0);
    for (int i = 1; i <= 300; ++i) (void)pacer.offer(json{{"id", std::to_string(i)}, {"kind", "cheer"}, {"at", "t"}}, t0);
    auto out = pacer.release(t0 + 1s);
    REQUIRE(out.size() == 1);
    CHECK(out[0]["id"] == std::to_string(300 - FeedPacer::max_held + 1));
}
