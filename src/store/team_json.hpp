#pragma once
// JSON forms of domain types, as stored in Redis and as sent on the wire (protocol.md).
#include <nlohmann/json.hpp>

#include "domain/team.hpp"

namespace wp::store {

// The wire: {id, name, tz, week_start, metrics:[{id,label}], working_days:["mon",...], quiet_hours:{start,end}|null,
// matchups:{metric}|null}.
nlohmann::json to_json(const domain::Team& team);
nlohmann::json to_json(const domain::WorkWeek& week);  // {working_days, quiet_hours}
// working_days and quiet_hours as the wire and PATCH carry them; absent fields keep the defaults.
domain::Result<domain::WorkWeek> work_week_from_json(const nlohmann::json& j);
nlohmann::json stored_json(const domain::Team& team);  // to_json's and the retired metrics
nlohmann::json metrics_json(const std::vector<domain::Metric>& metrics);  // [{id, label}]
domain::Result<domain::Team> team_from_json(const nlohmann::json& j);     // either form
nlohmann::json to_json(const domain::Rep& rep);        // {id, name, role, team}

}  // namespace wp::store
