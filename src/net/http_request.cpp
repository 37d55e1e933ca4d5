#include "net/http_request.hpp"

#include <boost/beast/core/string.hpp>

#include "net/static_path.hpp"

namespace wp::net {

void apply_limits(RequestParser& parser, const NetOptions& options) {
    parser.body_limit(options.max_body);
    parser.header_limit(static_cast<std::uint32_t>(options.max_header));
}

Target split_target(std::string_view target) {
    auto q = target.find('?');
    if (q == std::string_view::npos) return {target, {}};
    return {target.substr(0, q), target.substr(q + 1)};
}

std::string bearer_of(const Request& req) {
    auto auth = req[http::field::authorization];
    constexpr std::string_view scheme = "Bearer ";
    if (auth.size() > scheme.size() && boost::beast::iequals(auth.substr(0, scheme.size()), scheme))
        return std::string(auth.substr(scheme.size()));
    return {};
}

std::string upgrade_token(const Request& req) {
    auto token = bearer_of(req);
    if (!token.empty()) return token;
    constexpr std::string_view prefix = "wolfpack.token.";
    for (auto p : http::token_list(req[http::field::sec_websocket_protocol]))
        if (p.size() > prefix.size() && p.substr(0, prefix.size()) == prefix) return std::string(p.substr(prefix.size()));
    auto query = split_target(req.target()).query;
    if (query.empty()) return {};
    auto q = parse_query(query);
    if (auto t = q.find("token"); t != q.end()) return t->second;
    return {};
}

std::string origin_of(const Request& req) {
    std::string scheme = boost::beast::iequals(req["X-Forwarded-Proto"], "https") ? "https" : "http";
    auto host = req[http::field::host];
    return scheme + "://" + (host.empty() ? std::string("localhost") : std::string(host));
}

domain::Result<api::HttpRequest> api_request(const Request& req, std::string peer) {
    auto [raw_path, query] = split_target(req.target());
    auto path = percent_decode(raw_path);
    if (!path) return domain::bad_request("path: malformed percent escape");
    return api::HttpRequest{std::string(req.method_string()), std::move(*path), parse_query(query), req.body(),
                            bearer_of(req), std::move(peer), origin_of(req)};
}

}  // namespace wp::net
