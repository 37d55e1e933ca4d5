// Competition ranking ("1224") of leaderboard rows.
#include "domain/ranking.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

namespace {

using namespace wp::domain;

}  // namespace

TEST_CASE("rank_competition") {
    constexpr auto most = std::numeric_limits<std::int64_t>::max();
    constexpr auto least = std::numeric_limits<std::int64_t>::min();
    struct Row {
        const char* name;
        std::vector<Standing> standings;
        std::vector<RankedStanding> ranked;
    };
    const std::vector<Row> rows{
        {"empty", {}, {}},
        {"single", {{"natalie", 3}}, {{1, "natalie", 3}}},
        {"single with zero", {{"natalie", 0}}, {{1, "natalie", 0}}},
        {"distinct counts, sorted descending",
         {{"a", 1}, {"b", 3}, {"c", 2}},
         {{1, "b", 3}, {2, "c", 2}, {3, "a", 1}}},
        {"tie at the top skips rank 2",
         {{"jake", 7}, {"natalie", 9}, {"amir", 9}},
         {{1, "amir", 9}, {1, "natalie", 9}, {3, "jake", 7}}},
        {"tie in the middle",
         {{"a", 5}, {"b", 4}, {"c", 4}, {"d", 3}},
         {{1, "a", 5}, {2, "b", 4}, {2, "c", 4}, {4, "d", 3}}},
        {"tie at the bottom",
         {{"a", 5}, {"c", 1}, {"b", 1}},
         {{1, "a", 5}, {2, "b", 1}, {2, "c", 1}}},
        {"all equal", {{"c", 2}, {"a", 2}, {"b", 2}}, {{1, "a", 2}, {1, "b", 2}, {1, "c", 2}}},
        {"all zero", {{"b", 0}, {"a", 0}}, {{1, "a", 0}, {1, "b", 0}}},
        {"two ties",
         {{"a", 1}, {"b", 2}, {"c", 2}, {"d", 1}, {"e", 0}},
         {{1, "b", 2}, {1, "c", 2}, {3, "a", 1}, {3, "d", 1}, {5, "e", 0}}},
        {"negative counts after corrections",
         {{"a", -1}, {"b", 0}, {"c", -3}, {"d", -1}},
         {{1, "b", 0}, {2, "a", -1}, {2, "d", -1}, {4, "c", -3}}},
        {"extreme counts",
         {{"a", least}, {"b", most}, {"c", 0}},
         {{1, "b", most}, {2, "c", 0}, {3, "a", least}}},
        // Ties are ordered by rep id byte by byte: "-" < digits < upper case < "_" < lower case.
        {"ties ordered by rep id",
         {{"b", 1}, {"a_", 1}, {"a-", 1}, {"a", 1}, {"a0", 1}, {"B", 1}},
         {{1, "B", 1}, {1, "a", 1}, {1, "a-", 1}, {1, "a0", 1}, {1, "a_", 1}, {1, "b", 1}}},
    };
    for (const auto& row : rows) {
        SUBCASE(row.name) { CHECK(rank_competition(row.standings) == row.ranked); }
    }
}

TEST_CASE("rank_competition does not depend on input order") {
    std::vector<Standing> standings{{"a", 3}, {"b", 1}, {"c", 3}, {"d", 2}, {"e", 1}};
    const auto expected = rank_competition(standings);
    const auto by_rep = [](const Standing& x, const Standing& y) { return x.rep < y.rep; };
    std::sort(standings.begin(), standings.end(), by_rep);
    int permutations = 0;
    do {
        CHECK(rank_competition(standings) == expected);
        ++permutations;
    } while (std::next_permutation(standings.begin(), standings.end(), by_rep));
    CHECK(permutations == 120);
}

TEST_CASE("rank_competition on a full board") {
    // 50 reps with counts 24, 24, 23, 23, ...: every rank is shared by two and odd.
    std::vector<Standing> standings;
    for (int i = 0; i < 50; ++i)
        standings.push_back({"rep" + std::to_string(100 + i), 49 / 2 - i / 2});
    const auto ranked = rank_competition(standings);
    REQUIRE(ranked.size() == 50);
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        CAPTURE(i);
        CHECK(ranked[i].rank == static_cast<int>(i / 2 * 2 + 1));
        CHECK(ranked[i].rep == "rep" + std::to_string(100 + i));
    }
}
