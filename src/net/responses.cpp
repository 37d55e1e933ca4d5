#include "net/responses.hpp"

#include <boost/beast/http/write.hpp>
#include <array>
#include <sstream>

#include "api/api.hpp"

namespace wp::net {

namespace {
// For answers that are not pages (JSON, CSV, metrics): nothing may load or frame them.
constexpr std::string_view data_policy = "default-src 'none'; frame-ancestors 'none'";
}  // namespace

Response json_response(const Request& req, http::status status, std::string body, std::string_view content_type) {
    Response res{status, req.version()};
    res.set(http::field::server, "wolfpack");
    res.set(http::field::content_type, content_type);
    res.set(http::field::cache_control, "no-store");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    res.set("Content-Security-Policy", data_policy);
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

Response error_response(const Request& req, domain::Errc code, std::string message) {
    auto answer = api::Api::error_answer({code, std::move(message)});
    auto res = json_response(req, static_cast<http::status>(answer.status), std::move(answer.body));
    if (answer.retry_after > 0) res.set(http::field::retry_after, std::to_string(answer.retry_after));
    return res;
}

std::string page_security_policy(std::string_view frame_ancestors) {
    return "default-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors " +
           std::string(frame_ancestors);
}

std::string refusal_text(std::string_view message) {
    Request head;
    head.version(11);
    head.keep_alive(false);
    auto res = error_response(head, domain::Errc::unavailable, std::string(message));
    res.set(http::field::retry_after, "5");
    res.keep_alive(false);
    std::ostringstream out;
    out << res;
    return out.str();
}

void write_refusal(boost::asio::ip::tcp::socket& socket, const std::string& answer) {
    // What the peer already sent is read first: closing with unread input resets the
    // connection, and the peer could lose the answer.
    boost::system::error_code ec;
    socket.non_blocking(true, ec);
    std::array<char, 4096> sink;
    for (int i = 0; i < 4 && !ec && socket.available(ec) > 0; ++i) socket.read_some(boost::asio::buffer(sink), ec);
    ec.clear();
    socket.send(boost::asio::buffer(answer), 0, ec);
    socket.shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
    socket.close(ec);
}

}  // namespace wp::net
