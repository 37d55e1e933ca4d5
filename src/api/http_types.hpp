#pragma once
// HTTP requests and answers as api/ sees them: no Beast types, so handlers are testable and
// the admin command line can call the same routes.
#include <map>
#include <string>

namespace wp::api {

struct HttpRequest {
    std::string method;  // "GET", "POST", "PATCH", "PUT", "DELETE"
    std::string path;    // decoded, without the query
    std::map<std::string, std::string, std::less<>> query;
    std::string body;
    std::string bearer;  // the token from "Authorization: Bearer", or empty
    std::string peer = {};    // the client's address, for per-address limits; empty from the command line
    std::string origin = {};  // "http://host:port" as the client reached us (Host, X-Forwarded-Proto)
};

struct HttpAnswer {
    int status = 200;
    std::string body;  // JSON, or empty for 204
    std::string content_type = "application/json";
    int retry_after = 0;  // seconds, for a 429 or 503 (the Retry-After header); 0: none
};

}  // namespace wp::api
