#include "net/origin.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "net/header_text.hpp"

namespace wp::net {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool valid_authority(std::string_view a) {
    if (a.empty()) return false;
    std::string_view host = a, port;
    if (a.front() == '[') {  // [v6]:port
        auto close = a.find(']');
        if (close == std::string_view::npos) return false;
        host = a.substr(0, close + 1);
        auto rest = a.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') return false;
            port = rest.substr(1);
            if (port.empty()) return false;
        }
    } else if (auto colon = a.rfind(':'); colon != std::string_view::npos) {
        host = a.substr(0, colon);
        port = a.substr(colon + 1);
        if (port.empty()) return false;
    }
    if (host.empty()) return false;
    if (host.front() == '[') {  // an IPv6 literal: hex digits, ':' and '.' inside the brackets
        if (host.size() < 3) return false;
        for (unsigned char c : host.substr(1, host.size() - 2))
            if (!(std::isxdigit(c) || c == ':' || c == '.')) return false;
    } else {
        for (unsigned char c : host)
            if (!(std::isalnum(c) || c == '.' || c == '-' || c == '_')) return false;
    }
    if (port.size() > 5) return false;
    for (unsigned char c : port)
        if (!std::isdigit(c)) return false;
    return true;
}

// host[:port] without the scheme's default port.
std::string strip_default_port(std::string_view authority, std::string_view scheme) {
    std::string_view suffix = scheme == "https" ? ":443" : ":80";
    if (authority.size() > suffix.size() && authority.ends_with(suffix)) authority.remove_suffix(suffix.size());
    return std::string(authority);
}

}  // namespace

std::optional<std::string> normalize_origin(std::string_view origin) {
    origin = trim_ows(origin);
    if (origin == "*") return std::string("*");
    auto text = lower(origin);
    std::string_view scheme;
    if (text.starts_with("http://")) scheme = "http";
    else if (text.starts_with("https://")) scheme = "https";
    else return std::nullopt;
    std::string authority = text.substr(scheme.size() + 3);
    if (!authority.empty() && authority.back() == '/') authority.pop_back();
    if (!valid_authority(authority)) return std::nullopt;
    return std::string(scheme) + "://" + strip_default_port(authority, scheme);
}

std::optional<std::vector<std::string>> parse_allowed_origins(std::string_view list) {
    std::vector<std::string> out;
    while (true) {
        auto comma = list.find(',');
        auto item = trim_ows(list.substr(0, comma));
        if (!item.empty()) {
            auto origin = normalize_origin(item);
            if (!origin) return std::nullopt;
            out.push_back(std::move(*origin));
        }
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return out;
}

bool origin_allowed(std::string_view origin, std::string_view host, const std::vector<std::string>& allowed) {
    if (origin.empty()) return true;  // not a browser: the token alone decides
    auto normal = normalize_origin(origin);
    if (!normal || *normal == "*") return false;  // "null" (sandboxed, file://) or garbage
    if (std::find(allowed.begin(), allowed.end(), "*") != allowed.end()) return true;
    if (std::find(allowed.begin(), allowed.end(), *normal) != allowed.end()) return true;
    auto scheme_end = normal->find("://");
    auto scheme = std::string_view(*normal).substr(0, scheme_end);
    auto authority = normal->substr(scheme_end + 3);
    auto host_text = trim_ows(host);
    if (host_text.empty()) return false;
    return strip_default_port(lower(host_text), scheme) == authority;
}

std::optional<std::string> parse_frame_ancestors(std::string_view list) {
    std::string out;
    bool none = false;
    std::size_t count = 0;
    while (!list.empty()) {
        auto space = list.find(' ');
        auto item = list.substr(0, space);
        list.remove_prefix(space == std::string_view::npos ? list.size() : space + 1);
        if (item.empty()) continue;
        ++count;
        if (item == "'none'") none = true;
        else if (item != "'self'")
            for (char c : item)
                if (!std::isalnum(static_cast<unsigned char>(c)) && !std::strchr(".:/*-_", c)) return std::nullopt;
        out += (out.empty() ? "" : " ") + std::string(item);
    }
    if (count == 0 || (none && count > 1)) return std::nullopt;
    return out;
}

std::string loggable_origin(std::string_view origin) {
    std::string shown;
    for (char c : origin.substr(0, 100))
        shown += std::isalnum(static_cast<unsigned char>(c)) || std::strchr(":/._-[]", c) ? c : '?';
    return shown;
}

}  // namespace wp::net
