#pragma once
// How the server reads an HTTP request: the parser's limits, then the target's path and query,
// the bearer token, the WebSocket token and the api/ request it becomes. Beast parses the
// request line and headers; everything the server does with them is here, so the fuzzer
// (tests/fuzz/fuzz_http_request.cpp) runs exactly what the server runs.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>
#include <string_view>

#include "api/http_types.hpp"
#include "domain/result.hpp"
#include "net/options.hpp"

namespace wp::net {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using RequestParser = http::request_parser<http::string_body>;

// limits.max_body_bytes and limits.max_header_bytes.
void apply_limits(RequestParser& parser, const NetOptions& options);

struct Target {
    std::string_view path;   // raw: not percent-decoded
    std::string_view query;  // after the first '?', without it; empty when none
};
Target split_target(std::string_view target);

// The token of "Authorization: Bearer TOKEN" (scheme case-insensitive), or empty.
std::string bearer_of(const Request& req);
// A WebSocket upgrade's token: the bearer, else the subprotocol wolfpack.token.TOKEN (the pages:
// browsers cannot set headers on a WebSocket, and a URL reaches access logs), else ?token=
// (non-browser clients), or empty.
std::string upgrade_token(const Request& req);

// "http://host:port" as the client reached this server (Host, X-Forwarded-Proto: https): the
// base of the links the API hands out.
std::string origin_of(const Request& req);

// The api/ request for a target under /api/: the decoded path, the query, the body, the bearer,
// the client's address and origin. bad_request when the path holds a malformed escape.
domain::Result<api::HttpRequest> api_request(const Request& req, std::string peer);

}  // namespace wp::net
