#pragma once
// The JSON Schemas of proto/, compiled once at start: the one contract every incoming
// message is checked against (and, in tests, every outgoing frame).
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/result.hpp"

namespace valijson { class Schema; }

namespace wp::api {

class Schemas {
public:
    Schemas();  // compiles every embedded proto/**/*.json
    ~Schemas();
    Schemas(const Schemas&) = delete;
    Schemas& operator=(const Schemas&) = delete;

    // name: a path under proto/ without ".json", e.g. "ws/client/log".
    // Failure: bad_request whose message names the field and the rule.
    domain::Status check(std::string_view name, const nlohmann::json& value) const;
    bool has(std::string_view name) const;

    static const Schemas& instance();  // read-only after construction: safe from every loop

private:
    std::map<std::string, std::unique_ptr<valijson::Schema>, std::less<>> schemas_;
};

}  // namespace wp::api
