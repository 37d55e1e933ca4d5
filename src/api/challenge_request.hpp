#pragma once
// What a challenge.create message asks for, read once for both kinds of challenge (between reps
// and pair against pair): the message has passed its schema.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/challenge.hpp"
#include "store/store.hpp"

namespace wp::api {

inline domain::ChallengeRequest challenge_request(const nlohmann::json& m) {
    domain::ChallengeRequest request;
    request.metric = m["metric"].get<std::string>();
    request.kind = m["kind"].get<std::string>();
    if (m.contains("participants"))
        for (const auto& p : m["participants"]) request.participants.push_back(p.get<std::string>());
    const auto& window = m["window"];
    if (window.contains("period")) request.period = window["period"].get<std::string>();
    if (window.contains("start")) request.start = window["start"].get<std::string>();
    if (window.contains("end")) request.end = window["end"].get<std::string>();
    if (m.contains("target")) request.target = m["target"].get<std::int64_t>();
    if (m.contains("stakes")) request.stakes = m["stakes"].get<std::string>();
    return request;
}

// The reps who may take part in challenges: every live rep of the roster but displays.
inline std::vector<std::string> challengers(const store::Roster& roster) {
    std::vector<std::string> out;
    for (const auto& r : roster.reps)
        if (r.role != domain::Role::display) out.push_back(r.id);
    return out;
}

}  // namespace wp::api
