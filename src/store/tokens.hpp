#pragma once
// Access tokens: 32 random bytes, base64url; only their SHA-256 is ever stored.
#include <cstddef>
#include <string>
#include <string_view>

namespace wp::store {

std::string new_token();                             // 43 characters of base64url
// A code a person reads off a screen and types: `length` characters of
// "23456789ABCDEFGHJKLMNPQRSTUVWXYZ" (no 0/O or 1/I to mix up).
std::string new_pairing_code(std::size_t length = 6);
inline constexpr std::string_view pairing_alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
std::string token_hash(std::string_view token);      // lower-case hex SHA-256
bool same_hash(std::string_view a, std::string_view b);  // constant time
std::string sha1_hex(std::string_view text);         // for EVALSHA

}  // namespace wp::store
