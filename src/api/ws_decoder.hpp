#pragma once
// The first half of answering a WebSocket message: parsed and checked against its proto/ schema
// on the session's own loop, so the home loop (the one that owns Redis) only runs handlers, not
// every connection's parsing and validation. Safe to call from every loop at once: the schemas are
// read-only and each thread keeps its own validator (api/schemas.cpp).
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "api/message_counts.hpp"
#include "api/schemas.hpp"
#include "live/subscriber.hpp"

namespace wp::api {

// A message that matched the envelope and its type's schema.
struct WsMessage {
    std::string type;     // "log", "subscribe", ...
    nlohmann::json body;  // the whole message
    nlohmann::json req;   // its `req`, null when it has none
};

// The `req` an error may echo: only one the envelope allows (a string of at most 64 characters or
// an integer), so the error itself always matches proto/ws/server/error.json; else null.
nlohmann::json echoable_req(const nlohmann::json& message);

// Either the message, or the error frame to answer it with (counted already).
using WsDecoded = std::variant<WsMessage, live::Frame>;

class WsDecoder {
public:
    WsDecoder(const Schemas& schemas, MessageCounts& counts) : schemas_(schemas), counts_(counts) {}
    WsDecoded decode(std::string_view text) const;

private:
    live::Frame refuse(const nlohmann::json& req, const domain::Error& error) const;

    const Schemas& schemas_;
    MessageCounts& counts_;
};

}  // namespace wp::api
