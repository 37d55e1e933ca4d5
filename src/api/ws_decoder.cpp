#include "api/ws_decoder.hpp"

#include "api/answers.hpp"

namespace wp::api {

nlohmann::json echoable_req(const nlohmann::json& message) {
    if (!message.is_object()) return nullptr;
    auto it = message.find("req");
    if (it == message.end()) return nullptr;
    if (it->is_number_integer() || (it->is_string() && it->get_ref<const std::string&>().size() <= 64)) return *it;
    return nullptr;
}

WsDecoded WsDecoder::decode(std::string_view text) const {
    auto message = nlohmann::json::parse(text, nullptr, false);
    if (message.is_discarded()) return refuse(nullptr, domain::bad_request("malformed JSON"));
    if (auto envelope = schemas_.check("ws/client/envelope", message); !envelope)
        return refuse(echoable_req(message), envelope.error());
    nlohmann::json req = message.contains("req") ? message["req"] : nlohmann::json();
    auto type = message["type"].get<std::string>();
    auto schema = "ws/client/" + type;
    if (type == "envelope" || !schemas_.has(schema)) {
        counts_.message("unknown");
        return refuse(req, domain::bad_request("type: unknown message type '" + type + "'"));
    }
    counts_.message(type);
    if (auto valid = schemas_.check(schema, message); !valid) return refuse(req, valid.error());
    return WsMessage{std::move(type), std::move(message), std::move(req)};
}

live::Frame WsDecoder::refuse(const nlohmann::json& req, const domain::Error& error) const {
    counts_.error(domain::to_string(error.code));
    return error_frame(req, error);
}

}  // namespace wp::api
