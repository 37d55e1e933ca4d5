#pragma once
// Maps a request target to a file under the web root, or refuses it. No Beast here, so the
// fuzzer and unit tests build in seconds.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace wp::net {

// Percent-decodes `text`; nullopt on a malformed escape or a decoded NUL.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);

// "/" -> "index.html", "/wall" -> "wall.html", "/app/x.js?v=1" -> "app/x.js".
// nullopt (answer 404) for anything that could leave the web root or is odd: "..", "." or
// empty segments after decoding, encoded slashes or backslashes, NUL, hidden files.
std::optional<std::string> static_path(std::string_view target);

std::string_view content_type(std::string_view path);  // by extension

// Splits "a=1&b=two%20words" into decoded pairs (later duplicates win).
std::map<std::string, std::string, std::less<>> parse_query(std::string_view query);

}  // namespace wp::net
