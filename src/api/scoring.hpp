#pragma once
// Fair scoring's topic data (protocol.md "Fair scoring"): boards with targets and the points
// board, the % of target board, around me, most improved and a rep's own targets with pace.
// Computed at read time from the counts, so a new weight or target re-scores the period by
// itself. A display's view (`wall`) leaves out the reps hidden from the wall; the others keep
// their team ranks.
#include <boost/asio/awaitable.hpp>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/context.hpp"
#include "domain/topic.hpp"

namespace wp::api {

using JsonTask = asio::awaitable<domain::Result<nlohmann::json>>;

// leaderboard:METRIC:PERIOD (METRIC "points": Σ weight × count), rows with `target` and `pct`
// where the rep has a target for the period.
JsonTask board_data(Context& ctx, const TeamContext& team, std::string_view metric, domain::Period period, bool wall);
JsonTask pct_board_data(Context& ctx, const TeamContext& team, const domain::topic::PctBoard& topic);
JsonTask around_data(Context& ctx, const TeamContext& team, const domain::topic::Around& topic);
JsonTask improved_data(Context& ctx, const TeamContext& team, const domain::topic::Improved& topic);
JsonTask targets_data(Context& ctx, const TeamContext& team, const std::string& rep);

// The body of PUT …/targets and the `targets` of targets.set, as changes (schema-checked before).
domain::TargetChanges target_changes(const nlohmann::json& body);

// The topics of fair scoring an activity of `metric` makes stale: every board the counts feed
// (the points board, % of target, each rep's neighbourhood, most improved, the logger's targets).
void add_scoring_topics(domain::Touched& touched, const std::string& metric, const std::string& rep);

// Marks each of `teammates` ([{id, name, role}]) with `sells`: a rep always; a manager when they
// logged anything this quarter (the pages offer only sellers as challenge and cheer targets).
asio::awaitable<domain::Status> mark_sellers(Context& ctx, const TeamContext& team, nlohmann::json& teammates);

// api/scoring_messages.cpp: the WebSocket messages targets.set (the caller's own targets) and
// prefs.set ({wall}: whether displays show the caller).
JsonTask set_own_targets(Context& ctx, const domain::Rep& caller, const nlohmann::json& message);
JsonTask set_prefs(Context& ctx, const domain::Rep& caller, const nlohmann::json& message);

}  // namespace wp::api
