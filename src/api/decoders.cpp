#include "api/decoders.hpp"

#include <algorithm>

namespace wp::api {

using nlohmann::json;

domain::LogRequest decode_log(const json& m) {
    domain::LogRequest request{m["metric"].get<std::string>(), m.value("delta", std::int64_t{1}),
                               m["id"].get<std::string>(), std::nullopt};
    if (m.contains("at")) request.at = m["at"].get<std::string>();
    return request;
}

domain::ChallengeRequest decode_challenge(const json& m) {
    domain::ChallengeRequest request;
    request.metric = m["metric"].get<std::string>();
    request.kind = m["kind"].get<std::string>();
    if (m.contains("participants"))  // pair against pair names `pairs` instead
        for (const auto& p : m["participants"]) request.participants.push_back(p.get<std::string>());
    const auto& window = m["window"];
    if (window.contains("period")) request.period = window["period"].get<std::string>();
    if (window.contains("start")) request.start = window["start"].get<std::string>();
    if (window.contains("end")) request.end = window["end"].get<std::string>();
    if (m.contains("target")) request.target = m["target"].get<std::int64_t>();
    if (m.contains("stakes")) request.stakes = m["stakes"].get<std::string>();
    return request;
}

domain::Status check_cheer_text(std::string_view text) {
    bool control = std::any_of(text.begin(), text.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
    if (control) return domain::bad_request("text: at most 140 printable characters");
    return domain::ok();
}

}  // namespace wp::api
