#pragma once
// One synchronous command to a Redis on loopback, for tests' setup and assertions (hiredis,
// a fresh connection each time, 5 s timeout). The reply as JSON: strings, integers, null,
// arrays; an error reply as {"error": "..."}.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace wp::test {

// asking: send ASKING first on the same connection (what an importing cluster node holds).
nlohmann::json redis_query(int port, const std::vector<std::string>& args, bool asking = false);

}  // namespace wp::test
