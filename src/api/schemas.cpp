#include "api/schemas.hpp"

#include <map>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <stdexcept>

#include "store/embedded.hpp"

namespace wp::api {

Schemas::Schemas() {
    for (const auto& file : store::embedded_files()) {
        if (!file.path.starts_with("proto/") || !file.path.ends_with(".json")) continue;
        auto doc = nlohmann::json::parse(file.text, nullptr, false);
        if (doc.is_discarded()) throw std::runtime_error("invalid JSON in " + std::string(file.path));
        auto schema = std::make_unique<valijson::Schema>();
        valijson::SchemaParser parser;
        valijson::adapters::NlohmannJsonAdapter adapter(doc);
        parser.populateSchema(adapter, *schema);
        auto name = file.path.substr(6, file.path.size() - 6 - 5);
        schemas_.emplace(std::string(name), std::move(schema));
    }
}

Schemas::~Schemas() = default;

const Schemas& Schemas::instance() {
    static const Schemas schemas;
    return schemas;
}

bool Schemas::has(std::string_view name) const { return schemas_.find(name) != schemas_.end(); }

domain::Status Schemas::check(std::string_view name, const nlohmann::json& value) const {
    auto it = schemas_.find(name);
    if (it == schemas_.end()) throw std::logic_error("no schema proto/" + std::string(name) + ".json");
    // valijson's Validator caches each compiled `pattern` regex; one per thread keeps that
    // cache across messages (a fresh one per message compiled every regex every time).
    thread_local valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter adapter(value);
    if (validator.validate(*it->second, adapter, &results)) return domain::ok();
    // valijson reports the outermost failure first; the deepest one names the field best.
    std::string field, description;
    std::size_t depth = 0;
    for (const auto& e : results) {
        if (e.context.size() >= depth) {
            depth = e.context.size();
            field.clear();
            for (const auto& c : e.context) {
                if (c == "<root>") continue;
                auto part = c;
                if (part.size() > 2 && part.front() == '[' && part.back() == ']') part = part.substr(1, part.size() - 2);
                if (part.size() > 1 && part.front() == '"' && part.back() == '"') part = part.substr(1, part.size() - 2);
                if (!field.empty()) field += '.';
                field += part;
            }
            description = e.description;
        }
    }
    if (field.empty()) field = "message";
    // valijson says which keyword failed ("Failed to match regex specified by 'pattern'
    // constraint."); for the fields people get wrong, say the rule instead.
    static const std::map<std::string, std::string, std::less<>> rules{
        {"id", "1-64 characters of [A-Za-z0-9_-]"},
        {"metric", "a metric id, 1-32 characters of [a-z0-9_-]"},
        {"delta", "a whole number in -100..100, not 0"},
        {"req", "a string of at most 64 characters, or an integer"},
        {"challenge", "a challenge id, 1-32 characters of [a-z0-9_-]"},
        {"to", "a rep id, 1-32 characters of [a-z0-9_-]"},
        {"topic", "a topic name such as leaderboard:calls:week"},
        {"target", "a whole number in 1..1000000"},
        {"stakes", "text of at most 140 characters"},
        {"text", "text of at most 140 characters"},
        {"commitment", "text of 1-500 characters"},
        {"reflection", "text of at most 1000 characters"},
        {"at", "an RFC 3339 time such as 2026-11-24T09:14:03Z"},
    };
    auto last = field.substr(field.rfind('.') == std::string::npos ? 0 : field.rfind('.') + 1);
    if (auto rule = rules.find(last); rule != rules.end() && description.find("required") == std::string::npos)
        description = rule->second;
    // `id` is a client-chosen activity id in a log, and an entity id (team, rep, metric) elsewhere.
    bool activity_id = name == "ws/client/log" || name.starts_with("http/activit");
    if (last == "id" && !activity_id && description.find("required") == std::string::npos)
        description = "1-32 characters of [a-z0-9_-]";
    return domain::bad_request(field + ": " + description);
}

}  // namespace wp::api
