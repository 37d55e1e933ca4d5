#include "net/net_metrics.hpp"

#include <fmt/format.h>

#include "net/server.hpp"

namespace wp::net {

std::string render_metrics(const NetCounters& counters, const live::HubStats& stats) {
    std::string m;
    auto gauge = [&m](std::string_view name, std::string_view help, std::string_view type, auto value) {
        m += fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", name, help, name, type, name, value);
    };
    gauge("wolfpack_ws_connections", "Open WebSocket connections.", "gauge", counters.ws_connections.load());
    gauge("wolfpack_http_requests_total", "HTTP requests read.", "counter", counters.http_requests.load());
    gauge("wolfpack_http_connections", "Open HTTP connections (not upgraded).", "gauge", counters.http_connections.load());
    gauge("wolfpack_http_refused_total", "HTTP connections refused at accept by a connection cap.", "counter",
          counters.http_refused.load());
    gauge("wolfpack_http_evicted_total", "HTTP connections closed while waiting for a request, to make room.",
          "counter", counters.http_evicted.load());
    gauge("wolfpack_accept_failed_total", "Failed accepts (out of descriptors or memory, or a reset connection).",
          "counter", counters.accept_failed.load());
    gauge("wolfpack_ws_messages_in_total", "WebSocket messages received.", "counter", counters.ws_messages_in.load());
    gauge("wolfpack_ws_frames_out_total", "WebSocket frames written.", "counter", counters.ws_frames_out.load());
    gauge("wolfpack_slow_consumers_dropped_total", "Connections dropped for not reading.", "counter",
          counters.slow_consumers_dropped.load());
    gauge("wolfpack_ws_refused_total", "WebSocket upgrades refused by a connection cap or the origin check.",
          "counter", counters.ws_refused.load());
    gauge("wolfpack_rate_limited_total", "Messages refused by the rate limit.", "counter", counters.rate_limited.load());
    gauge("wolfpack_topics", "Live topics with subscribers.", "gauge", stats.topics);
    gauge("wolfpack_subscriptions", "Topic subscriptions.", "gauge", stats.subscriptions);
    gauge("wolfpack_topic_frames_built_total", "Topic frames serialised (once each).", "counter", stats.frames_built);
    return m;
}

}  // namespace wp::net
