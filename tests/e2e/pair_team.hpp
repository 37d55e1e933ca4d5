#pragma once
// A team for the pairs tests: make_team's people (natalie and jake are pair p1) with marcus,
// sofia and tom added, priya and marcus as pair p2 and, with `third`, sofia and tom as p3.
#include <string>

#include "e2e/fixture.hpp"

namespace wp::e2e {

TeamSetup make_pair_team(int port, const std::string& id, bool third = false);

// An HTTP call with a token and a JSON body; returns the answer.
test::HttpResult call(int port, const std::string& method, const std::string& path, const json& body,
                      const std::string& token = test::WolfpackServer::admin_token);

}  // namespace wp::e2e
