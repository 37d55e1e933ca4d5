#pragma once
// gzip for the static files: whether a request's Accept-Encoding takes it, which types are worth
// it, and the compression itself (zlib, done once per file version and kept in memory).
#include <cstddef>
#include <string>
#include <string_view>

namespace wp::net {

// RFC 9110 12.5.3: "gzip" or "x-gzip" with q > 0, or "*" with q > 0 when gzip is not named.
bool accepts_gzip(std::string_view accept_encoding);

// Text-like types only: png, jpeg, woff2 and unknown bytes are compressed already or may be.
// Files under min_gzip_bytes fit in a packet or two either way.
constexpr std::size_t min_gzip_bytes = 1024;
bool worth_gzip(std::string_view content_type, std::size_t size);

std::string gzip(std::string_view data);  // the whole member, level 9

}  // namespace wp::net
