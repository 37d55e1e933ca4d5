#pragma once
// net/'s part of /metrics (Prometheus text): connections, requests, frames, refusals, and the
// hub's topics and subscriptions.
#include <string>

#include "live/hub.hpp"

namespace wp::net {

struct NetCounters;

std::string render_metrics(const NetCounters& counters, const live::HubStats& stats);

}  // namespace wp::net
