#pragma once
// Which browser pages may open a WebSocket: the Origin check of the upgrade. No Beast here,
// so the fuzzer builds it on its own.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wp::net {

// "HTTPS://Wall.Example.com:443/" -> "https://wall.example.com"; "*" stays "*". nullopt for
// anything that is not scheme://host[:port] with scheme http or https (or "*").
std::optional<std::string> normalize_origin(std::string_view origin);

// Parses the `allowed_origins` setting: comma-separated origins, blanks ignored.
// nullopt names nothing; the caller reports the key.
std::optional<std::vector<std::string>> parse_allowed_origins(std::string_view list);

// An upgrade without an Origin header (not a browser) is allowed. A browser's is allowed when
// its host[:port] is the Host header's (same origin; the scheme is not compared, since TLS
// usually ends at a proxy), or when it is listed in `allowed` (normalised), or `allowed`
// holds "*".
bool origin_allowed(std::string_view origin, std::string_view host, const std::vector<std::string>& allowed);

// Checks `http.frame_ancestors`, the pages that may frame ours (a CSP source list): "'none'"
// alone, or space-separated "'self'" and sources such as https://intranet.example.com or
// https://*.example.com. Returns it with single spaces; nullopt for anything else (a ';' or
// ',' would smuggle in other directives).
std::optional<std::string> parse_frame_ancestors(std::string_view list);

// The client's Origin text for a log line: at most 100 characters, anything but letters, digits
// and :/._-[] shown as '?', so a crafted header cannot forge log fields.
std::string loggable_origin(std::string_view origin);

}  // namespace wp::net
