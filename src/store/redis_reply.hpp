#pragma once
// A Redis reply copied out of hiredis's redisReply, so it outlives the callback.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wp::store {

struct RedisReply {
    enum class Kind { nil, integer, string, status, error, array };
    Kind kind = Kind::nil;
    std::int64_t integer = 0;
    std::string str;  // string, status and error replies
    std::vector<RedisReply> elements;

    bool is_error() const { return kind == Kind::error; }
    bool is_nil() const { return kind == Kind::nil; }
    // An integer reply, or a string reply holding an integer (Lua and ZSCORE answer so).
    std::optional<std::int64_t> as_int() const;
};

}  // namespace wp::store
