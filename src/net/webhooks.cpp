#include "net/webhooks.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include "store/keys.hpp"
#include "store/redis_args.hpp"

namespace wp::net {

namespace beast = boost::beast;
namespace http = beast::http;
using nlohmann::json;

namespace {
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);
}

domain::Result<WebhookTarget> WebhookTarget::parse(std::string_view url) {
    WebhookTarget t;
    t.url = std::string(url);
    constexpr std::string_view scheme = "http://";
    if (!url.starts_with(scheme))
        return domain::bad_request("webhooks.urls: '" + std::string(url) + "' must start with http:// (https: use a local relay)");
    auto rest = url.substr(scheme.size());
    auto slash = rest.find('/');
    auto authority = rest.substr(0, slash);
    if (slash != std::string_view::npos) t.target = std::string(rest.substr(slash));
    auto colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
        t.port = std::string(authority.substr(colon + 1));
        authority = authority.substr(0, colon);
        if (t.port.empty() || t.port.find_first_not_of("0123456789") != std::string::npos)
            return domain::bad_request("webhooks.urls: '" + std::string(url) + "' has a bad port");
    }
    if (authority.empty()) return domain::bad_request("webhooks.urls: '" + std::string(url) + "' has no host");
    t.host = std::string(authority);
    return t;
}

std::string webhook_text(const json& e) {
    auto kind = e.value("kind", "");
    auto str = [&](const char* k) { return e.contains(k) && e[k].is_string() ? e[k].get<std::string>() : std::string(); };
    if (kind == "challenge.finished") {
        auto what = str("challenge_kind") + " " + str("metric") + " challenge " + str("challenge");
        if (str("winner") == "draw") return ":handshake: It's a draw: " + what;
        if (!str("winner").empty()) return ":trophy: " + str("name") + " won the " + what;
        if (e.contains("reached") && e["reached"].is_array() && !e["reached"].empty()) {
            std::string who;
            for (const auto& r : e["reached"]) who += (who.empty() ? "" : ", ") + r.get<std::string>();
            return ":dart: Target reached by " + who + ": " + what;
        }
        return ":checkered_flag: Finished without a winner: " + what;
    }
    if (kind == "milestone") {
        auto count = e.contains("count") ? e["count"].dump() : std::string("?");
        if (e.value("personal_best", false))
            return ":fire: " + str("name") + " set a personal best: " + count + " " + str("metric") + " this week";
        return ":tada: " + str("name") + " reached " + count + " " + str("metric") +
               (str("period") == "day" ? " today" : " this week");
    }
    return "";
}

Webhooks::Webhooks(asio::any_io_executor executor, store::Store& store, WebhookOptions options)
    : executor_(executor), store_(store), options_(std::move(options)) {}

void Webhooks::on_notice(std::string_view team, std::string_view payload) {
    if (options_.targets.empty()) return;
    auto notice = json::parse(payload, nullptr, false);
    if (notice.is_discarded() || !notice.contains("events") || !notice["events"].is_array()) return;
    for (const auto& ev : notice["events"])
        if (!webhook_text(ev).empty())
            asio::co_spawn(executor_, deliver(std::string(team), ev), asio::detached);
}

asio::awaitable<void> Webhooks::deliver(std::string team, json event) {
    // Every instance hears the notice; the one that claims the event sends it.
    auto id = event.value("id", "");
    auto claimed = co_await store_.command(
        store::args("SET", store::keys::team_prefix(team) + "wh:" + id, "1", "NX", "EX", "86400"));
    if (!claimed || claimed->is_nil()) co_return;
    json body = {{"text", webhook_text(event)}, {"team", team}, {"event", event}};
    auto text = body.dump();
    for (const auto& target : options_.targets) {
        bool sent = false;
        auto backoff = options_.first_backoff;
        asio::steady_timer wait(executor_);
        for (int attempt = 1; attempt <= options_.attempts && !sent; ++attempt) {
            sent = co_await post(target, text);
            if (sent) break;
            if (attempt == options_.attempts) break;
            wait.expires_after(backoff);
            co_await wait.async_wait(nothrow);
            backoff *= 2;
        }
        if (sent) {
            ++delivered_;
            spdlog::info("webhook.delivered url={} event={} kind={}", target.url, id, event.value("kind", ""));
        } else {
            ++failed_;
            spdlog::warn("webhook.failed url={} event={} attempts={} fix=\"check the receiver at that URL\"",
                         target.url, id, options_.attempts);
        }
    }
}

asio::awaitable<bool> Webhooks::post(const WebhookTarget& target, std::string body) {
    asio::ip::tcp::resolver resolver(executor_);
    auto [rec, endpoints] = co_await resolver.async_resolve(target.host, target.port, nothrow);
    if (rec) co_return false;
    beast::tcp_stream stream(executor_);
    stream.expires_after(options_.timeout);
    auto [cec, _] = co_await stream.async_connect(endpoints, nothrow);
    if (cec) co_return false;
    http::request<http::string_body> req{http::verb::post, target.target, 11};
    req.set(http::field::host, target.host);
    req.set(http::field::user_agent, "wolfpack-webhook");
    req.set(http::field::content_type, "application/json");
    req.body() = std::move(body);
    req.prepare_payload();
    auto [wec, wn] = co_await http::async_write(stream, req, nothrow);
    if (wec) co_return false;
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    auto [rdec, rn] = co_await http::async_read(stream, buffer, res, nothrow);
    if (rdec) co_return false;
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    co_return res.result_int() >= 200 && res.result_int() < 300;
}

}  // namespace wp::net
