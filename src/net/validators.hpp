#pragma once
// The static files' validators: a strong ETag from the bytes' SHA-256, one per representation
// (identity and gzip are different bytes), and If-None-Match's weak comparison (RFC 9110 13.1.2).
#include <string>
#include <string_view>

namespace wp::net {

// "\"<22 base64url characters>\"" for the identity bytes; "\"<same>-gzip\"" for their gzip.
std::string content_etag(std::string_view bytes, std::string_view suffix = "");

// True when the header is "*" or lists `etag` (with or without W/).
bool none_match_hits(std::string_view if_none_match, std::string_view etag);

}  // namespace wp::net
