#pragma once
// Builds a Redis command's arguments. g++ 12 rejects a braced list of std::string inside a
// coroutine ("array used as initializer"), so coroutines build argument vectors through this.
#include <string>
#include <utility>
#include <vector>

#include "domain/time.hpp"

namespace wp::store {

// An instant as Redis sorted-set scores and the scripts hold it: milliseconds since the epoch.
inline std::string ms_text(domain::TimePoint t) { return std::to_string(t.time_since_epoch().count()); }

template <class... Parts>
std::vector<std::string> args(Parts&&... parts) {
    std::vector<std::string> v;
    v.reserve(sizeof...(parts));
    (v.emplace_back(std::forward<Parts>(parts)), ...);
    return v;
}

}  // namespace wp::store
