#pragma once
// The subcommands of the `wolfpack` binary.
#include <string>
#include <vector>

#include "app/config.hpp"

namespace wp::app {

void setup_logging(const Config& config);
int serve(const Config& config);

// One administration request, as an HTTP route run with server-admin rights: the command
// line and the REST API share one implementation.
struct AdminCall {
    std::string method;
    std::string path;
    std::string body;  // JSON
};
// Runs the calls in order against the configured Redis (starting the embedded one for the
// duration if no server holds it) and prints each answer. Returns the exit code.
// base_url: where browsers reach the server, for the links an answer holds (invites).
int admin(const Config& config, const std::vector<AdminCall>& calls, const std::string& base_url);
// Prints a fresh first-run setup link (valid 24 h, once).
int setup_link(const Config& config, const std::string& base_url);
// Creates (or refreshes) the demo team and prints an invite link per rep and for the wall.
int admin_demo(const Config& config, const std::string& base_url);
int demo_sim(const Config& config, const std::string& team, double per_minute, double seconds,
             bool include_partners);

}  // namespace wp::app
