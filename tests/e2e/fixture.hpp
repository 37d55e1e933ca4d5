#pragma once
// One redis-server for the test binary, a wolfpack server per test case, and a team made
// through the admin API.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/clients.hpp"
#include "support/processes.hpp"

namespace wp::e2e {

using test::json;
using namespace std::chrono_literals;

test::RedisServer& shared_redis();

struct TeamSetup {
    std::string id;
    std::map<std::string, std::string> tokens;  // rep id -> token
};

// Creates team `id` (Europe/London, default metrics) with reps natalie and jake (a pair),
// priya, and a display "wall"; returns their tokens.
TeamSetup make_team(int port, const std::string& id, const std::string& tz = "Europe/London");

// Board data from GET /api/v1/leaderboard.
json leaderboard(int port, const std::string& token, const std::string& metric, const std::string& period);
long long count_of(const json& board, const std::string& rep);  // 0 when absent

std::string read_file(const std::string& path);
// Runs the binary to completion (10 s at most); returns {exit status, output}.
std::pair<int, std::string> run_wolfpack(std::vector<std::string> args, std::map<std::string, std::string> env = {});
// The next update of `topic` whose data satisfies `match`.
json update_of(test::WsClient& ws, const std::string& topic, const std::function<bool(const json&)>& match);
// Logs over HTTP with `token` (201 expected): `at` empty for now.
void log_http(int port, const std::string& token, const std::string& metric, const std::string& id, int delta = 1,
              const std::string& at = "");

struct ServerCase {
    ServerCase();
    std::unique_ptr<test::WolfpackServer> server;
    int port() const { return server->port(); }
};

}  // namespace wp::e2e
