#include "store/team_json.hpp"

namespace wp::store {

nlohmann::json metrics_json(const std::vector<domain::Metric>& metrics) {
    auto out = nlohmann::json::array();
    for (const auto& m : metrics) out.push_back({{"id", m.id}, {"label", m.label}});
    return out;
}

nlohmann::json to_json(const domain::Team& team) {
    return {{"id", team.id},
            {"name", team.name},
            {"tz", team.tz},
            {"week_start", domain::to_string(team.week_start)},
            {"metrics", metrics_json(team.metrics)},
            {"working_days", domain::to_strings(team.working_days)},
            {"matchups", team.matchups ? nlohmann::json{{"metric", team.matchups->metric}} : nlohmann::json(nullptr)}};
}

nlohmann::json stored_json(const domain::Team& team) {
    auto j = to_json(team);
    j["retired"] = metrics_json(team.retired);
    return j;
}

domain::Result<domain::Team> team_from_json(const nlohmann::json& j) {
    try {
        auto week_start = domain::parse_week_start(j.at("week_start").get<std::string>());
        if (!week_start) return week_start.error();
        auto read = [](const nlohmann::json& list) {
            std::vector<domain::Metric> metrics;
            for (const auto& m : list) metrics.push_back({m.at("id").get<std::string>(), m.at("label").get<std::string>()});
            return metrics;
        };
        auto team = domain::make_team(j.at("id").get<std::string>(), j.at("name").get<std::string>(),
                                      j.at("tz").get<std::string>(), *week_start, read(j.at("metrics")));
        if (team && j.contains("retired")) team->retired = read(j["retired"]);
        if (team && j.contains("working_days")) {
            auto days = domain::parse_working_days(j["working_days"].get<std::vector<std::string>>());
            if (!days) return days.error();
            team->working_days = *days;
        }
        if (team && j.contains("matchups") && j["matchups"].is_object())
            team->matchups = domain::Matchups{j["matchups"].at("metric").get<std::string>()};
        return team;
    } catch (const nlohmann::json::exception& e) {
        return domain::bad_request(std::string("team: ") + e.what());
    }
}

nlohmann::json to_json(const domain::Rep& rep) {
    return {{"id", rep.id}, {"name", rep.name}, {"role", domain::to_string(rep.role)}, {"team", rep.team}};
}

}  // namespace wp::store
