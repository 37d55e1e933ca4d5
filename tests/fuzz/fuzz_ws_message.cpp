// libFuzzer: the WebSocket message path without Redis. Bytes -> JSON parse -> the envelope
// and per-type schemas of proto/ -> the conversions api/ makes from a validated message ->
// the domain checks (make_activity for `log`, make_challenge for `challenge.create`).
// A crash, a sanitizer report or an escaping exception (a schema that lets through what a
// handler's .get<T>() cannot take) is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/schemas.hpp"
#include "domain/activity.hpp"
#include "domain/calendar.hpp"
#include "domain/challenge.hpp"
#include "domain/team.hpp"
#include "domain/time.hpp"

namespace {

using nlohmann::json;
using namespace wp;

struct World {
    domain::Team team{"alpha", "Alpha", "Europe/London", domain::WeekStart::monday,
                      {{"calls", "Calls"}, {"appointments", "Appointments"}, {"proposals", "Proposals"}}};
    domain::Calendar calendar = *domain::Calendar::make("Europe/London", domain::WeekStart::monday);
    std::vector<std::string> teammates{"natalie", "jake", "priya", "boss"};
    // A fixed "now", so a finding replays the same way.
    domain::TimePoint now = *domain::parse_rfc3339("2026-11-24T09:14:03Z");
};

// What api::Api::log does with a message the `log` schema accepted.
void log_path(const World& w, const json& m) {
    domain::LogRequest request{m["metric"].get<std::string>(), m.value("delta", std::int64_t{1}),
                               m["id"].get<std::string>(), std::nullopt};
    if (m.contains("at")) request.at = m["at"].get<std::string>();
    (void)domain::make_activity(w.team, "natalie", request, w.now);
}

// What api::Api::create_challenge does with a message the `challenge.create` schema accepted.
void challenge_path(const World& w, const json& m) {
    domain::ChallengeRequest request;
    request.metric = m["metric"].get<std::string>();
    request.kind = m["kind"].get<std::string>();
    for (const auto& p : m["participants"]) request.participants.push_back(p.get<std::string>());
    const auto& window = m["window"];
    if (window.contains("period")) request.period = window["period"].get<std::string>();
    if (window.contains("start")) request.start = window["start"].get<std::string>();
    if (window.contains("end")) request.end = window["end"].get<std::string>();
    if (m.contains("target")) request.target = m["target"].get<std::int64_t>();
    if (m.contains("stakes")) request.stakes = m["stakes"].get<std::string>();
    (void)domain::make_challenge(w.team, w.calendar, "natalie", request, w.now, w.teammates);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const World world;
    static const auto& schemas = api::Schemas::instance();
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto message = json::parse(text, nullptr, false);
    if (message.is_discarded()) return 0;
    // The other text fields api/ reads are checked with the same domain functions.
    if (!schemas.check("ws/client/envelope", message)) return 0;
    const auto type = message["type"].get<std::string>();
    const auto schema = "ws/client/" + type;
    if (type == "envelope" || !schemas.has(schema)) return 0;
    if (!schemas.check(schema, message)) return 0;
    if (type == "log") log_path(world, message);
    else if (type == "challenge.create") challenge_path(world, message);
    else if (type == "subscribe" || type == "unsubscribe") {
        auto topic = message["topic"].get<std::string>();
        if (auto colon = topic.rfind(':'); colon != std::string::npos) {
            (void)domain::parse_period(std::string_view(topic).substr(colon + 1));
            (void)domain::is_valid_id(std::string_view(topic).substr(colon + 1));
        }
    } else if (type == "cheer") {
        (void)domain::is_valid_id(message["to"].get<std::string>());
    } else if (type == "challenge.accept" || type == "challenge.decline" || type == "challenge.cancel") {
        (void)domain::is_valid_id(message["challenge"].get<std::string>());
    }
    return 0;
}
