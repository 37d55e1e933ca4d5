#pragma once
// Access tokens: 32 random bytes, base64url; only their SHA-256 is ever stored.
#include <string>
#include <string_view>

namespace wp::store {

std::string new_token();                             // 43 characters of base64url
std::string token_hash(std::string_view token);      // lower-case hex SHA-256
bool same_hash(std::string_view a, std::string_view b);  // constant time
std::string sha1_hex(std::string_view text);         // for EVALSHA

}  // namespace wp::store
