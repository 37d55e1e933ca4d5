// libFuzzer: the WebSocket message path without Redis. Bytes -> JSON parse -> the envelope
// and per-type schemas of proto/ -> the decoders api/ itself uses (api/decoders.cpp) -> the
// domain checks (make_activity for `log`, make_challenge for `challenge.create`).
// A crash, a sanitizer report or an escaping exception (a schema that lets through what a
// handler's .get<T>() cannot take) is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/decoders.hpp"
#include "domain/topic.hpp"
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const World world;
    static const auto& schemas = api::Schemas::instance();
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto message = json::parse(text, nullptr, false);
    if (message.is_discarded()) return 0;
    // One item of POST /api/v1/activities goes through the same decoder as `log`.
    if (schemas.check("http/activity", message))
        (void)domain::make_activity(world.team, "natalie", api::decode_log(message), world.now);
    if (!schemas.check("ws/client/envelope", message)) return 0;
    const auto type = message["type"].get<std::string>();
    const auto schema = "ws/client/" + type;
    if (type == "envelope" || !schemas.has(schema)) return 0;
    if (!schemas.check(schema, message)) return 0;
    if (type == "log") {
        (void)domain::make_activity(world.team, "natalie", api::decode_log(message), world.now);
    } else if (type == "challenge.create") {
        (void)domain::make_challenge(world.team, world.calendar, "natalie", api::decode_challenge(message), world.now,
                                     world.teammates);
    } else if (type == "subscribe" || type == "unsubscribe") {
        (void)domain::parse_topic(message["topic"].get<std::string>(), world.team, "natalie");
    } else if (type == "cheer") {
        (void)domain::is_valid_id(message["to"].get<std::string>());
        (void)api::check_cheer_text(message.value("text", std::string()));
    } else if (type == "challenge.accept" || type == "challenge.decline" || type == "challenge.cancel") {
        (void)domain::is_valid_id(message["challenge"].get<std::string>());
    }
    return 0;
}
