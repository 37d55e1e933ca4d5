#pragma once
// Opens a stream socket to a Redis endpoint, TCP (resolved, TCP_NODELAY) or Unix, within a
// deadline: Asio has no connect timeout of its own.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/generic/stream_protocol.hpp>
#include <chrono>

#include "domain/result.hpp"
#include "store/redis_endpoint.hpp"

namespace wp::store {

using StreamSocket = boost::asio::generic::stream_protocol::socket;

boost::asio::awaitable<domain::Result<StreamSocket>> connect_socket(boost::asio::any_io_executor executor,
                                                                   const RedisEndpoint& endpoint,
                                                                   std::chrono::milliseconds within);

}  // namespace wp::store
