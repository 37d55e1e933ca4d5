#include "net/server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <limits>

#include "net/accept_backoff.hpp"
#include "net/connection_limits.hpp"
#include "net/descriptors.hpp"
#include "net/http_request.hpp"
#include "net/idle_connections.hpp"
#include "net/log_throttle.hpp"
#include "net/on_escape.hpp"
#include "net/net_metrics.hpp"
#include "net/origin.hpp"
#include "net/responses.hpp"
#include "net/static_files.hpp"
#include "net/sessions.hpp"
#include "net/ws_handshake.hpp"

namespace wp::net {

namespace {

namespace beast = boost::beast;
using Nothrow = asio::as_tuple_t<asio::use_awaitable_t<>>;
using TcpStream = Nothrow::as_default_on_t<beast::tcp_stream>;
using Acceptor = Nothrow::as_default_on_t<asio::ip::tcp::acceptor>;
using Timer = Nothrow::as_default_on_t<asio::steady_timer>;
using Socket = asio::ip::tcp::socket;

// A serving connection's stream, for an eviction posted to its loop: set when serve() starts
// (before any eviction posted after its spawn runs), null once it ended.
struct Reachable { TcpStream* stream = nullptr; };

// What an HTTP connection holds while it is served: its descriptor under the process's
// budget (moved into the WebSocket session if it upgrades), its place under the HTTP caps, and
// its wait for a first request, taken at accept: until serve() runs it could not otherwise be
// evicted, and a flood accepted faster than the loops start serving would find nobody to evict.
struct Admitted {
    ConnectionLimits::Slot descriptor;
    ConnectionLimits::Slot http;
    std::shared_ptr<Reachable> reachable;
    IdleConnections::Wait waiting;
};

}  // namespace

struct Server::Impl {
    std::vector<asio::io_context*> loops;
    api::Api& api;
    live::Hub& hub;
    NetOptions options;
    std::function<bool()> ready;
    NetCounters& counters;
    Acceptor acceptor;
    StaticFiles files;
    std::size_t open_file_limit;
    ConnectionLimits descriptors;  // every connection, HTTP or WebSocket: one descriptor each
    ConnectionLimits http_limits;  // connections not (yet) upgraded
    ConnectionLimits limits;       // WebSockets
    Sessions sessions;
    IdleConnections idle;
    LogThrottle accept_warnings, http_refusals, evictions, ws_refusals, origin_refusals;
    const std::string refused_per_ip = refusal_text(
        "too many connections from this address (limits.max_http_connections_per_ip); retry later");
    const std::string refused_full =
        refusal_text("too many connections to this server (limits.max_http_connections, or its open-file limit); "
                     "retry later");
    std::atomic<bool> stopping = false;

    Impl(std::vector<asio::io_context*> l, api::Api& a, live::Hub& h, NetOptions o, std::function<bool()> r,
         NetCounters& c)
        : loops(std::move(l)), api(a), hub(h), options(std::move(o)), ready(std::move(r)), counters(c),
          acceptor(loops.front()->get_executor()), files(options.web_root, options.frame_ancestors),
          open_file_limit(raise_open_file_limit()),
          descriptors(connection_descriptors(open_file_limit), std::numeric_limits<std::size_t>::max()),
          http_limits(options.max_http_connections, options.max_http_connections_per_ip),
          limits(options.max_connections, options.max_connections_per_ip),
          sessions(loops, std::chrono::duration_cast<std::chrono::milliseconds>(options.ws_ping)) {}

    asio::any_io_executor home() { return loops.front()->get_executor(); }

    asio::awaitable<void> accept_loop() {
        AcceptBackoff backoff;
        Timer pause(home());
        for (std::size_t i = 0;;) {  // a connection never changes loop
            auto& loop = *loops[i % loops.size()];
            auto [ec, accepted] = co_await acceptor.async_accept(loop.get_executor());
            if (ec == asio::error::operation_aborted || stopping) co_return;
            if (ec) {
                ++counters.accept_failed;
                auto delay = backoff.after_failure(ec.category() == boost::system::system_category() ? ec.value() : 0);
                if (auto n = accept_warnings.note())
                    spdlog::warn("net.accept_failed error=\"{}\" count={} pause_ms={}{}", ec.message(), *n, delay.count(),
                                 AcceptBackoff::is_exhaustion(ec.value())
                                     ? " fix=\"raise the open-file limit (ulimit -n) or lower the connection caps\""
                                     : "");
                if (delay.count() > 0) {
                    pause.expires_after(delay);
                    (void)co_await pause.async_wait();
                    if (stopping) co_return;
                }
                continue;
            }
            backoff.succeeded();
            Socket socket(std::move(accepted));
            auto admitted = admit(socket, loop.get_executor());
            if (!admitted) continue;
            ++i;
            // Frames are small and go out as they come: without this, Nagle holds a frame
            // back until the peer acknowledges the previous one, up to its delayed-ACK timeout.
            boost::system::error_code ignored;
            socket.set_option(asio::ip::tcp::no_delay(true), ignored);
            asio::co_spawn(loop, serve(TcpStream{std::move(socket)}, std::move(*admitted)), on_escape("http"));
        }
    }

    // Takes the new connection's places under the caps, evicting the connection that has
    // waited longest for a request when the server is full; or answers 503 and closes it.
    std::optional<Admitted> admit(Socket& socket, const asio::any_io_executor& loop) {
        auto address = peer_address(socket);
        bool evicted = false;
        auto [http, refusal] = http_limits.acquire(address);
        if (!http && refusal == ConnectionLimits::Refusal::total && (evicted = evict()))
            std::tie(http, refusal) = http_limits.acquire(address, true);
        if (!http) {
            bool own = refusal == ConnectionLimits::Refusal::per_address;
            refuse(socket, own ? refused_per_ip : refused_full, address,
                   own ? "max_http_connections_per_ip" : "max_http_connections",
                   own ? http_limits.per_address() : http_limits.total());
            return std::nullopt;
        }
        auto [descriptor, _] = descriptors.acquire("");
        if (!descriptor && (evicted || evict())) std::tie(descriptor, _) = descriptors.acquire("", true);
        if (!descriptor) {
            refuse(socket, refused_full, address, "open_file_limit", descriptors.total());
            return std::nullopt;
        }
        auto reachable = std::make_shared<Reachable>();
        auto waiting = idle.wait(closer(reachable, loop));
        return Admitted{std::move(*descriptor), std::move(*http), std::move(reachable), std::move(waiting)};
    }

    // Closes the connection on its own loop, if it is still being served then.
    static std::function<void()> closer(std::shared_ptr<Reachable> reachable, asio::any_io_executor loop) {
        return [reachable = std::move(reachable), loop = std::move(loop)] {
            asio::post(loop, [reachable] {
                if (reachable->stream) reachable->stream->close();
            });
        };
    }

    bool evict() {
        if (!idle.evict_oldest()) return false;
        ++counters.http_evicted;
        if (auto n = evictions.note())
            spdlog::warn("net.http_evicted count={} cause=\"the server is full: the connections waiting longest for a "
                         "request were closed\"", *n);
        return true;
    }

    void refuse(Socket& socket, const std::string& answer, const std::string& address, std::string_view cause,
                std::size_t limit) {
        ++counters.http_refused;
        if (auto n = http_refusals.note())
            spdlog::warn("net.http_refused cause={} address={} limit={} count={}", cause, address, limit, *n);
        write_refusal(socket, answer);
    }

    asio::awaitable<void> serve(TcpStream stream, Admitted admitted) {
        auto& reachable = admitted.reachable;
        reachable->stream = &stream;
        struct Ended {  // also when this coroutine is destroyed suspended, at exit
            Impl& impl;
            Reachable& reachable;
            ~Ended() {
                reachable.stream = nullptr;
                --impl.counters.http_connections;
            }
        } ended{*this, *reachable};
        ++counters.http_connections;
        beast::flat_buffer buffer;
        for (bool first = true;; first = false) {
            RequestParser parser;
            apply_limits(parser, options);
            stream.expires_after(options.http_idle);
            // Evictable while it waits for a request (the first wait was taken at accept).
            if (!first) admitted.waiting = idle.wait(closer(reachable, stream.get_executor()));
            auto [ec, n] = co_await http::async_read(stream, buffer, parser);
            admitted.waiting.end();
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
            if (beast::websocket::is_upgrade(req)) {
                stream.expires_never();
                co_await upgrade(std::move(stream), std::move(req), std::move(admitted.descriptor));
                co_return;
            }
            auto started = std::chrono::steady_clock::now();
            auto res = co_await handle(req, peer_address(stream.socket()));
            auto [wec, wn] = co_await http::async_write(stream, res);
            // The access log: the path without its query, which may hold a token.
            spdlog::info("http.request method={} path={} status={} bytes={} ms={:.2f} peer={}",
                         std::string_view(req.method_string()), split_target(req.target()).path,
                         res.result_int(), wn,
                         std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count(),
                         peer_address(stream.socket()));
            if (wec || !res.keep_alive()) break;
        }
        beast::error_code ignored;
        stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    }

    asio::awaitable<Response> handle(const Request& req, std::string peer) {
        auto raw_path = split_target(req.target()).path;
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
            auto request = api_request(req, std::move(peer));
            if (!request) co_return error_response(req, request.error().code, request.error().message);
            api::HttpAnswer answer;
            try {
                answer = co_await asio::co_spawn(home(), api.handle_http(*request), asio::use_awaitable);
            } catch (const std::exception& e) {
                spdlog::error("http.handler_failed path={} error=\"{}\"", request->path, e.what());
                co_return error_response(req, domain::Errc::unavailable, "internal error; retry");
            }
            auto res = json_response(req, static_cast<http::status>(answer.status), std::move(answer.body),
                                     answer.content_type);
            if (answer.retry_after > 0) res.set(http::field::retry_after, std::to_string(answer.retry_after));
            co_return res;
        }
        co_return files.answer(req);
    }

    asio::awaitable<Response> metrics(const Request& req) {
        // Hub and API state lives on home: read both there.
        auto [stats, api_text] = co_await asio::co_spawn(
            home(), [this]() -> asio::awaitable<std::pair<live::HubStats, std::string>> {
                co_return std::pair<live::HubStats, std::string>(hub.stats(), api.metrics_text());
            }, asio::use_awaitable);
        auto m = render_metrics(counters, stats);
        m += api_text;
        co_return json_response(req, http::status::ok, std::move(m), "text/plain; version=0.0.4");
    }

    // On home: who the token belongs to, their welcome frame, the hub's sign-in epoch before
    // the check. A member coroutine: g++ 12 double-frees strings captured by a coroutine lambda.
    struct AdmittedSocket {
        api::Caller caller;
        live::Frame welcome;
        std::uint64_t checked_at = 0;
    };
    asio::awaitable<domain::Result<AdmittedSocket>> authenticate_upgrade(std::string token) {
        auto checked_at = hub.sign_in_epoch();
        auto caller = co_await api.authenticate(token);
        if (!caller) co_return caller.error();
        if (caller->server_admin)
            co_return domain::Error{domain::Errc::forbidden, "the server admin token has no team: use a rep's token"};
        auto welcome = co_await api.welcome(caller->rep);
        if (!welcome) co_return welcome.error();
        AdmittedSocket admitted{std::move(*caller), *welcome, checked_at};
        co_return admitted;
    }

    asio::awaitable<void> upgrade(TcpStream stream, Request req, ConnectionLimits::Slot descriptor) {
        if (split_target(req.target()).path != "/ws") {
            auto res = error_response(req, domain::Errc::not_found, "WebSocket endpoint is /ws");
            (void)co_await http::async_write(stream, res);
            co_return;
        }
        auto token = upgrade_token(req);
        auto handshake = check_upgrade(req);
        auto fail = [&](domain::Errc code, std::string message) -> asio::awaitable<void> {
            auto res = error_response(req, code, std::move(message));
            res.keep_alive(false);
            if (code == domain::Errc::unavailable) res.set(http::field::retry_after, "5");
            if (handshake.other_version) {
                res.result(http::status::upgrade_required);
                res.set(http::field::sec_websocket_version, "13");
            }
            stream.expires_after(options.http_idle);
            (void)co_await http::async_write(stream, res);
        };
        if (handshake.accept.empty()) co_return co_await fail(domain::Errc::bad_request, handshake.refusal);
        // A page of another site must not ride on a rep's ?token= (cross-site WebSocket hijacking).
        if (!origin_allowed(req[http::field::origin], req[http::field::host], options.allowed_origins)) {
            ++counters.ws_refused;
            if (auto n = origin_refusals.note())
                spdlog::info("ws.origin_refused origin=\"{}\" count={} fix=\"list it in allowed_origins if it is yours\"",
                             loggable_origin(req[http::field::origin]), *n);
            co_return co_await fail(domain::Errc::forbidden,
                                    "origin not allowed: open the page from this server, or list its origin in "
                                    "allowed_origins");
        }
        if (token.empty())
            co_return co_await fail(domain::Errc::unauthorized,
                                    "send Authorization: Bearer TOKEN, the subprotocol wolfpack.token.TOKEN or ?token=");
        if (stopping) co_return co_await fail(domain::Errc::unavailable, "server is shutting down");
        auto address = peer_address(stream.socket());
        auto [slot, refusal] = limits.acquire(address);
        if (!slot) {
            bool total = refusal == ConnectionLimits::Refusal::total;
            ++counters.ws_refused;
            if (auto n = ws_refusals.note())  // a flood of upgrades must not flood the log too
                spdlog::warn("ws.connection_refused cause={} address={} limit={} count={}",
                             total ? "max_connections" : "max_connections_per_ip", address,
                             total ? options.max_connections : options.max_connections_per_ip, *n);
            co_return co_await fail(domain::Errc::unavailable,
                                    total ? "too many connections to this server (limits.max_connections); retry later"
                                          : "too many connections from this address (limits.max_connections_per_ip); "
                                            "retry later");
        }
        auto auth = co_await asio::co_spawn(home(), authenticate_upgrade(std::move(token)), asio::use_awaitable);
        if (!auth) co_return co_await fail(auth.error().code, auth.error().message);
        stream.expires_after(options.http_idle);
        auto answer = switching_protocols(handshake);
        if (auto [ec, n] = co_await asio::async_write(stream, asio::buffer(answer)); ec) co_return;
        auto& sweep = sessions.sweep_of(stream.get_executor());
        auto session = std::make_shared<WsSession>(stream.release_socket(), std::move(auth->caller.rep),
                                                   std::move(auth->caller.session), api, hub, home(), options,
                                                   counters, std::move(*slot), std::move(descriptor), sweep);
        sessions.add(session);
        // The session runs on callbacks and this coroutine, with serve(), ends here: awaiting it
        // kept their frames (HTTP parser and buffer, moved-from streams) for the connection's life.
        session->start(std::move(auth->welcome), auth->checked_at);
    }
};

Server::Server(std::vector<asio::io_context*> loops, api::Api& api, live::Hub& hub, NetOptions options,
               std::function<bool()> ready)
    : impl_(std::make_unique<Impl>(std::move(loops), api, hub, std::move(options), std::move(ready), counters_)) {}

Server::~Server() = default;

void Server::listen() {
    auto& impl = *impl_;
    auto budget = impl.descriptors.total();
    spdlog::info("net.descriptors open_file_limit={} for_connections={}", impl.open_file_limit, budget);
    if (impl.options.max_connections + impl.options.max_http_connections > budget)
        spdlog::warn("net.descriptors_short open_file_limit={} for_connections={} max_connections={} "
                     "max_http_connections={} fix=\"raise the open-file limit (ulimit -n, LimitNOFILE=) or lower the "
                     "caps; connections beyond it are refused or evict idle ones\"",
                     impl.open_file_limit, budget, impl.options.max_connections, impl.options.max_http_connections);
    auto& a = impl.acceptor;
    asio::ip::tcp::endpoint ep{asio::ip::make_address(impl_->options.address), impl_->options.port};
    a.open(ep.protocol());
    a.set_option(asio::socket_base::reuse_address(true));
    a.bind(ep);
    a.listen(asio::socket_base::max_listen_connections);
}

void Server::start() {
    impl_->sessions.start();
    asio::co_spawn(impl_->home(), impl_->accept_loop(), on_escape("accept"));
}

std::uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::stop(std::function<void()> closed) {
    impl_->stopping = true;
    asio::post(impl_->home(), [impl = impl_.get()] {
        beast::error_code ignored;
        impl->acceptor.close(ignored);
    });
    impl_->sessions.shutdown_all(std::move(closed));
}

}  // namespace wp::net
