#pragma once
// JSON forms of domain types, as stored in Redis and as sent on the wire (protocol.md).
#include <nlohmann/json.hpp>

#include "domain/team.hpp"

namespace wp::store {

nlohmann::json to_json(const domain::Team& team);  // {id, name, tz, week_start, metrics:[{id,label}]}
domain::Result<domain::Team> team_from_json(const nlohmann::json& j);
nlohmann::json to_json(const domain::Rep& rep);    // {id, name, role, team}

}  // namespace wp::store
