#include "net/ws_handshake.hpp"

#include <boost/beast/http/rfc7230.hpp>
#include <boost/beast/websocket/detail/hybi13.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

namespace wp::net {

Handshake check_upgrade(const Request& req) {
    Handshake h;
    if (req.version() != 11) return h.refusal = "WebSocket needs HTTP/1.1", h;
    if (req.method() != http::verb::get) return h.refusal = "WebSocket upgrade must be a GET", h;
    if (!boost::beast::websocket::is_upgrade(req)) return h.refusal = "Connection: upgrade and Upgrade: websocket needed", h;
    auto key = req[http::field::sec_websocket_key];
    if (key.empty() || key.size() > boost::beast::websocket::detail::sec_ws_key_type::static_capacity)
        return h.refusal = "Sec-WebSocket-Key missing or malformed", h;
    auto version = req[http::field::sec_websocket_version];
    if (version != "13") {
        h.other_version = !version.empty();
        return h.refusal = "Sec-WebSocket-Version: 13 is the one supported", h;
    }
    boost::beast::websocket::detail::sec_ws_accept_type accept;
    boost::beast::websocket::detail::make_sec_ws_accept(accept, key);
    h.accept.assign(accept.data(), accept.size());
    for (auto p : http::token_list(req[http::field::sec_websocket_protocol]))
        if (p == "wolfpack.v1") h.subprotocol = true;
    return h;
}

std::string switching_protocols(const Handshake& h) {
    std::string r = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade\r\nSec-WebSocket-Accept: ";
    r += h.accept;
    r += "\r\nServer: wolfpack\r\n";
    if (h.subprotocol) r += "Sec-WebSocket-Protocol: wolfpack.v1\r\n";
    r += "\r\n";
    return r;
}

}  // namespace wp::net
