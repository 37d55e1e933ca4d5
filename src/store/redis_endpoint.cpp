#include "store/redis_endpoint.hpp"

#include <charconv>

namespace wp::store {

namespace {
bool parse_int(std::string_view text, int& out) {
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && p == text.data() + text.size();
}
domain::Error bad_url(std::string_view why) {
    return domain::bad_request(std::string("redis.url: ") + std::string(why) +
                               " (redis://[:password@]host:port[/db] or unix:///path)");
}
}  // namespace

std::string RedisEndpoint::describe() const {
    if (!unix_path.empty()) return "unix://" + unix_path + (db ? "?db=" + std::to_string(db) : "");
    return "redis://" + host + ":" + std::to_string(port) + (db ? "/" + std::to_string(db) : "");
}

domain::Result<RedisEndpoint> RedisEndpoint::parse(std::string_view url) {
    RedisEndpoint ep;
    if (url.starts_with("unix://")) {
        auto rest = url.substr(7);
        if (auto q = rest.find("?db="); q != std::string_view::npos) {
            if (!parse_int(rest.substr(q + 4), ep.db) || ep.db < 0) return bad_url("bad db number");
            rest = rest.substr(0, q);
        }
        if (rest.empty() || rest.front() != '/') return bad_url("a unix socket needs an absolute path");
        ep.unix_path = std::string(rest);
        return ep;
    }
    if (!url.starts_with("redis://")) return bad_url("unknown scheme");
    auto rest = url.substr(8);
    if (auto at = rest.rfind('@'); at != std::string_view::npos) {
        auto auth = rest.substr(0, at);
        if (auto colon = auth.find(':'); colon != std::string_view::npos) auth = auth.substr(colon + 1);
        ep.password = std::string(auth);
        rest = rest.substr(at + 1);
    }
    if (auto slash = rest.find('/'); slash != std::string_view::npos) {
        auto db = rest.substr(slash + 1);
        if (!db.empty() && (!parse_int(db, ep.db) || ep.db < 0)) return bad_url("bad db number");
        rest = rest.substr(0, slash);
    }
    if (auto colon = rest.rfind(':'); colon != std::string_view::npos) {
        if (!parse_int(rest.substr(colon + 1), ep.port) || ep.port <= 0 || ep.port > 65535)
            return bad_url("bad port");
        rest = rest.substr(0, colon);
    }
    if (rest.empty()) return bad_url("missing host");
    ep.host = std::string(rest);
    return ep;
}

}  // namespace wp::store
