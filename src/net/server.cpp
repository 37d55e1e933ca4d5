#include "net/server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <cstring>
#include <filesystem>
#include <mutex>

#include "net/connection_limits.hpp"
#include "net/origin.hpp"
#include "net/static_path.hpp"
#include "net/ws_session.hpp"

namespace wp::net {

namespace {

using Acceptor = Nothrow::as_default_on_t<asio::ip::tcp::acceptor>;
using Request = http::request<http::string_body>;

auto on_escape(const char* where) {
    return [where](std::exception_ptr e) {
        if (!e) return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            spdlog::error("coroutine.escaped where={} error=\"{}\"", where, ex.what());
        }
    };
}

http::response<http::string_body> json_response(const Request& req, http::status status, std::string body,
                                                std::string_view content_type = "application/json") {
    http::response<http::string_body> res{status, req.version()};
    res.set(http::field::server, "wolfpack");
    res.set(http::field::content_type, content_type);
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

http::response<http::string_body> error_response(const Request& req, domain::Errc code, std::string message) {
    auto answer = api::Api::error_answer({code, std::move(message)});
    return json_response(req, static_cast<http::status>(answer.status), std::move(answer.body));
}

template <class Socket>
std::string peer_address(const Socket& socket) {
    beast::error_code ec;
    auto peer = socket.remote_endpoint(ec);
    return ec ? std::string("?") : peer.address().to_string();
}

// The token of a `wolfpack.token.TOKEN` entry of Sec-WebSocket-Protocol, or empty.
std::string subprotocol_token(std::string_view offered) {
    constexpr std::string_view prefix = "wolfpack.token.";
    for (auto p : http::token_list(offered))
        if (p.size() > prefix.size() && p.substr(0, prefix.size()) == prefix) return std::string(p.substr(prefix.size()));
    return {};
}

// "http://host:port" as the client reached this server: the base of links the API hands out.
std::string origin_of(const Request& req) {
    auto proto = req["X-Forwarded-Proto"];
    std::string scheme = beast::iequals(proto, "https") ? "https" : "http";
    auto host = req[http::field::host];
    return scheme + "://" + (host.empty() ? std::string("localhost") : std::string(host));
}

std::string bearer_of(const Request& req) {
    auto auth = req[http::field::authorization];
    constexpr std::string_view scheme = "Bearer ";
    if (auth.size() > scheme.size() && beast::iequals(auth.substr(0, scheme.size()), scheme))
        return std::string(auth.substr(scheme.size()));
    return {};
}

}  // namespace

struct Server::Impl {
    std::vector<asio::io_context*> loops;
    api::Api& api;
    live::Hub& hub;
    NetOptions options;
    std::function<bool()> ready;
    NetCounters& counters;
    Acceptor acceptor;
    std::filesystem::path web_root;
    std::mutex sessions_mutex;
    std::vector<std::weak_ptr<WsSession>> sessions;
    std::size_t sessions_compact_at = 64;
    ConnectionLimits limits;
    std::atomic<bool> stopping = false;

    Impl(std::vector<asio::io_context*> l, api::Api& a, live::Hub& h, NetOptions o, std::function<bool()> r,
         NetCounters& c)
        : loops(std::move(l)), api(a), hub(h), options(std::move(o)), ready(std::move(r)), counters(c),
          acceptor(loops.front()->get_executor()),
          limits(options.max_connections, options.max_connections_per_ip) {
        std::error_code ec;
        web_root = std::filesystem::weakly_canonical(options.web_root, ec);
    }

    asio::any_io_executor home() { return loops.front()->get_executor(); }

    asio::awaitable<void> accept_loop() {
        for (std::size_t i = 0;; ++i) {  // a connection never changes loop
            auto& loop = *loops[i % loops.size()];
            auto [ec, socket] = co_await acceptor.async_accept(loop.get_executor());
            if (ec == asio::error::operation_aborted || stopping) co_return;
            if (ec) {
                spdlog::warn("net.accept_failed error=\"{}\"", ec.message());
                continue;
            }
            // Frames are small and go out as they come: without this, Nagle holds a frame
            // back until the peer acknowledges the previous one, up to its delayed-ACK timeout.
            boost::system::error_code ignored;
            socket.set_option(asio::ip::tcp::no_delay(true), ignored);
            asio::co_spawn(loop, serve(TcpStream{std::move(socket)}), on_escape("http"));
        }
    }

    asio::awaitable<void> serve(TcpStream stream) {
        beast::flat_buffer buffer;
        for (;;) {
            http::request_parser<http::string_body> parser;
            parser.body_limit(options.max_body);
            parser.header_limit(static_cast<std::uint32_t>(options.max_header));
            stream.expires_after(options.http_idle);
            auto [ec, n] = co_await http::async_read(stream, buffer, parser);
            if (ec == http::error::body_limit) {
                Request head;
                head.version(11);
                auto res = error_response(head, domain::Errc::too_large,
                                          "body over " + std::to_string(options.max_body) + " bytes");
                res.keep_alive(false);
                (void)co_await http::async_write(stream, res);
                break;
            }
            if (ec == http::error::header_limit) {
                http::response<http::string_body> res{http::status::request_header_fields_too_large, 11};
                res.keep_alive(false);
                res.prepare_payload();
                (void)co_await http::async_write(stream, res);
                break;
            }
            if (ec) break;
            ++counters.http_requests;
            auto req = parser.release();
            if (websocket::is_upgrade(req)) {
                stream.expires_never();
                co_await upgrade(std::move(stream), std::move(req));
                co_return;
            }
            auto started = std::chrono::steady_clock::now();
            auto res = co_await handle(req, peer_address(stream.socket()));
            auto [wec, wn] = co_await http::async_write(stream, res);
            // The access log: the path without its query, which may hold a token.
            std::string_view target = req.target();
            spdlog::info("http.request method={} path={} status={} bytes={} ms={:.2f} peer={}",
                         std::string_view(req.method_string()), target.substr(0, target.find('?')),
                         res.result_int(), wn,
                         std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count(),
                         peer_address(stream.socket()));
            if (wec || !res.keep_alive()) break;
        }
        beast::error_code ignored;
        stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    }

    asio::awaitable<http::response<http::string_body>> handle(const Request& req, std::string peer) {
        std::string_view target = req.target();
        auto qpos = target.find('?');
        auto raw_path = target.substr(0, qpos);
        auto query = qpos == std::string_view::npos ? std::string_view{} : target.substr(qpos + 1);
        bool reading = req.method() == http::verb::get || req.method() == http::verb::head;
        if ((raw_path == "/healthz" || raw_path == "/readyz" || raw_path == "/metrics") && !reading)
            co_return error_response(req, domain::Errc::not_found, "use GET " + std::string(raw_path));
        if (raw_path == "/healthz") co_return json_response(req, http::status::ok, R"({"status":"ok"})");
        if (raw_path == "/readyz") {
            bool up = co_await asio::co_spawn(home(), [this]() -> asio::awaitable<bool> { co_return ready(); },
                                               asio::use_awaitable);
            co_return up ? json_response(req, http::status::ok, R"({"status":"ready"})")
                         : json_response(req, http::status::service_unavailable,
                                         R"({"status":"unavailable","cause":"Redis does not answer"})");
        }
        if (raw_path == "/metrics") co_return co_await metrics(req);
        if (raw_path.starts_with("/api/")) {
            auto path = percent_decode(raw_path);
            if (!path) co_return error_response(req, domain::Errc::bad_request, "path: malformed percent escape");
            api::HttpRequest request{std::string(req.method_string()), *path, parse_query(query), req.body(),
                                     bearer_of(req), std::move(peer), origin_of(req)};
            api::HttpAnswer answer;
            try {
                answer = co_await asio::co_spawn(home(), api.handle_http(request), asio::use_awaitable);
            } catch (const std::exception& e) {
                spdlog::error("http.handler_failed path={} error=\"{}\"", *path, e.what());
                co_return error_response(req, domain::Errc::unavailable, "internal error; retry");
            }
            auto res = json_response(req, static_cast<http::status>(answer.status), std::move(answer.body),
                                     answer.content_type);
            if (answer.retry_after > 0) res.set(http::field::retry_after, std::to_string(answer.retry_after));
            co_return res;
        }
        co_return static_file(req);
    }

    http::response<http::string_body> static_file(const Request& req) {
        if (req.method() != http::verb::get && req.method() != http::verb::head)
            return error_response(req, domain::Errc::not_found, "static files answer GET and HEAD");
        auto rel = static_path(req.target());
        if (!rel) return error_response(req, domain::Errc::not_found, "no such file");
        auto full = web_root / *rel;
        std::error_code ec;
        if (!std::filesystem::is_regular_file(full, ec))
            return error_response(req, domain::Errc::not_found, "no such file");
        beast::file_posix file;
        beast::error_code bec;
        file.open(full.c_str(), beast::file_mode::scan, bec);
        if (bec) return error_response(req, domain::Errc::not_found, "no such file");
        auto size = file.size(bec);
        std::string body(size, '\0');
        if (size) file.read(body.data(), size, bec);
        auto res = json_response(req, http::status::ok, std::move(body), content_type(*rel));
        res.set(http::field::cache_control, "no-cache");
        res.set("X-Content-Type-Options", "nosniff");
        if (req.method() == http::verb::head) {
            auto length = res.body().size();
            res.body().clear();
            res.content_length(length);
        }
        return res;
    }

    asio::awaitable<http::response<http::string_body>> metrics(const Request& req) {
        // Hub and API state lives on home: read both there.
        auto [stats, api_text] = co_await asio::co_spawn(
            home(), [this]() -> asio::awaitable<std::pair<live::HubStats, std::string>> {
                co_return std::pair<live::HubStats, std::string>(hub.stats(), api.metrics_text());
            }, asio::use_awaitable);
        std::string m;
        auto gauge = [&m](std::string_view name, std::string_view help, std::string_view type, auto value) {
            m += fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", name, help, name, type, name, value);
        };
        gauge("wolfpack_ws_connections", "Open WebSocket connections.", "gauge", counters.ws_connections.load());
        gauge("wolfpack_http_requests_total", "HTTP requests read.", "counter", counters.http_requests.load());
        gauge("wolfpack_ws_messages_in_total", "WebSocket messages received.", "counter", counters.ws_messages_in.load());
        gauge("wolfpack_ws_frames_out_total", "WebSocket frames written.", "counter", counters.ws_frames_out.load());
        gauge("wolfpack_slow_consumers_dropped_total", "Connections dropped for not reading.", "counter",
              counters.slow_consumers_dropped.load());
        gauge("wolfpack_ws_refused_total", "WebSocket upgrades refused by a connection cap or the origin check.",
              "counter", counters.ws_refused.load());
        gauge("wolfpack_rate_limited_total", "Messages refused by the rate limit.", "counter", counters.rate_limited.load());
        gauge("wolfpack_topics", "Live topics with subscribers.", "gauge", stats.topics);
        gauge("wolfpack_subscriptions", "Topic subscriptions.", "gauge", stats.subscriptions);
        gauge("wolfpack_topic_frames_built_total", "Topic frames serialised (once each).", "counter", stats.frames_built);
        m += api_text;
        co_return json_response(req, http::status::ok, std::move(m), "text/plain; version=0.0.4");
    }

    // On home: who the token belongs to, and their welcome frame. A member coroutine taking
    // the token by value, since g++ 12 double-frees strings captured by a coroutine lambda.
    struct Admitted {
        api::Caller caller;
        live::Frame welcome;
    };
    asio::awaitable<domain::Result<Admitted>> admit(std::string token) {
        auto caller = co_await api.authenticate(token);
        if (!caller) co_return caller.error();
        if (caller->server_admin)
            co_return domain::Error{domain::Errc::forbidden, "the server admin token has no team: use a rep's token"};
        auto welcome = co_await api.welcome(caller->rep);
        if (!welcome) co_return welcome.error();
        Admitted admitted{std::move(*caller), *welcome};
        co_return admitted;
    }

    asio::awaitable<void> upgrade(TcpStream stream, Request req) {
        std::string_view target = req.target();
        auto qpos = target.find('?');
        if (target.substr(0, qpos) != "/ws") {
            auto res = error_response(req, domain::Errc::not_found, "WebSocket endpoint is /ws");
            (void)co_await http::async_write(stream, res);
            co_return;
        }
        // Pages offer the token as a subprotocol (wolfpack.token.TOKEN), since browsers cannot
        // set headers on a WebSocket and a token in the URL would reach access logs.
        auto token = bearer_of(req);
        if (token.empty()) token = subprotocol_token(req[http::field::sec_websocket_protocol]);
        if (token.empty() && qpos != std::string_view::npos) {
            auto q = parse_query(target.substr(qpos + 1));
            if (auto t = q.find("token"); t != q.end()) token = t->second;
        }
        auto fail = [&](domain::Errc code, std::string message) -> asio::awaitable<void> {
            auto res = error_response(req, code, std::move(message));
            res.keep_alive(false);
            if (code == domain::Errc::unavailable) res.set(http::field::retry_after, "5");
            (void)co_await http::async_write(stream, res);
        };
        // A page of another site must not ride on a rep's ?token= (cross-site WebSocket hijacking).
        if (!origin_allowed(req[http::field::origin], req[http::field::host], options.allowed_origins)) {
            ++counters.ws_refused;
            std::string shown;  // the client's text: only harmless characters reach the log
            for (char c : std::string_view(req[http::field::origin]).substr(0, 100))
                shown += std::isalnum(static_cast<unsigned char>(c)) || std::strchr(":/._-[]", c) ? c : '?';
            spdlog::info("ws.origin_refused origin=\"{}\" fix=\"list it in allowed_origins if it is yours\"", shown);
            co_return co_await fail(domain::Errc::forbidden,
                                    "origin not allowed: open the page from this server, or list its origin in "
                                    "allowed_origins");
        }
        if (token.empty())
            co_return co_await fail(domain::Errc::unauthorized,
                                    "send Authorization: Bearer TOKEN, the subprotocol wolfpack.token.TOKEN or ?token=");
        if (stopping) co_return co_await fail(domain::Errc::unavailable, "server is shutting down");
        beast::error_code peer_ec;
        auto peer = stream.socket().remote_endpoint(peer_ec);
        auto address = peer_ec ? std::string("?") : peer.address().to_string();
        auto [slot, refusal] = limits.acquire(address);
        if (!slot) {
            bool total = refusal == ConnectionLimits::Refusal::total;
            // One line per 100 refusals: a flood of upgrades must not flood the log too.
            if (counters.ws_refused++ % 100 == 0)
                spdlog::warn("ws.connection_refused cause={} address={} limit={}", total ? "max_connections" : "max_connections_per_ip",
                         address, total ? options.max_connections : options.max_connections_per_ip);
            co_return co_await fail(domain::Errc::unavailable,
                                    total ? "too many connections to this server (limits.max_connections); retry later"
                                          : "too many connections from this address (limits.max_connections_per_ip); "
                                            "retry later");
        }
        auto auth = co_await asio::co_spawn(home(), admit(std::move(token)), asio::use_awaitable);
        if (!auth) co_return co_await fail(auth.error().code, auth.error().message);
        auto session = std::make_shared<WsSession>(std::move(stream), std::move(auth->caller.rep),
                                                   std::move(auth->caller.session), std::move(auth->welcome), api, hub,
                                                   home(), options, counters, std::move(*slot));
        {
            std::lock_guard lock(sessions_mutex);
            // Dropping closed sessions on every upgrade walked them all: O(n^2) to open n.
            if (sessions.size() >= sessions_compact_at) {
                std::erase_if(sessions, [](const auto& w) { return w.expired(); });
                sessions_compact_at = std::max<std::size_t>(64, 2 * sessions.size());
            }
            sessions.push_back(session);
        }
        // The session runs in a coroutine of its own and this one, with serve(), ends here:
        // awaiting it kept their frames (HTTP parser and buffer, moved-from streams, the
        // welcome) for the connection's life, about 5 KiB of every idle connection.
        asio::co_spawn(session->executor(),
                       [session, req = std::move(req)]() mutable { return session->run(std::move(req)); },
                       on_escape("ws"));
    }
};

Server::Server(std::vector<asio::io_context*> loops, api::Api& api, live::Hub& hub, NetOptions options,
               std::function<bool()> ready)
    : impl_(std::make_unique<Impl>(std::move(loops), api, hub, std::move(options), std::move(ready), counters_)) {}

Server::~Server() = default;

void Server::listen() {
    auto& a = impl_->acceptor;
    asio::ip::tcp::endpoint ep{asio::ip::make_address(impl_->options.address), impl_->options.port};
    a.open(ep.protocol());
    a.set_option(asio::socket_base::reuse_address(true));
    a.bind(ep);
    a.listen(asio::socket_base::max_listen_connections);
}

void Server::start() { asio::co_spawn(impl_->home(), impl_->accept_loop(), on_escape("accept")); }

std::uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::stop() {
    impl_->stopping = true;
    asio::post(impl_->home(), [impl = impl_.get()] {
        beast::error_code ignored;
        impl->acceptor.close(ignored);
    });
    std::lock_guard lock(impl_->sessions_mutex);
    for (auto& w : impl_->sessions)
        if (auto s = w.lock()) asio::post(s->executor(), [s] { s->shutdown(); });
}

}  // namespace wp::net
