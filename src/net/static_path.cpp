#include "net/static_path.hpp"

namespace wp::net {

namespace {
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        }
        if (c == '\0') return std::nullopt;
        out.push_back(c);
    }
    return out;
}

std::optional<std::string> static_path(std::string_view target) {
    if (auto q = target.find_first_of("?#"); q != std::string_view::npos) target = target.substr(0, q);
    if (target.empty() || target.front() != '/') return std::nullopt;
    if (target == "/") return "index.html";
    if (target == "/wall" || target == "/wall/") return "wall.html";
    if (target == "/admin" || target == "/admin/") return "admin.html";
    if (target == "/join" || target == "/join/") return "join.html";
    std::string path;
    std::string_view rest = target.substr(1);
    while (true) {
        auto slash = rest.find('/');
        auto raw = rest.substr(0, slash);
        // Decoding each segment on its own makes "%2f" a character inside a segment, which
        // is then refused below: an encoded slash never becomes a separator.
        auto segment = percent_decode(raw);
        if (!segment || segment->empty() || segment->front() == '.' ||
            segment->find_first_of("/\\:") != std::string::npos)
            return std::nullopt;
        for (unsigned char c : *segment)
            if (c < 0x20 || c == 0x7f) return std::nullopt;
        if (!path.empty()) path += '/';
        path += *segment;
        if (slash == std::string_view::npos) break;
        rest = rest.substr(slash + 1);
        if (rest.empty()) return std::nullopt;  // trailing slash: no directory listings
    }
    if (path.size() > 200) return std::nullopt;
    return path;
}

std::string_view content_type(std::string_view path) {
    auto dot = path.rfind('.');
    auto ext = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
    if (ext == "html") return "text/html; charset=utf-8";
    if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
    if (ext == "css") return "text/css; charset=utf-8";
    if (ext == "json") return "application/json";
    if (ext == "svg") return "image/svg+xml";
    if (ext == "png") return "image/png";
    if (ext == "ico") return "image/x-icon";
    if (ext == "webmanifest") return "application/manifest+json";
    if (ext == "woff2") return "font/woff2";
    if (ext == "txt") return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

std::map<std::string, std::string, std::less<>> parse_query(std::string_view query) {
    std::map<std::string, std::string, std::less<>> out;
    while (!query.empty()) {
        auto amp = query.find('&');
        auto pair = query.substr(0, amp);
        auto eq = pair.find('=');
        auto key = percent_decode(pair.substr(0, eq), true);
        auto value = eq == std::string_view::npos ? std::optional<std::string>("") : percent_decode(pair.substr(eq + 1), true);
        if (key && value && !key->empty()) out[*key] = *value;
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return out;
}

}  // namespace wp::net
