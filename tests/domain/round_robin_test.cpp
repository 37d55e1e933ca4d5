// Weekly matchups by the circle method: every pair meets every other once over n-1 weeks, one
// pair sits out each week when the count is odd, and every instance draws a week alike.
#include "domain/round_robin.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

using namespace wp::domain;

namespace {
std::vector<std::string> ids_of(int n) {
    std::vector<std::string> ids;
    for (int i = 1; i <= n; ++i) ids.push_back("p" + std::to_string(i));
    return ids;
}
}  // namespace

TEST_CASE("round robin: every pair meets every other exactly once over n-1 weeks, byes with an odd count") {
    for (int n = 2; n <= 11; ++n) {
        CAPTURE(n);
        const int seats = n % 2 ? n + 1 : n;
        for (int first_week : {1, 17, 49}) {
            CAPTURE(first_week);
            std::map<std::pair<std::string, std::string>, int> met;
            std::map<std::string, int> byes;
            for (int w = first_week; w < first_week + seats - 1; ++w) {
                auto week = round_robin(ids_of(n), w);
                std::set<std::string> playing;
                for (auto [a, b] : week.matchups) {
                    CHECK(a != b);
                    CHECK(playing.insert(a).second);  // nobody plays twice in a week
                    CHECK(playing.insert(b).second);
                    if (b < a) std::swap(a, b);
                    ++met[{a, b}];
                }
                CHECK(week.matchups.size() == static_cast<std::size_t>(n / 2));
                CHECK(week.bye.has_value() == (n % 2 == 1));
                if (week.bye) {
                    CHECK_FALSE(playing.count(*week.bye));
                    ++byes[*week.bye];
                }
            }
            CHECK(met.size() == static_cast<std::size_t>(n * (n - 1) / 2));
            for (const auto& [pairing, times] : met) CHECK(times == 1);
            if (n % 2) {
                CHECK(byes.size() == static_cast<std::size_t>(n));  // each pair sits out once
                for (const auto& [pair, times] : byes) CHECK(times == 1);
            }
        }
    }
}

TEST_CASE("round robin: the same draw whatever order an instance lists the pairs in, rotating by the ISO week") {
    auto ids = ids_of(6);
    ids.push_back("p10");
    auto reference = round_robin(ids, 49);
    std::mt19937 shuffle(7);
    for (int i = 0; i < 20; ++i) {
        std::shuffle(ids.begin(), ids.end(), shuffle);
        CHECK(round_robin(ids, 49) == reference);
    }
    // Ordered by id as the roster lists pairs: p2 before p10, so p1 (seat 0) meets p10 (last seat) in rotation 0.
    auto week7 = round_robin({"p10", "p2", "p1", "p3"}, 3 * 7);
    REQUIRE(week7.matchups.size() == 2);
    CHECK(week7.matchups[0] == std::pair<std::string, std::string>{"p1", "p10"});
    CHECK(week7.matchups[1] == std::pair<std::string, std::string>{"p2", "p3"});
    // Seven pairs and a bye: eight seats, seven rounds, so week 57 draws as week 50; 51 does not.
    CHECK(round_robin(ids, 50) == round_robin(ids, 57));
    CHECK_FALSE(round_robin(ids, 50) == round_robin(ids, 51));
    CHECK(round_robin({"p1"}, 5).matchups.empty());
    CHECK(round_robin({}, 5).matchups.empty());
}
