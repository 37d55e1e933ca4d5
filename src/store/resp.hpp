#pragma once
// RESP2 on the wire, without a socket: commands as arrays of bulk strings, and replies read
// from whatever bytes have arrived (hiredis's reader, copied out into RedisReply).
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/redis_reply.hpp"

struct redisReader;

namespace wp::store {

// Appends `*N\r\n$len\r\narg\r\n...` to out.
void append_command(std::string& out, const std::vector<std::string>& args);

class RespReader {
public:
    RespReader();
    ~RespReader();
    RespReader(const RespReader&) = delete;
    RespReader& operator=(const RespReader&) = delete;

    void feed(std::string_view bytes);
    // The next complete reply, or nullopt when more bytes are needed. A protocol error
    // (the peer is not Redis) sets error() and stops reading.
    std::optional<RedisReply> next();
    const std::string& error() const { return error_; }

private:
    redisReader* reader_;
    std::string error_;
};

}  // namespace wp::store
