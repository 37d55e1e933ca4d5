#include "support/clients.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <regex>
#include <stdexcept>

#include "api/schemas.hpp"

namespace wp::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

namespace {

// Runs `io` until `done` or the deadline; on the deadline, cancels through `cancel` and
// drains so no handler outlives the call.
template <class Cancel>
bool run_until(asio::io_context& io, const bool& done, std::chrono::milliseconds timeout, Cancel cancel) {
    io.restart();
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done && std::chrono::steady_clock::now() < deadline) {
        io.run_one_for(std::chrono::milliseconds(50));
        if (io.stopped()) io.restart();
    }
    if (done) return true;
    cancel();
    io.restart();
    while (!done) io.run_one_for(std::chrono::milliseconds(100));
    return false;
}

}  // namespace

HttpResult http_request(int port, const std::string& method, const std::string& target, const std::string& body,
                        const std::string& bearer, std::map<std::string, std::string> headers) {
    asio::io_context io;
    beast::tcp_stream stream(io);
    HttpResult result;
    try {
        stream.expires_after(std::chrono::seconds(10));
        stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
        http::request<http::string_body> req{http::string_to_verb(method), target, 11};
        req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
        if (!bearer.empty()) req.set(http::field::authorization, "Bearer " + bearer);
        for (auto& [k, v] : headers) req.set(k, v);
        if (!body.empty()) req.set(http::field::content_type, "application/json");
        req.body() = body;
        req.prepare_payload();
        bool done = false;
        beast::error_code ec;
        http::response_parser<http::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        beast::flat_buffer buffer;
        // Read while writing: a server may answer (413) and close before the body is sent.
        http::async_write(stream, req, [](beast::error_code, std::size_t) {});
        http::async_read(stream, buffer, parser, [&](beast::error_code e, std::size_t) { ec = e; done = true; });
        run_until(io, done, std::chrono::seconds(10), [&] { stream.cancel(); });
        if (ec) return result;
        auto res = parser.release();
        result.status = static_cast<int>(res.result_int());
        result.body = res.body();
        for (auto& f : res) result.headers[std::string(f.name_string())] = std::string(f.value());
    } catch (const std::exception&) {
        result.status = 0;
    }
    return result;
}

std::string frame_violation(const json& frame) {
    const auto& schemas = api::Schemas::instance();
    if (!frame.is_object() || !frame.contains("type") || !frame["type"].is_string()) return "frame without type";
    auto type = frame["type"].get<std::string>();
    std::string schema = type == "snapshot" || type == "update" ? "ws/server/topic_frame" : "ws/server/" + type;
    if (!schemas.has(schema)) return "no schema for frame type " + type;
    if (auto ok = schemas.check(schema, frame); !ok) return type + ": " + ok.error().message;
    if (type == "snapshot" || type == "update") {
        auto topic = frame["topic"].get<std::string>();
        auto kind = topic.substr(0, topic.find(':'));
        if (kind == "challenges") kind = topic == "challenges:team" ? "challenges_team" : "challenges_me";
        if (!schemas.has("topics/" + kind)) return "no schema for topic " + topic;
        if (auto ok = schemas.check("topics/" + kind, frame["data"]); !ok)
            return topic + " data: " + ok.error().message;
    }
    return {};
}

struct WsClient::Impl {
    asio::io_context io;
    websocket::stream<beast::tcp_stream> ws{io};
    beast::flat_buffer buffer;
    // Frames read while waiting for an ack, which come before whatever is read next: an update
    // the server sent before the ack it answers is not lost to the test.
    std::deque<json> held;
    bool closed = false;
    bool timed_out = false;  // a read ran out of time, which leaves the stream unusable
    int close_code = 0;
};

WsClient::WsClient(int port, const std::string& token, TokenIn where) : impl_(std::make_unique<Impl>()) {
    auto& ws = impl_->ws;
    beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10));
    beast::get_lowest_layer(ws).connect(
        asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
    beast::get_lowest_layer(ws).expires_never();
    ws.set_option(websocket::stream_base::decorator([token, where](websocket::request_type& req) {
        if (where == TokenIn::header) req.set(http::field::authorization, "Bearer " + token);
        if (where == TokenIn::subprotocol) req.set(http::field::sec_websocket_protocol, "wolfpack.v1, wolfpack.token." + token);
    }));
    websocket::response_type res;
    ws.handshake(res, "127.0.0.1:" + std::to_string(port), where == TokenIn::query ? "/ws?token=" + token : "/ws");
    subprotocol_ = std::string(res[http::field::sec_websocket_protocol]);
    auto w = read(5s);
    if (!w || (*w)["type"] != "welcome") throw std::runtime_error("no welcome frame");
    welcome_ = *w;
}

WsClient::~WsClient() {
    if (!impl_->closed) {
        beast::error_code ec;
        beast::get_lowest_layer(impl_->ws).close();
    }
}

void WsClient::send_text(const std::string& text) {
    beast::error_code ec;
    impl_->ws.text(true);
    impl_->ws.write(asio::buffer(text), ec);
    if (ec) impl_->closed = true;
}

void WsClient::send(const json& message) { send_text(message.dump()); }

std::optional<json> WsClient::read(std::chrono::milliseconds timeout) {
    if (!impl_->held.empty()) {
        auto f = std::move(impl_->held.front());
        impl_->held.pop_front();
        return f;
    }
    if (impl_->closed) return std::nullopt;
    bool done = false;
    beast::error_code ec;
    impl_->ws.async_read(impl_->buffer, [&](beast::error_code e, std::size_t) {
        ec = e;
        done = true;
    });
    bool in_time = run_until(impl_->io, done, timeout, [&] { beast::get_lowest_layer(impl_->ws).cancel(); });
    if (!in_time) {
        // A cancelled read leaves a websocket stream unusable: treat the connection as done.
        impl_->closed = true;
        impl_->timed_out = true;
        return std::nullopt;
    }
    if (ec) {
        impl_->closed = true;
        if (ec == websocket::error::closed) impl_->close_code = impl_->ws.reason().code;
        return std::nullopt;
    }
    auto text = beast::buffers_to_string(impl_->buffer.cdata());
    impl_->buffer.consume(impl_->buffer.size());
    auto frame = json::parse(text, nullptr, false);
    if (frame.is_discarded()) throw std::runtime_error("server sent invalid JSON: " + text);
    if (auto v = frame_violation(frame); !v.empty())
        throw std::runtime_error("server frame violates proto/: " + v + "\n" + text);
    return frame;
}

json WsClient::wait_for(const std::function<bool(const json&)>& match, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) throw std::runtime_error("timed out waiting for a frame");
        auto f = read(left);
        if (!f)
            throw std::runtime_error(impl_->timed_out || !impl_->closed ? "timed out waiting for a frame"
                                                                        : "connection closed while waiting");
        if (match(*f)) return *f;
    }
}

json WsClient::wait_ack(const json& req, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::deque<json> skipped;
    auto held_back = [&] {  // what came before the ack, for the next reads, in order
        while (!skipped.empty()) {
            impl_->held.push_front(std::move(skipped.back()));
            skipped.pop_back();
        }
    };
    while (true) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        auto f = left.count() > 0 ? read(left) : std::nullopt;
        if (!f) {
            held_back();
            throw std::runtime_error(impl_->closed && !impl_->timed_out ? "connection closed while waiting for an ack"
                                                                        : "timed out waiting for an ack");
        }
        if ((f->value("type", "") == "ack" || f->value("type", "") == "error") && f->value("req", json()) == req) {
            held_back();
            return *f;
        }
        skipped.push_back(std::move(*f));
    }
}

json WsClient::request(json message, std::chrono::milliseconds timeout) {
    auto req = next_req_++;
    message["req"] = req;
    send(message);
    return wait_ack(req, timeout);
}

bool WsClient::is_open() const { return !impl_->closed; }
bool WsClient::timed_out() const { return impl_->timed_out; }
int WsClient::close_code() const { return impl_->close_code; }

int ws_upgrade_status(int port, const std::string& target, const std::string& bearer) {
    std::map<std::string, std::string> headers{{"Connection", "Upgrade"},
                                               {"Upgrade", "websocket"},
                                               {"Sec-WebSocket-Version", "13"},
                                               {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}};
    return http_request(port, "GET", target, "", bearer, headers).status;
}

bool closes(WsClient& ws, std::chrono::milliseconds timeout) {
    try {
        ws.wait_for([](const json&) { return false; }, timeout);
    } catch (const std::exception&) {
    }
    return !ws.is_open() && !ws.timed_out();  // a read that ran out of time closed only our end
}

json subscribe_snapshot(WsClient& ws, const std::string& topic) {
    auto ack = ws.request({{"type", "subscribe"}, {"topic", topic}});
    if (ack["type"] != "ack") throw std::runtime_error("subscribe " + topic + " answered " + ack.dump());
    return ws.wait_for([&](const json& f) { return f["type"] == "snapshot" && f["topic"] == topic; });
}

long long metric(int port, const std::string& name) {
    auto text = http_request(port, "GET", "/metrics").body;
    std::smatch m;
    if (!std::regex_search(text, m, std::regex("\n" + name + " (-?[0-9]+)"))) return -1;
    return std::stoll(m[1]);
}

}  // namespace wp::test
