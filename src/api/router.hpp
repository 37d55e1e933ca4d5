#pragma once
// The REST API's routes as a table: method + path pattern -> handler, with who may call it.
// Path parameters ({team}, {rep}, {pair}, {id}, {code}) are checked by the same rules as ids in
// bodies, so a malformed one is a 400 naming the rule and never reaches Redis.
#include <boost/asio/awaitable.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/context.hpp"
#include "api/http_types.hpp"

namespace wp::api {

enum class Access {
    open,          // no token: setup and sign-in
    token,         // any valid token; the handler decides what it may see
    team_admin,    // the {team}'s admin (role admin of that team) or the server admin
    server_admin,  // the server-wide admin token only
};

class Params {
public:
    void set(std::string name, std::string value) { values_[std::move(name)] = std::move(value); }
    const std::string& operator[](std::string_view name) const;  // "" when absent
private:
    std::map<std::string, std::string, std::less<>> values_;
};

struct HttpCall {
    const Caller* caller;  // null on open routes called without a token
    const HttpRequest& request;
    const nlohmann::json& body;  // null when the request had none
    Params params;
};

using Handler = asio::awaitable<HttpAnswer> (*)(Context&, const HttpCall&);

struct Route {
    std::string_view method;   // "GET", "POST", "PATCH", "PUT", "DELETE"
    std::string_view pattern;  // "/api/v1/teams/{team}/reps/{rep}/invite"
    Access access;
    Handler handler;
};

class Router {
public:
    explicit Router(std::vector<Route> routes) : routes_(std::move(routes)) {}

    struct Match {
        const Route* route = nullptr;  // null: no route for this method
        Params params;
        std::vector<std::string_view> allowed;  // the methods the path has, when route is null
    };
    // Nothing when no pattern has this path at all.
    std::optional<Match> match(std::string_view method, std::string_view path) const;
    // The parameters' id rules; an error names the parameter and the rule.
    static domain::Status check_params(const Route& route, const Params& params);

private:
    std::vector<Route> routes_;
};

// Each resource's routes (one file each: routes_*.cpp).
std::vector<Route> team_routes();
std::vector<Route> people_routes();
std::vector<Route> pair_routes();
std::vector<Route> session_routes();
std::vector<Route> report_routes();
std::vector<Route> activity_routes();
std::vector<Route> scoring_routes();  // targets and the score audit (routes_scoring.cpp)
std::vector<Route> partner_routes();
std::vector<Route> display_routes();

// Whether the caller administers `team_id` (its admin, or the server admin).
bool administers(const Caller& caller, std::string_view team_id);
// The body as an object checked against a proto/ schema.
domain::Status check_body(const Context& context, const HttpCall& call, std::string_view schema);

}  // namespace wp::api
