#pragma once
// The wall's topics (protocol.md "The wall as a kiosk"): a display's own settings (display:me),
// every live challenge of the team (challenges:team) and the week in review (review).
#include <boost/asio/awaitable.hpp>
#include <string>

#include <nlohmann/json.hpp>

#include "api/context.hpp"

namespace wp::api {

// A display as the console lists it: its playlist as it plays now, settings, when last seen.
nlohmann::json display_json(const domain::Team& team, const store::DisplaySettings& display);

asio::awaitable<domain::Result<nlohmann::json>> display_me_data(Context& ctx, const TeamContext& team,
                                                                const std::string& display_id);
// Proposed and active challenges, and those finished in the last 24 h, ending soonest first.
asio::awaitable<domain::Result<nlohmann::json>> team_challenges_data(Context& ctx, const std::string& team_id);
// The week so far: the week's winners per metric, each pair's commitments and reflections and
// week counts, personal bests, working-day streaks and cheers (api/review.cpp).
asio::awaitable<domain::Result<nlohmann::json>> review_data(Context& ctx, const TeamContext& team);

}  // namespace wp::api
