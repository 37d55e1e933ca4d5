#include "store/nothrow.hpp"
#include "store/socket_connect.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>

namespace wp::store {

namespace asio = boost::asio;

namespace {
}

asio::awaitable<domain::Result<StreamSocket>> connect_socket(asio::any_io_executor executor,
                                                            const RedisEndpoint& endpoint,
                                                            std::chrono::milliseconds within) {
    // The socket and the flag outlive this frame in the timer's handler.
    auto socket = std::make_shared<StreamSocket>(executor);
    auto timed_out = std::make_shared<bool>(false);
    asio::steady_timer deadline(executor);
    deadline.expires_after(within);
    deadline.async_wait([socket, timed_out](boost::system::error_code ec) {
        if (ec) return;
        *timed_out = true;
        boost::system::error_code ignored;
        socket->close(ignored);
    });
    boost::system::error_code error;
    if (!endpoint.unix_path.empty()) {
        asio::local::stream_protocol::endpoint ep(endpoint.unix_path);
        auto [ec] = co_await socket->async_connect(asio::generic::stream_protocol::endpoint(ep), nothrow);
        error = ec;
    } else {
        asio::ip::tcp::resolver resolver(executor);
        auto [rec, found] = co_await resolver.async_resolve(endpoint.host, std::to_string(endpoint.port), nothrow);
        error = rec ? rec : asio::error::host_not_found;
        for (const auto& entry : found) {
            if (*timed_out) break;
            boost::system::error_code ignored;
            socket->close(ignored);
            auto [ec] = co_await socket->async_connect(asio::generic::stream_protocol::endpoint(entry.endpoint()),
                                                       nothrow);
            error = ec;
            if (!ec) {
                socket->set_option(asio::ip::tcp::no_delay(true), ignored);
                break;
            }
        }
    }
    deadline.cancel();
    if (*timed_out) co_return domain::Error{domain::Errc::unavailable, "connect timed out"};
    if (error) co_return domain::Error{domain::Errc::unavailable, error.message()};
    co_return std::move(*socket);
}

}  // namespace wp::store
