#include "api/schemas.hpp"

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
    valijson::Validator validator;
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
    return domain::bad_request(field + ": " + description);
}

}  // namespace wp::api
