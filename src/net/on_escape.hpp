#pragma once
// Small pieces every connection coroutine uses: what to do with an exception that escapes one
// (log it; no exception crosses a loop), and the peer's address for caps and logs.
#include <spdlog/spdlog.h>

#include <boost/system/error_code.hpp>
#include <exception>
#include <string>

namespace wp::net {

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

template <class Socket>
std::string peer_address(const Socket& socket) {
    boost::system::error_code ec;
    auto peer = socket.remote_endpoint(ec);
    return ec ? std::string("?") : peer.address().to_string();
}

}  // namespace wp::net
