#pragma once
// Where Redis is: `redis://[:password@]host:port[/db]` or `unix:///path[?db=N]`.
#include <optional>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace wp::store {

struct RedisEndpoint {
    std::string host;         // empty for a Unix socket
    int port = 6379;
    std::string unix_path;    // set for a Unix socket
    std::string password;     // empty: no AUTH
    int db = 0;

    std::string describe() const;  // for logs: never the password
    static domain::Result<RedisEndpoint> parse(std::string_view url);
};

}  // namespace wp::store
