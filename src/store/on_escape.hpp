#pragma once
// The completion handler of a spawned coroutine: an exception that escapes it is logged
// (asio::detached would drop it silently).
#include <spdlog/spdlog.h>

#include <exception>

namespace wp::store {

inline auto on_escape(const char* where) {
    return [where](std::exception_ptr e) {
        if (!e) return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            spdlog::error("coroutine.escaped where={} error=\"{}\"", where, ex.what());
        }
    };
}

}  // namespace wp::store
