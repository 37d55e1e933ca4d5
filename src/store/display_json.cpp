#include "store/display_json.hpp"

namespace wp::store {

nlohmann::json to_json(const std::vector<domain::Slide>& slides) {
    auto out = nlohmann::json::array();
    for (const auto& s : slides) {
        nlohmann::json j{{"slide", domain::to_string(s.kind)}, {"seconds", s.seconds}};
        if (s.metric) j["metric"] = *s.metric;
        if (s.period) j["period"] = domain::to_string(*s.period);
        out.push_back(std::move(j));
    }
    return out;
}

std::vector<domain::SlideRequest> slide_requests(const nlohmann::json& list) {
    std::vector<domain::SlideRequest> out;
    if (!list.is_array()) return out;
    for (const auto& j : list) {
        if (!j.is_object()) continue;
        domain::SlideRequest r{j.value("slide", ""), j.value("seconds", std::int64_t{0}), std::nullopt, std::nullopt};
        if (j.contains("metric") && j["metric"].is_string()) r.metric = j["metric"].get<std::string>();
        if (j.contains("period") && j["period"].is_string()) r.period = j["period"].get<std::string>();
        out.push_back(std::move(r));
    }
    return out;
}

std::optional<std::vector<domain::Slide>> slides_from_json(const nlohmann::json& j) {
    if (!j.is_array() || j.empty()) return std::nullopt;
    std::vector<domain::Slide> slides;
    for (const auto& r : slide_requests(j)) {
        // Checked when stored; read back without the team, so only the shape is checked here
        // (domain::playable drops slides about metrics since retired).
        auto kind = domain::parse_slide_kind(r.slide);
        if (!kind || r.seconds < domain::min_slide_seconds || r.seconds > domain::max_slide_seconds) continue;
        domain::Slide s{*kind, static_cast<int>(r.seconds), std::nullopt, std::nullopt};
        s.metric = r.metric;
        if (r.period) s.period = domain::parse_period(*r.period);
        slides.push_back(std::move(s));
    }
    if (slides.empty()) return std::nullopt;
    return slides;
}

}  // namespace wp::store
