#pragma once
// The completion token of an awaited operation whose error is a value to look at, not an
// exception: `auto [ec, n] = co_await socket.async_read_some(buffer, nothrow);`.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace wp::store {

inline constexpr auto nothrow = boost::asio::as_tuple(boost::asio::use_awaitable);

}  // namespace wp::store
