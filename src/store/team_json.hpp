#pragma once
// JSON forms of domain types, as stored in Redis and as sent on the wire (protocol.md).
#include <nlohmann/json.hpp>

#include "domain/team.hpp"

namespace wp::store {

nlohmann::json to_json(const domain::Team& team);      // the wire: {id, name, tz, week_start, metrics:[{id,label}], working_days}
nlohmann::json stored_json(const domain::Team& team);  // to_json's and the retired metrics
nlohmann::json metrics_json(const std::vector<domain::Metric>& metrics);  // [{id, label}]
domain::Result<domain::Team> team_from_json(const nlohmann::json& j);     // either form
nlohmann::json to_json(const domain::Rep& rep);        // {id, name, role, team}

}  // namespace wp::store
