#include "store/targets_json.hpp"

namespace wp::store {

nlohmann::json to_json(const domain::Targets& targets) {
    auto out = nlohmann::json::object();
    for (const auto& [metric, target] : targets) {
        auto periods = nlohmann::json::object();
        for (auto p : domain::target_periods)
            if (auto value = target.of(p)) periods[std::string(domain::to_string(p))] = *value;
        out[metric] = std::move(periods);
    }
    return out;
}

domain::Targets targets_from_json(const nlohmann::json& j) {
    domain::Targets out;
    if (!j.is_object()) return out;
    for (const auto& [metric, periods] : j.items()) {
        if (!periods.is_object()) continue;
        domain::Target target;
        auto read = [&](const char* name) -> std::optional<std::int64_t> {
            auto it = periods.find(name);
            if (it == periods.end() || !it->is_number_integer() || it->get<std::int64_t>() <= 0) return std::nullopt;
            return it->get<std::int64_t>();
        };
        target.day = read("day");
        target.week = read("week");
        target.month = read("month");
        if (!target.empty()) out.emplace(metric, target);
    }
    return out;
}

}  // namespace wp::store
