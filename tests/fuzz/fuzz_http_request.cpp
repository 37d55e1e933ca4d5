// libFuzzer: the HTTP request path as the server runs it. Bytes -> Beast's request parser with
// the server's limits (request line, headers, body) -> net/http_request's readers (target and
// query, bearer and WebSocket tokens, the api/ request) and the static-file mapping and Origin
// check the server applies next. Besides crashes and sanitizer reports it checks what they
// promise: a decoded api/ path holds no query and no NUL, no query key is empty, a static path
// never leaves the web root.
#include <boost/asio/buffer.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz/promises.hpp"
#include "net/http_request.hpp"
#include "net/origin.hpp"
#include "net/static_path.hpp"

namespace {

using namespace wp::net;
using wp::fuzz::require;
using wp::fuzz::require_inside_root;

const NetOptions& options() {
    static const NetOptions o = [] {
        NetOptions n;
        n.max_body = 4096;  // the inputs are at most -max_len; a smaller limit reaches body_limit
        n.max_header = 2048;
        return n;
    }();
    return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    RequestParser parser;
    apply_limits(parser, options());
    parser.eager(true);
    boost::beast::error_code ec;
    boost::asio::const_buffer input(data, size);
    while (input.size() > 0 && !parser.is_done()) {
        auto used = parser.put(input, ec);
        if (ec) return 0;  // malformed, or over a limit: the server answers 400/413/431 and reads no further
        if (used == 0) return 0;
        input += used;
    }
    if (!parser.is_done()) return 0;  // the server waits for the rest
    const auto& req = parser.get();

    auto [path, query] = split_target(req.target());
    require(path.find('?') == std::string_view::npos);
    require(path.size() + (query.empty() ? 0 : query.size() + 1) <= req.target().size());
    (void)bearer_of(req);
    (void)upgrade_token(req);
    (void)boost::beast::websocket::is_upgrade(req);
    if (auto api = api_request(req, "fuzz")) {
        require(api->path.size() <= path.size());
        require(api->path.find('\0') == std::string::npos);
        for (const auto& [key, value] : api->query) require(!key.empty());
        require(api->body == req.body());
    }
    if (auto rel = static_path(req.target())) require_inside_root(*rel);
    (void)origin_allowed(req[http::field::origin], req[http::field::host], {});
    return 0;
}
