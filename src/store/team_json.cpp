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
            {"points", team.points},
            {"working_days", domain::working_day_names(team.working_days)},
            {"quiet_hours", team.quiet_hours ? nlohmann::json{{"start", domain::format_clock(team.quiet_hours->start)},
                                                              {"end", domain::format_clock(team.quiet_hours->end)}}
                                             : nlohmann::json(nullptr)}};
}

nlohmann::json stored_json(const domain::Team& team) {
    auto j = to_json(team);
    j["retired"] = metrics_json(team.retired);
    return j;
}

namespace {
// points, working_days and quiet_hours, when the stored team has them (teams stored before they
// existed keep the defaults).
domain::Status read_working_week(const nlohmann::json& j, domain::Result<domain::Team>& team) {
    if (!team) return domain::ok();
    if (auto points = j.find("points"); points != j.end() && points->is_object())
        for (const auto& [metric, weight] : points->items())
            if (weight.is_number_integer()) team->points[metric] = weight.get<int>();
    if (auto days = j.find("working_days"); days != j.end()) {
        auto parsed = domain::parse_working_days(days->get<std::vector<std::string>>());
        if (!parsed) return parsed.error();
        team->working_days = *parsed;
    }
    if (auto quiet = j.find("quiet_hours"); quiet != j.end() && quiet->is_object()) {
        auto parsed = domain::make_quiet_hours(quiet->at("start").get<std::string>(), quiet->at("end").get<std::string>());
        if (!parsed) return parsed.error();
        team->quiet_hours = *parsed;
    }
    return domain::ok();
}
}  // namespace

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
        if (auto ok = read_working_week(j, team); !ok) return ok.error();
        return team;
    } catch (const nlohmann::json::exception& e) {
        return domain::bad_request(std::string("team: ") + e.what());
    }
}

nlohmann::json to_json(const domain::Rep& rep) {
    return {{"id", rep.id}, {"name", rep.name}, {"role", domain::to_string(rep.role)}, {"team", rep.team}};
}

}  // namespace wp::store
