#pragma once
// The answers net/ builds itself: JSON and error bodies with the headers every answer carries,
// the pages' security headers, and the pre-written refusal for a connection over a cap.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "net/http_request.hpp"

namespace wp::net {

using Response = http::response<http::string_body>;

// Every answer: Server, Content-Type, Cache-Control: no-store, X-Content-Type-Options: nosniff,
// Referrer-Policy: no-referrer, and a Content-Security-Policy that allows nothing (pages get
// theirs from page_security_policy).
Response json_response(const Request& req, http::status status, std::string body,
                       std::string_view content_type = "application/json");
Response error_response(const Request& req, domain::Errc code, std::string message);

// The pages' policy: their own scripts, styles, images and socket only, framed only by
// `frame_ancestors` (http.frame_ancestors, "'none'" by default).
std::string page_security_policy(std::string_view frame_ancestors);

// A whole `503 unavailable` answer with Retry-After and Connection: close, written straight
// to a connection refused at accept.
std::string refusal_text(std::string_view message);
// Writes it and closes at once, without a coroutine or a timer: a refused connection costs no
// more than its accept.
void write_refusal(boost::asio::ip::tcp::socket& socket, const std::string& answer);

}  // namespace wp::net
