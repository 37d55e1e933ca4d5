#include "api/answers.hpp"

namespace wp::api {

using nlohmann::json;

int http_status(domain::Errc code) {
    using domain::Errc;
    switch (code) {
        case Errc::bad_request: return 400;
        case Errc::unauthorized: return 401;
        case Errc::forbidden: return 403;
        case Errc::not_found: return 404;
        case Errc::conflict: return 409;
        case Errc::too_large: return 413;
        case Errc::rate_limited: return 429;
        case Errc::unavailable: return 503;
    }
    return 500;
}

HttpAnswer json_answer(int status, const json& body) { return {status, body.dump(), "application/json"}; }

HttpAnswer error_answer(const domain::Error& error) {
    return json_answer(http_status(error.code),
                       {{"error", {{"code", domain::to_string(error.code)}, {"message", error.message}}}});
}

live::Frame frame_of(const json& j) { return std::make_shared<const std::string>(j.dump()); }

live::Frame error_frame(const json& req, const domain::Error& error) {
    json e = {{"type", "error"}, {"code", domain::to_string(error.code)}, {"message", error.message}};
    if (!req.is_null()) e["req"] = req;
    return frame_of(e);
}

json ack(const json& req, json result) {
    json a = {{"type", "ack"}, {"req", req}, {"ok", true}};
    if (!result.is_null()) a["result"] = std::move(result);
    return a;
}

}  // namespace wp::api
