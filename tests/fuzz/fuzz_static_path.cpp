// libFuzzer: the HTTP path normaliser (static_path, percent_decode, parse_query) and the
// WebSocket Origin check, and the readers behind the pages' preload list (module imports, a
// page's module scripts, module URLs: web/ is trusted, but a file they trip on must not stop
// the server). Besides crashes and sanitizer reports, it checks the promises
// static_path makes: a path it accepts never leaves the web root.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz/promises.hpp"
#include "net/module_imports.hpp"
#include "net/origin.hpp"
#include "net/static_path.hpp"

using wp::fuzz::require;
using wp::fuzz::require_inside_root;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto path = wp::net::static_path(text)) {
        require_inside_root(*path);
        (void)wp::net::content_type(*path);
    }
    if (auto decoded = wp::net::percent_decode(text)) require(decoded->size() <= text.size());
    for (const auto& [key, value] : wp::net::parse_query(text)) require(!key.empty());

    // The Origin check: split the input into an Origin and a Host at the first newline.
    auto nl = text.find('\n');
    auto origin = text.substr(0, nl);
    auto host = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (auto normal = wp::net::normalize_origin(origin)) require(wp::net::normalize_origin(*normal) == normal);
    (void)wp::net::origin_allowed(origin, host, {});
    (void)wp::net::origin_allowed(origin, host, {"https://wall.example.com"});
    if (auto list = wp::net::parse_allowed_origins(text))
        for (const auto& o : *list) require(wp::net::normalize_origin(o) == o);

    for (const auto& specifier : wp::net::module_imports(text))
        if (auto url = wp::net::module_url("/js/views/x.js", specifier)) require(url->starts_with("/"));
    (void)wp::net::page_module_scripts(text);
    return 0;
}
