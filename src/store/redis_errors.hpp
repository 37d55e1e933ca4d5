#pragma once
// The errors the store makes of Redis being away and of a reply it did not expect: one wording,
// whichever command met them.
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "store/redis_reply.hpp"

namespace wp::store {

inline domain::Error redis_unavailable(std::string why) {
    return {domain::Errc::unavailable, "Redis unavailable: " + std::move(why)};
}

inline domain::Error unexpected_reply(std::string_view what, const RedisReply& r) {
    return {domain::Errc::unavailable, "Redis answered " + std::string(what) + " unexpectedly: " + r.str};
}

}  // namespace wp::store
