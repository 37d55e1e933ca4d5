#pragma once
// HTTP answers and error frames in protocol.md's shapes: the one table from error code to status.
#include <nlohmann/json.hpp>

#include "api/http_types.hpp"
#include "domain/result.hpp"
#include "live/subscriber.hpp"

namespace wp::api {

int http_status(domain::Errc code);
HttpAnswer json_answer(int status, const nlohmann::json& body);
HttpAnswer error_answer(const domain::Error& error);  // {"error":{"code","message"}}
inline HttpAnswer no_content() { return {204, "", "application/json"}; }
live::Frame frame_of(const nlohmann::json& j);
live::Frame error_frame(const nlohmann::json& req, const domain::Error& error);
nlohmann::json ack(const nlohmann::json& req, nlohmann::json result = nullptr);

}  // namespace wp::api
