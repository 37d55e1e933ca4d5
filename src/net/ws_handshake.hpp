#pragma once
// The server's half of the WebSocket opening handshake (RFC 6455 section 4.2), checked and
// answered here so the connection continues on its bare socket (net/ws_frames.hpp).
#include <string>

#include "net/http_request.hpp"

namespace wp::net {

struct Handshake {
    std::string accept;   // Sec-WebSocket-Accept; empty when refused
    std::string refusal;  // why it is refused: 400, or 426 for another protocol version
    bool other_version = false;
    bool subprotocol = false;  // the client offers wolfpack.v1: the answer names it
};

Handshake check_upgrade(const Request& req);
// The 101 answer to an accepted handshake, as it goes on the wire.
std::string switching_protocols(const Handshake& h);

}  // namespace wp::net
