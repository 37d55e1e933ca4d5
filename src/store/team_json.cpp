#include "store/team_json.hpp"

namespace wp::store {

nlohmann::json to_json(const domain::Team& team) {
    auto metrics = nlohmann::json::array();
    for (const auto& m : team.metrics) metrics.push_back({{"id", m.id}, {"label", m.label}});
    return {{"id", team.id},
            {"name", team.name},
            {"tz", team.tz},
            {"week_start", domain::to_string(team.week_start)},
            {"metrics", std::move(metrics)}};
}

domain::Result<domain::Team> team_from_json(const nlohmann::json& j) {
    try {
        auto week_start = domain::parse_week_start(j.at("week_start").get<std::string>());
        if (!week_start) return week_start.error();
        std::vector<domain::Metric> metrics;
        for (const auto& m : j.at("metrics"))
            metrics.push_back({m.at("id").get<std::string>(), m.at("label").get<std::string>()});
        return domain::make_team(j.at("id").get<std::string>(), j.at("name").get<std::string>(),
                                 j.at("tz").get<std::string>(), *week_start, std::move(metrics));
    } catch (const nlohmann::json::exception& e) {
        return domain::bad_request(std::string("team: ") + e.what());
    }
}

nlohmann::json to_json(const domain::Rep& rep) {
    return {{"id", rep.id}, {"name", rep.name}, {"role", domain::to_string(rep.role)}, {"team", rep.team}};
}

}  // namespace wp::store
