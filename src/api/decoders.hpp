#pragma once
// From a message its schema in proto/ has accepted to what domain/ checks: the conversions the
// handlers make, in one place that needs neither Redis nor Asio, so the fuzzer
// (tests/fuzz/fuzz_ws_message.cpp) runs these very functions.
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/activity.hpp"
#include "domain/challenge.hpp"
#include "domain/result.hpp"
#include "domain/team.hpp"

namespace wp::api {

// `log` (WebSocket) or one item of POST /api/v1/activities.
domain::LogRequest decode_log(const nlohmann::json& message);
// `challenge.create`.
domain::ChallengeRequest decode_challenge(const nlohmann::json& message);
// A `subscribe` or `unsubscribe` topic is read by domain::parse_topic (domain/topic.hpp).
// A cheer's text: the schema bounds its length (140 characters); here, no control characters.
domain::Status check_cheer_text(std::string_view text);

}  // namespace wp::api
