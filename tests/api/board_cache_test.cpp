// The boards an instance holds, patched by the versioned change notices without Redis: in
// place, a rep entering, and every case that must be read again instead (a gap in versions, a
// correction past the rows held, a notice without versions, age).
#include <doctest/doctest.h>

#include "api/board_cache.hpp"

using wp::api::BoardCache;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {
const std::string week = "w:2026-W48";

wp::store::Board board(std::uint64_t version, std::vector<std::pair<std::string, std::int64_t>> rows) {
    wp::store::Board b;
    b.version = version;
    for (auto& [rep, count] : rows) {
        b.rows.push_back({rep, rep, count});
        b.total += count;
    }
    return b;
}

// A log's notice as log_activity.lua publishes it: the rep's count and the total on each board.
json log_notice(std::uint64_t v, const std::string& rep, std::int64_t delta, std::int64_t count, std::int64_t total,
                const std::string& metric = "calls") {
    return {{"kind", "activity"}, {"rep", rep},     {"metric", metric}, {"events", json::array()},
            {"delta", delta},     {"v", v},
            {"boards", {{"d:2026-11-24", count, total}, {week, count, total}, {"m:2026-11", count, total},
                        {"q:2026-Q4", count, total}, {"all", count, total}}}};
}

std::vector<std::string> order(const wp::store::Board& b) {
    std::vector<std::string> reps;
    for (const auto& r : b.rows) reps.push_back(r.rep + "=" + std::to_string(r.count));
    return reps;
}
}  // namespace

TEST_CASE("board cache: a log's notice patches the board held, in ZREVRANGE's order, without a read") {
    BoardCache cache(30s);
    cache.put("alpha", "calls", week, board(7, {{"jake", 5}, {"natalie", 3}}), 50);
    cache.apply("alpha", log_notice(8, "natalie", 3, 6, 11));
    const auto* b = cache.find("alpha", "calls", week, 50);
    REQUIRE(b);
    CHECK(b->version == 8);
    CHECK(b->total == 11);
    CHECK(order(*b) == std::vector<std::string>{"natalie=6", "jake=5"});
    cache.apply("alpha", log_notice(9, "priya", 1, 5, 12));  // new on the board: ties go by rep id, descending
    CHECK(order(*cache.find("alpha", "calls", week, 50)) == std::vector<std::string>{"natalie=6", "priya=5", "jake=5"});
    cache.apply("alpha", log_notice(9, "priya", 1, 99, 99));  // seen already (the read had it): nothing
    CHECK(cache.find("alpha", "calls", week, 50)->total == 12);
}

TEST_CASE("board cache: a gap in the versions forgets the board, another metric only advances it") {
    BoardCache cache(30s);
    cache.put("alpha", "calls", week, board(7, {{"jake", 5}}), 50);
    cache.put("alpha", "demos", week, board(7, {{"jake", 1}}), 50);
    cache.apply("alpha", log_notice(8, "jake", 1, 6, 6));  // calls: demos's version moves on with it
    CHECK(cache.find("alpha", "demos", week, 50)->version == 8);
    CHECK(cache.find("alpha", "demos", week, 50)->total == 1);
    cache.apply("alpha", log_notice(10, "jake", 1, 7, 7));  // 9 was missed
    CHECK(cache.find("alpha", "calls", week, 50) == nullptr);
    CHECK(cache.find("alpha", "demos", week, 50) == nullptr);
    CHECK(cache.size("alpha") == 0);
}

TEST_CASE("board cache: rows beyond those held, a notice without versions, age and fewer rows asked") {
    BoardCache cache(30s);
    auto now = BoardCache::Clock::now();
    // Two rows asked, two read: more reps may be on the board below them.
    cache.put("alpha", "calls", week, board(1, {{"jake", 5}, {"natalie", 3}}), 2, now);
    cache.apply("alpha", log_notice(2, "priya", 1, 1, 9));  // below the rows held: they stay the top two
    CHECK(order(*cache.find("alpha", "calls", week, 2, now)) == std::vector<std::string>{"jake=5", "natalie=3"});
    cache.apply("alpha", log_notice(3, "jake", -4, 1, 5));  // a correction past the last row held: read again
    CHECK(cache.find("alpha", "calls", week, 2, now) == nullptr);

    cache.put("alpha", "calls", week, board(3, {{"jake", 1}}), 50, now);
    CHECK(cache.find("alpha", "calls", week, 51, now) == nullptr);  // fewer rows than asked for
    CHECK(cache.find("alpha", "calls", week, 50, now + 30s) == nullptr);  // read too long ago
    json old = log_notice(4, "jake", 1, 2, 2);
    old.erase("v");
    cache.apply("alpha", old);
    CHECK(cache.find("alpha", "calls", week, 50, now) == nullptr);
    cache.put("alpha", "calls", week, board(4, {{"jake", 2}}), 50, now);
    cache.apply("beta", log_notice(5, "jake", 1, 3, 3));  // another team's notice: nothing here
    CHECK(cache.find("alpha", "calls", week, 50, now)->version == 4);
}

TEST_CASE("board cache: a notice drops the boards past max_age, a past period's among them") {
    BoardCache cache(30s);
    auto now = BoardCache::Clock::now();
    cache.put("alpha", "calls", "w:2026-W47", board(1, {{"jake", 5}}), 50, now - 31s);
    cache.put("alpha", "calls", week, board(1, {{"jake", 5}}), 50, now);
    cache.apply("alpha", log_notice(2, "jake", 1, 6, 6), now);
    CHECK(cache.size("alpha") == 1);
    CHECK(cache.find("alpha", "calls", week, 50, now)->total == 6);
}

TEST_CASE("board cache: a read answered before a notice heard meanwhile is not kept, nor served") {
    BoardCache cache(30s);
    // The hub's re-read for the notice of log 8 must not come from a read of version 7 that was
    // on its way when the notice came (it would show the board without log 8 until max_age).
    cache.apply("alpha", log_notice(8, "natalie", 3, 6, 11));
    cache.put("alpha", "calls", week, board(7, {{"jake", 5}, {"natalie", 3}}), 50);
    CHECK(cache.find("alpha", "calls", week, 50) == nullptr);
    cache.put("alpha", "calls", week, board(8, {{"natalie", 6}, {"jake", 5}}), 50);
    REQUIRE(cache.find("alpha", "calls", week, 50));
    // Held at 8, a notice of 10 (9 missed) forgets it; a later read at 9 is older than 10 heard.
    cache.apply("alpha", log_notice(10, "jake", 1, 6, 12));
    cache.put("alpha", "calls", week, board(9, {{"natalie", 6}, {"jake", 5}}), 50);
    CHECK(cache.find("alpha", "calls", week, 50) == nullptr);
    // Forgotten (hearing the team again): a read is trusted as it comes.
    cache.forget("alpha");
    cache.put("alpha", "calls", week, board(3, {{"jake", 1}}), 50);
    CHECK(cache.find("alpha", "calls", week, 50) != nullptr);
}

TEST_CASE("board cache: a version lower than one heard (Redis back on older data) forgets the team") {
    BoardCache cache(30s);
    cache.put("alpha", "calls", week, board(57, {{"jake", 9}}), 50);
    cache.apply("alpha", log_notice(58, "jake", 1, 10, 10));
    REQUIRE(cache.find("alpha", "calls", week, 50));
    cache.apply("alpha", log_notice(1, "jake", 1, 1, 1));
    CHECK(cache.size("alpha") == 0);
    cache.put("alpha", "calls", week, board(1, {{"jake", 1}}), 50);  // read after it: kept
    CHECK(cache.find("alpha", "calls", week, 50)->total == 1);
}
