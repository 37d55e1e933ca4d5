#include "net/validators.hpp"

#include <openssl/sha.h>

namespace wp::net {

std::string content_etag(std::string_view bytes, std::string_view suffix) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    // 128 of the 256 bits, 6 at a time: 22 characters, the last one 2 bits short.
    std::string tag = "\"";
    for (int bit = 0; bit < 128; bit += 6) {
        unsigned value = 0;
        for (int b = bit; b < bit + 6; ++b) value = (value << 1) | (b < 128 ? (digest[b / 8] >> (7 - b % 8)) & 1u : 0u);
        tag += alphabet[value];
    }
    if (!suffix.empty()) tag += "-" + std::string(suffix);
    return tag + "\"";
}

bool none_match_hits(std::string_view header, std::string_view etag) {
    while (!header.empty()) {
        auto comma = header.find(',');
        auto item = header.substr(0, comma);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
        if (item == "*") return true;
        if (item.starts_with("W/")) item.remove_prefix(2);
        if (item == etag) return true;
        if (comma == std::string_view::npos) break;
        header.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace wp::net
