#pragma once
// Small pieces every connection coroutine uses: what to do with an exception that escapes one
// (log it; no exception crosses a loop), and the peer's address for caps and logs.
#include <spdlog/spdlog.h>

#include <boost/system/error_code.hpp>
#include <exception>
#include <string>

#include "store/on_escape.hpp"

namespace wp::net {

using store::on_escape;  // one definition, below net/ so every layer can use it

template <class Socket>
std::string peer_address(const Socket& socket) {
    boost::system::error_code ec;
    auto peer = socket.remote_endpoint(ec);
    return ec ? std::string("?") : peer.address().to_string();
}

}  // namespace wp::net
