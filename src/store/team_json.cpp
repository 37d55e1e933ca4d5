#include "store/team_json.hpp"

namespace wp::store {

nlohmann::json metrics_json(const std::vector<domain::Metric>& metrics) {
    auto out = nlohmann::json::array();
    for (const auto& m : metrics) out.push_back({{"id", m.id}, {"label", m.label}});
    return out;
}

nlohmann::json to_json(const domain::WorkWeek& week) {
    auto days = nlohmann::json::array();
    for (auto d : week.days) days.push_back(domain::to_string(d));
    nlohmann::json quiet = nullptr;
    if (week.quiet) quiet = {{"start", domain::format_clock(week.quiet->start)}, {"end", domain::format_clock(week.quiet->end)}};
    return {{"working_days", std::move(days)}, {"quiet_hours", std::move(quiet)}};
}

domain::Result<domain::WorkWeek> work_week_from_json(const nlohmann::json& j) {
    domain::WorkWeek week;
    if (auto days = j.find("working_days"); days != j.end()) {
        if (!days->is_array()) return domain::bad_request("working_days: a list of day names");
        std::vector<std::string> names;
        for (const auto& d : *days) {
            if (!d.is_string()) return domain::bad_request("working_days: a list of day names");
            names.push_back(d.get<std::string>());
        }
        auto parsed = domain::parse_working_days(names);
        if (!parsed) return parsed.error();
        week.days = std::move(*parsed);
    }
    if (auto quiet = j.find("quiet_hours"); quiet != j.end() && !quiet->is_null()) {
        if (!quiet->is_object() || !quiet->contains("start") || !quiet->contains("end") || !(*quiet)["start"].is_string() ||
            !(*quiet)["end"].is_string())
            return domain::bad_request("quiet_hours: {start: \"HH:MM\", end: \"HH:MM\"} or null");
        auto parsed = domain::parse_quiet_hours((*quiet)["start"].get<std::string>(), (*quiet)["end"].get<std::string>());
        if (!parsed) return parsed.error();
        week.quiet = *parsed;
    }
    return week;
}

nlohmann::json to_json(const domain::Team& team) {
    auto j = to_json(team.work_week);
    j.update({{"id", team.id},
              {"name", team.name},
              {"tz", team.tz},
              {"week_start", domain::to_string(team.week_start)},
              {"metrics", metrics_json(team.metrics)},
              {"points", team.points},
              {"matchups", team.matchups ? nlohmann::json{{"metric", team.matchups->metric}} : nlohmann::json(nullptr)}});
    return j;
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
        if (!team) return team;
        if (j.contains("retired")) team->retired = read(j["retired"]);
        auto week = work_week_from_json(j);
        if (!week) return week.error();
        team->work_week = std::move(*week);
        // A team stored before weights existed weighs every metric 1.
        if (auto points = j.find("points"); points != j.end() && points->is_object())
            for (const auto& [metric, weight] : points->items())
                if (weight.is_number_integer()) team->points[metric] = weight.get<int>();
        if (j.contains("matchups") && j["matchups"].is_object())
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
