// Around me: two above, the rep, two below; at the top, middle and bottom of a board.
#include "domain/around.hpp"

#include <doctest/doctest.h>

using namespace wp::domain;

namespace {
std::vector<std::string> reps_of(const Neighbourhood& n) {
    std::vector<std::string> out;
    for (const auto& r : n.rows) out.push_back(r.rep);
    return out;
}
}  // namespace

TEST_CASE("around: the window at the top, in the middle, at the bottom") {
    auto board = rank_competition({{"a", 90}, {"b", 80}, {"c", 70}, {"d", 60}, {"e", 50}, {"f", 40}, {"g", 30}});
    auto top = around(board, "a");
    REQUIRE(top);
    CHECK(top->me == RankedStanding{1, "a", 90});
    CHECK(reps_of(*top) == std::vector<std::string>{"a", "b", "c"});
    CHECK(reps_of(*around(board, "b")) == std::vector<std::string>{"a", "b", "c", "d"});
    auto middle = around(board, "d");
    CHECK(middle->me.rank == 4);
    CHECK(reps_of(*middle) == std::vector<std::string>{"b", "c", "d", "e", "f"});
    CHECK(reps_of(*around(board, "f")) == std::vector<std::string>{"d", "e", "f", "g"});
    auto bottom = around(board, "g");
    CHECK(bottom->me == RankedStanding{7, "g", 30});
    CHECK(reps_of(*bottom) == std::vector<std::string>{"e", "f", "g"});
    CHECK_FALSE(around(board, "zed"));
}

TEST_CASE("around: ties keep their shared rank, a small board, another radius") {
    auto board = rank_competition({{"a", 5}, {"b", 5}, {"c", 5}, {"d", 0}, {"e", 0}});
    auto c = around(board, "c");
    REQUIRE(c);
    CHECK(c->me.rank == 1);
    CHECK(reps_of(*c) == std::vector<std::string>{"a", "b", "c", "d", "e"});
    CHECK(around(board, "e")->me.rank == 4);
    auto alone = around(rank_competition({{"solo", 3}}), "solo");
    REQUIRE(alone);
    CHECK(reps_of(*alone) == std::vector<std::string>{"solo"});
    CHECK(reps_of(*around(board, "c", 1)) == std::vector<std::string>{"b", "c", "d"});
}
