#include "app/config.hpp"

#include "net/origin.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace wp::app {

using nlohmann::json;

namespace {

domain::Error bad(const std::string& key, const std::string& rule) {
    return domain::bad_request("config " + key + ": " + rule);
}

void collect_keys(const json& node, const std::string& prefix, std::vector<std::string>& out) {
    for (auto it = node.begin(); it != node.end(); ++it) {
        auto key = prefix.empty() ? it.key() : prefix + "." + it.key();
        if (it->is_object()) collect_keys(*it, key, out);
        else out.push_back(key);
    }
}

json::json_pointer pointer(const std::string& key) {
    std::string p;
    std::stringstream ss(key);
    for (std::string part; std::getline(ss, part, '.');) p += "/" + part;
    return json::json_pointer(p);
}

const char* type_name(const json& v) {
    if (v.is_boolean()) return "true or false";
    if (v.is_number_integer()) return "an integer";
    if (v.is_number()) return "a number";
    return "a string";
}

// Merges `from` into `into`, refusing keys that defaults() does not have and values of
// another type.
domain::Status merge(const json& defaults, json& into, const json& from, const std::string& prefix) {
    if (!from.is_object()) return bad(prefix.empty() ? "(file)" : prefix, "must be a JSON object");
    for (auto it = from.begin(); it != from.end(); ++it) {
        auto key = prefix.empty() ? it.key() : prefix + "." + it.key();
        if (!defaults.contains(it.key())) return bad(key, "unknown key (see README \"Configuration\")");
        const auto& def = defaults[it.key()];
        if (def.is_object()) {
            if (auto s = merge(def, into[it.key()], *it, key); !s) return s;
            continue;
        }
        bool same = (def.is_string() && it->is_string()) || (def.is_boolean() && it->is_boolean()) ||
                    (def.is_number_integer() && it->is_number_integer()) ||
                    (def.is_number_float() && it->is_number());
        if (!same) return bad(key, std::string("must be ") + type_name(def));
        into[it.key()] = *it;
    }
    return domain::ok();
}

domain::Status set_text(json& config, const json& defaults, const std::string& key, const std::string& text,
                        const std::string& source) {
    auto ptr = pointer(key);
    if (!defaults.contains(ptr) || defaults[ptr].is_object()) return bad(key, "unknown key (from " + source + ")");
    const auto& def = defaults[ptr];
    if (def.is_string()) {
        config[ptr] = text;
    } else if (def.is_boolean()) {
        if (text != "true" && text != "false") return bad(key, "must be true or false (from " + source + ")");
        config[ptr] = text == "true";
    } else if (def.is_number_integer()) {
        long long v = 0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc{} || p != text.data() + text.size()) return bad(key, "must be an integer (from " + source + ")");
        config[ptr] = v;
    } else {
        try {
            config[ptr] = std::stod(text);
        } catch (...) {
            return bad(key, "must be a number (from " + source + ")");
        }
    }
    return domain::ok();
}

}  // namespace

json Config::defaults() {
    return {
        {"listen", {{"address", "0.0.0.0"}, {"port", 8080}}},
        {"web_root", "web"},
        {"data_dir", "var/data"},
        {"redis", {{"url", ""}, {"cluster", ""}, {"binary", "redis-server"}, {"appendfsync", "everysec"}}},
        {"admin_token", ""},
        {"allowed_origins", ""},
        {"threads", 0},
        {"log", {{"level", "info"}, {"format", "text"}}},
        {"limits",
         {{"max_frame_bytes", 65536},
          {"max_body_bytes", 1048576},
          {"max_header_bytes", 16384},
          {"send_queue_frames", 256},
          {"send_queue_bytes", 1048576},
          {"rate_burst", 100},
          {"rate_per_second", 20},
          {"ws_ping_seconds", 20},
          {"ws_idle_seconds", 60},
          {"max_connections", 10000},
          {"max_connections_per_ip", 500},
          {"max_http_connections", 2000},
          {"max_http_connections_per_ip", 200},
          {"max_subscriptions", 64},
          {"api_activities_per_minute", 600},
          {"http_idle_seconds", 30}}},
        {"http", {{"frame_ancestors", "'none'"}, {"public_url", ""}}},
        {"live", {{"coalesce_ms", 100}, {"refresh_ms", 30000}, {"feed_events_per_second", 10}}},
        {"challenges", {{"finisher_ms", 1000}, {"cheers_per_minute", 10}}},
        {"webhooks", {{"urls", ""}, {"timeout_ms", 5000}, {"claim_after_ms", 60000}}},
        {"history", {{"retention_days", 400}, {"idempotency_days", 8}, {"feed_max_events", 10000}}},
        {"auth", {{"invite_days", 7}, {"sign_in_attempts_per_minute", 10}}},
        {"displays", {{"pairings_per_minute", 10}}},
        {"wall", {{"celebration_percent", 10}, {"celebration_seconds", 6}}},
        {"testing", {{"clock_offset_s", 0}}},
    };
}

std::vector<std::string> Config::keys() {
    std::vector<std::string> out;
    collect_keys(defaults(), "", out);
    return out;
}

std::string Config::env_name(const std::string& key) {
    std::string name = "WOLFPACK_";
    for (char c : key) name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return name;
}

const std::vector<std::string>& Config::script_variables() {
    static const std::vector<std::string> names{"WOLFPACK_BINARY",      "WOLFPACK_BUILD",        "WOLFPACK_BUILD_TYPE",
                                                "WOLFPACK_CMAKE_ARGS",  "WOLFPACK_FUZZ_SECONDS", "WOLFPACK_FUZZ_TESTS",
                                                "WOLFPACK_ROOT",        "WOLFPACK_SANITIZE_TESTS",
                                                "WOLFPACK_SOURCE_DIR"};
    return names;
}

domain::Result<store::RedisTarget> Config::redis_target(const std::string& embedded_url) const {
    if (!redis_cluster.empty()) return store::RedisTarget::parse_cluster(redis_cluster);
    auto endpoint = store::RedisEndpoint::parse(redis_url.empty() ? embedded_url : redis_url);
    if (!endpoint) return endpoint.error();
    return store::RedisTarget::standalone(std::move(*endpoint));
}

domain::Result<Config> Config::load(const std::string& file, const std::map<std::string, std::string>& env,
                                    const std::map<std::string, std::string>& overrides) {
    const auto def = defaults();
    json merged = def;
    if (!file.empty()) {
        std::ifstream in(file);
        if (!in) return domain::bad_request("config file " + file + ": cannot be read (check --config)");
        auto parsed = json::parse(in, nullptr, false, true);
        if (parsed.is_discarded()) return domain::bad_request("config file " + file + ": not valid JSON");
        if (auto s = merge(def, merged, parsed, ""); !s) return s.error();
    }
    for (const auto& key : keys())
        if (auto it = env.find(env_name(key)); it != env.end())
            if (auto s = set_text(merged, def, key, it->second, it->first); !s) return s.error();
    // A misspelt variable must not start a server on defaults (WOLFPACK_REDIS_CLUSTR would
    // quietly start an embedded Redis).
    for (const auto& [name, _] : env) {
        auto all = keys();
        bool known = std::any_of(all.begin(), all.end(), [&](const std::string& k) { return env_name(k) == name; }) ||
                     std::find(script_variables().begin(), script_variables().end(), name) != script_variables().end();
        if (!known)
            return domain::bad_request("environment variable " + name +
                                       ": unknown (each config key K is WOLFPACK_K in upper case with '_' for '.', "
                                       "see README \"Configuration\"; unset it or correct its name)");
    }
    for (const auto& [key, value] : overrides)
        if (auto s = set_text(merged, def, key, value, "command line"); !s) return s.error();

    Config c;
    auto integer = [&](const std::string& key, long long lo, long long hi) -> domain::Result<long long> {
        auto v = merged[pointer(key)].get<long long>();
        if (v < lo || v > hi) return bad(key, std::to_string(lo) + ".." + std::to_string(hi));
        return v;
    };
    auto text = [&](const std::string& key) { return merged[pointer(key)].get<std::string>(); };
#define WP_INT(var, key, lo, hi)                          \
    do {                                                  \
        auto r = integer(key, lo, hi);                    \
        if (!r) return r.error();                         \
        var = static_cast<decltype(var)>(*r);             \
    } while (0)
    c.net.address = text("listen.address");
    if (c.net.address.empty()) return bad("listen.address", "an IP address such as 0.0.0.0 or 127.0.0.1");
    WP_INT(c.net.port, "listen.port", 0, 65535);
    c.net.web_root = text("web_root");
    c.data_dir = text("data_dir");
    if (c.data_dir.empty()) return bad("data_dir", "a directory path");
    c.redis_url = text("redis.url");
    if (!c.redis_url.empty())
        if (auto ep = store::RedisEndpoint::parse(c.redis_url); !ep) return ep.error();
    c.redis_cluster = text("redis.cluster");
    if (!c.redis_cluster.empty()) {
        if (!c.redis_url.empty())
            return bad("redis.cluster", "set either redis.cluster (a Redis Cluster's seed nodes) or redis.url (one "
                                        "Redis), not both");
        if (auto target = store::RedisTarget::parse_cluster(c.redis_cluster); !target)
            return bad("redis.cluster", "seed nodes host:port,host:port (" + target.error().message + ")");
    }
    c.redis_binary = text("redis.binary");
    c.redis_appendfsync = text("redis.appendfsync");
    if (c.redis_appendfsync != "always" && c.redis_appendfsync != "everysec" && c.redis_appendfsync != "no")
        return bad("redis.appendfsync", "always, everysec or no");
    c.admin_token = text("admin_token");
    if (!c.admin_token.empty() && c.admin_token.size() < 16)
        return bad("admin_token", "at least 16 characters, or empty for no server admin");
    WP_INT(c.threads, "threads", 0, 256);
    c.log_level = text("log.level");
    if (c.log_level != "trace" && c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" &&
        c.log_level != "error")
        return bad("log.level", "trace, debug, info, warn or error");
    c.log_format = text("log.format");
    if (c.log_format != "text" && c.log_format != "json") return bad("log.format", "text or json");
    WP_INT(c.net.max_frame, "limits.max_frame_bytes", 1024, 16 << 20);
    WP_INT(c.net.max_body, "limits.max_body_bytes", 1024, 64 << 20);
    WP_INT(c.net.max_header, "limits.max_header_bytes", 1024, 1 << 20);
    WP_INT(c.net.send_queue, "limits.send_queue_frames", 4, 1 << 20);
    WP_INT(c.net.send_queue_bytes, "limits.send_queue_bytes", 65536, 1 << 30);
    WP_INT(c.net.rate_burst, "limits.rate_burst", 1, 1000000);
    WP_INT(c.net.rate_per_second, "limits.rate_per_second", 1, 1000000);
    long long seconds = 0;
    WP_INT(seconds, "limits.ws_idle_seconds", 2, 3600);
    c.net.ws_idle = std::chrono::seconds(seconds);
    WP_INT(seconds, "limits.ws_ping_seconds", 1, 3600);
    c.net.ws_ping = std::chrono::seconds(seconds);
    if (c.net.ws_ping >= c.net.ws_idle)
        return bad("limits.ws_ping_seconds", "1..3600 and less than limits.ws_idle_seconds (" +
                                                 std::to_string(c.net.ws_idle.count()) + ")");
    WP_INT(c.net.max_connections, "limits.max_connections", 1, 1000000);
    WP_INT(c.net.max_connections_per_ip, "limits.max_connections_per_ip", 1, 1000000);
    WP_INT(c.net.max_http_connections, "limits.max_http_connections", 1, 1000000);
    WP_INT(c.net.max_http_connections_per_ip, "limits.max_http_connections_per_ip", 1, 1000000);
    WP_INT(c.net.max_subscriptions, "limits.max_subscriptions", 1, 10000);
    WP_INT(c.api.activities_per_minute, "limits.api_activities_per_minute", 1, 1000000);
    auto ancestors = net::parse_frame_ancestors(text("http.frame_ancestors"));
    if (!ancestors)
        return bad("http.frame_ancestors", "'none', or space-separated 'self' and sources such as "
                                           "https://intranet.example.com (a CSP frame-ancestors list)");
    c.net.frame_ancestors = std::move(*ancestors);
    auto origins = net::parse_allowed_origins(text("allowed_origins"));
    if (!origins)
        return bad("allowed_origins", "comma-separated origins such as https://wall.example.com,http://10.0.0.5:8080, "
                                      "or * for any; empty: same origin only");
    c.net.allowed_origins = std::move(*origins);
    WP_INT(seconds, "limits.http_idle_seconds", 1, 3600);
    c.net.http_idle = std::chrono::seconds(seconds);
    long long ms = 0;
    WP_INT(ms, "live.coalesce_ms", 1, 10000);
    c.live.coalesce = std::chrono::milliseconds(ms);
    WP_INT(ms, "live.refresh_ms", 100, 3600000);
    c.live.refresh = std::chrono::milliseconds(ms);
    c.api.board_max_age = c.live.refresh;  // a board held is read again at least this often
    WP_INT(c.live.feed_events_per_second, "live.feed_events_per_second", 1, 100000);
    WP_INT(c.finisher_ms, "challenges.finisher_ms", 100, 60000);
    WP_INT(c.clock_offset_s, "testing.clock_offset_s", -34560000, 34560000);  // 400 days either way
    {
        auto urls = text("webhooks.urls");
        std::stringstream list(urls);
        for (std::string url; std::getline(list, url, ',');) {
            url.erase(0, url.find_first_not_of(' '));
            url.erase(url.find_last_not_of(' ') + 1);
            if (url.empty()) continue;
            auto target = net::WebhookTarget::parse(url);
            if (!target) return bad("webhooks.urls", "comma-separated http://host[:port]/path URLs (" + target.error().message + ")");
            c.webhooks.targets.push_back(*target);
        }
        long long timeout = 0;
        WP_INT(timeout, "webhooks.timeout_ms", 100, 60000);
        c.webhooks.timeout = std::chrono::milliseconds(timeout);
        // A poster renews its claim before each attempt; the longest it goes without is one
        // attempt plus the longest wait between two (4 s).
        auto renewed_within = timeout + 4000;
        long long claim_after = 0;
        WP_INT(claim_after, "webhooks.claim_after_ms", 1000, 86400000);
        if (claim_after <= renewed_within)
            return bad("webhooks.claim_after_ms", "1000..86400000 and more than webhooks.timeout_ms + 4000 (" +
                                                      std::to_string(renewed_within) + ")");
        c.webhooks.claim_after = std::chrono::milliseconds(claim_after);
    }
    long long cheers = 0;
    WP_INT(cheers, "challenges.cheers_per_minute", 1, 1000);
    c.store.cheers_per_window = static_cast<int>(cheers);
    long long days = 0;
    WP_INT(days, "history.retention_days", 1, 36500);
    c.store.board_retention = std::chrono::hours(24 * days);
    WP_INT(days, "history.idempotency_days", 8, 365);
    c.store.idempotency_ttl = std::chrono::hours(24 * days);
    WP_INT(c.store.feed_max_len, "history.feed_max_events", 100, 10000000);
    WP_INT(days, "auth.invite_days", 1, 90);
    c.api.invite_valid = std::chrono::hours(24 * days);
    WP_INT(c.api.sign_in_attempts_per_minute, "auth.sign_in_attempts_per_minute", 1, 10000);
    c.api.public_url = text("http.public_url");
    while (c.api.public_url.ends_with('/')) c.api.public_url.pop_back();
    if (!c.api.public_url.empty() && !c.api.public_url.starts_with("http://") && !c.api.public_url.starts_with("https://"))
        return bad("http.public_url", "http(s)://host[:port] as browsers reach this server, or empty");
    WP_INT(c.api.pairings_per_minute, "displays.pairings_per_minute", 1, 10000);
    WP_INT(c.api.celebration_percent, "wall.celebration_percent", 0, 50);
    WP_INT(c.api.celebration_seconds, "wall.celebration_seconds", 2, 30);
    c.api.admin_token = c.admin_token;
#undef WP_INT
    c.effective = merged;
    if (!c.admin_token.empty()) c.effective["admin_token"] = "(set, " + std::to_string(c.admin_token.size()) + " characters)";
    return c;
}

}  // namespace wp::app
