#pragma once
// net/'s part of the configuration.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wp::net {

struct NetOptions {
    std::string address = "0.0.0.0";
    std::uint16_t port = 8080;
    std::string web_root = "web";
    std::size_t max_frame = 64 * 1024;        // WebSocket message; larger closes with 1009
    std::size_t max_body = 1024 * 1024;       // HTTP body; larger answers 413
    std::size_t max_header = 16 * 1024;
    std::size_t send_queue = 256;             // frames queued to one connection before it is dropped
    std::size_t send_queue_bytes = 1 << 20;   // ... or bytes of their payloads
    std::chrono::seconds ws_ping{20};         // a ping this often, whatever the traffic
    std::chrono::seconds ws_idle{60};         // closed after this long without a frame or pong from the peer
    std::size_t max_connections = 10000;      // open WebSockets in total; more are refused 503
    std::size_t max_connections_per_ip = 500; // open WebSockets from one client address
    std::size_t max_http_connections = 2000;        // open HTTP connections (not yet WebSockets) in total
    std::size_t max_http_connections_per_ip = 200;  // ... and from one client address
    std::size_t max_subscriptions = 64;       // topics one WebSocket holds at once
    std::vector<std::string> allowed_origins; // normalised; empty: same origin only; "*": any
    std::string frame_ancestors = "'none'";   // the pages' CSP frame-ancestors
    std::chrono::seconds http_idle{30};
    double rate_burst = 100;                  // messages
    double rate_per_second = 20;
};

}  // namespace wp::net
