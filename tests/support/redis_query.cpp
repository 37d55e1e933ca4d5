#include "support/redis_query.hpp"

#include <hiredis/hiredis.h>

#include <stdexcept>

namespace wp::test {

using nlohmann::json;

namespace {

json to_json(const redisReply* r) {
    switch (r->type) {
        case REDIS_REPLY_STRING:
        case REDIS_REPLY_STATUS: return std::string(r->str, r->len);
        case REDIS_REPLY_ERROR: return json{{"error", std::string(r->str, r->len)}};
        case REDIS_REPLY_INTEGER: return r->integer;
        case REDIS_REPLY_ARRAY: {
            json a = json::array();
            for (size_t i = 0; i < r->elements; ++i) a.push_back(to_json(r->element[i]));
            return a;
        }
        default: return nullptr;
    }
}

}  // namespace

json redis_query(int port, const std::vector<std::string>& args, bool asking) {
    timeval tv{5, 0};
    redisContext* c = redisConnectWithTimeout("127.0.0.1", port, tv);
    if (!c || c->err) {
        if (c) redisFree(c);
        throw std::runtime_error("cannot connect to the Redis on port " + std::to_string(port));
    }
    redisSetTimeout(c, tv);
    if (asking) freeReplyObject(redisCommand(c, "ASKING"));
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    for (const auto& a : args) {
        argv.push_back(a.data());
        lens.push_back(a.size());
    }
    auto* r = static_cast<redisReply*>(redisCommandArgv(c, static_cast<int>(args.size()), argv.data(), lens.data()));
    if (!r) {
        redisFree(c);
        throw std::runtime_error("the Redis on port " + std::to_string(port) + " did not answer");
    }
    auto out = to_json(r);
    freeReplyObject(r);
    redisFree(c);
    return out;
}

}  // namespace wp::test
