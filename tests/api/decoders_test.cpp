// From a validated message to the domain's requests (api/decoders.cpp, which the fuzzer links).
#include <doctest/doctest.h>

#include "api/decoders.hpp"

using namespace wp;
using nlohmann::json;

TEST_CASE("decoders: log and challenge.create fields, with their defaults") {
    auto log = api::decode_log(json{{"metric", "calls"}, {"id", "x1"}});
    CHECK(log.metric == "calls");
    CHECK(log.delta == 1);
    CHECK(log.id == "x1");
    CHECK_FALSE(log.at);
    auto dated = api::decode_log(json{{"metric", "calls"}, {"id", "x2"}, {"delta", -2}, {"at", "2026-11-24T09:00:00Z"}});
    CHECK(dated.delta == -2);
    CHECK(dated.at == "2026-11-24T09:00:00Z");
    auto c = api::decode_challenge(json{{"metric", "calls"}, {"kind", "race"}, {"participants", {"jake", "priya"}},
                                        {"window", {{"start", "a"}, {"end", "b"}}}, {"target", 5}, {"stakes", "pizza"}});
    CHECK(c.participants == std::vector<std::string>{"jake", "priya"});
    CHECK(c.start == "a");
    CHECK(c.end == "b");
    CHECK_FALSE(c.period);
    CHECK(c.target == 5);
    CHECK(c.stakes == "pizza");
}

TEST_CASE("decoders: a cheer's text") {
    CHECK(api::check_cheer_text("Go team!"));
    CHECK_FALSE(api::check_cheer_text("bell\a"));
}
