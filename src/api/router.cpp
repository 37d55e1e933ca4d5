#include "api/router.hpp"

#include <algorithm>

namespace wp::api {

namespace {

// "/api/v1/teams/demo/reps" -> {"api","v1","teams","demo","reps"}.
std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    while (!path.empty()) {
        if (path.front() == '/') {
            path.remove_prefix(1);
            continue;
        }
        auto slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash);
    }
    return out;
}

bool is_code_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// Whether `path` fits `pattern`; fills the parameters when it does.
bool fits(std::string_view pattern, const std::vector<std::string_view>& parts, Params& params) {
    auto want = segments(pattern);
    if (want.size() != parts.size()) return false;
    Params found;
    for (std::size_t i = 0; i < want.size(); ++i) {
        if (want[i].starts_with('{') && want[i].ends_with('}')) {
            if (parts[i].empty()) return false;
            found.set(std::string(want[i].substr(1, want[i].size() - 2)), std::string(parts[i]));
        } else if (want[i] != parts[i]) {
            return false;
        }
    }
    params = std::move(found);
    return true;
}

}  // namespace

const std::string& Params::operator[](std::string_view name) const {
    static const std::string none;
    auto it = values_.find(name);
    return it == values_.end() ? none : it->second;
}

std::optional<Router::Match> Router::match(std::string_view method, std::string_view path) const {
    auto parts = segments(path);
    std::optional<Match> found;
    for (const auto& route : routes_) {
        Params params;
        if (!fits(route.pattern, parts, params)) continue;
        if (!found) found.emplace();
        if (route.method == method) {
            found->route = &route;
            found->params = std::move(params);
            return found;
        }
        found->allowed.push_back(route.method);
    }
    return found;
}

domain::Status Router::check_params(const Route& route, const Params& params) {
    for (auto part : segments(route.pattern)) {
        if (!part.starts_with('{')) continue;
        auto name = part.substr(1, part.size() - 2);
        const auto& value = params[name];
        if (name == "code") {
            bool fine = value.size() >= 12 && value.size() <= 128 &&
                        std::all_of(value.begin(), value.end(), is_code_char);
            if (!fine) return domain::bad_request("code: 12-128 characters of [A-Za-z0-9_-]");
            continue;
        }
        if (name == "pairing") {
            bool fine = value.size() == 6 && std::all_of(value.begin(), value.end(), [](char c) {
                            return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
                        });
            if (!fine) return domain::bad_request("pairing: the 6 characters of [A-Z0-9] the TV shows");
            continue;
        }
        // {id} names a challenge; every other parameter is named for what it identifies.
        if (auto ok = domain::check_id(name == "id" ? "challenge" : name, value); !ok) return ok;
    }
    return domain::ok();
}

bool administers(const Caller& caller, std::string_view team_id) {
    return caller.server_admin || (caller.rep.role == domain::Role::admin && caller.rep.team == team_id);
}

domain::Status check_body(const Context& context, const HttpCall& call, std::string_view schema) {
    if (!call.body.is_object()) return domain::bad_request("body: a JSON object");
    return context.schemas().check(schema, call.body);
}

}  // namespace wp::api
