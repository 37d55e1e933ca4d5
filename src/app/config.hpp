#pragma once
// The configuration: plain structs with defaults, read once (file < WOLFPACK_* environment
// < flags), every key checked. An unknown key or a bad value stops the start with a message
// that names the key and what is allowed.
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/result.hpp"
#include "api/context.hpp"
#include "live/hub.hpp"
#include "net/options.hpp"
#include "net/webhooks.hpp"
#include "store/store.hpp"

namespace wp::app {

struct Config {
    net::NetOptions net;
    std::string data_dir = "var/data";
    std::string redis_url;           // empty: the embedded redis-server (or redis_cluster)
    std::string redis_cluster;       // seed nodes host:port,host:port; exclusive with redis_url
    std::string redis_binary = "redis-server";
    std::string redis_appendfsync = "everysec";
    std::string admin_token;
    unsigned threads = 0;            // 0: one per core
    std::string log_level = "info";
    std::string log_format = "text";
    live::HubOptions live;
    long long finisher_ms = 1000;
    long long clock_offset_s = 0;    // testing.clock_offset_s: for tests only
    net::WebhookOptions webhooks;    // how often each instance looks for challenges to finish
    store::StoreOptions store;
    api::ApiOptions api;             // sign-in codes and links; admin_token is copied in
    nlohmann::json effective;        // every key's value after file, environment and flags; secrets masked

    // Every key with its default, as the JSON a config file holds (config/wolfpack.json).
    static nlohmann::json defaults();
    // file: a JSON file path or empty; env: the WOLFPACK_* variables to apply; overrides:
    // "key.path" -> value text from flags. Keys are the dotted paths of defaults().
    static domain::Result<Config> load(const std::string& file, const std::map<std::string, std::string>& env,
                                       const std::map<std::string, std::string>& overrides);
    // "listen.port" -> "WOLFPACK_LISTEN_PORT"
    static std::string env_name(const std::string& key);
    static std::vector<std::string> keys();  // every dotted key
    // WOLFPACK_* variables that are not configuration: read by scripts/ and the tests.
    static const std::vector<std::string>& script_variables();
    // Where Redis is, from redis.cluster or redis.url (the embedded one's URL when both are empty).
    domain::Result<store::RedisTarget> redis_target(const std::string& embedded_url = "") const;
};

}  // namespace wp::app
