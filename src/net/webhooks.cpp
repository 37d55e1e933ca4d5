#include "net/webhooks.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <unistd.h>

#include <random>

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

namespace {
std::string consumer_name() {
    char host[256] = "host";
    ::gethostname(host, sizeof host - 1);
    std::random_device random;
    return std::string(host) + "-" + std::to_string(::getpid()) + "-" + std::to_string(random() % 100000);
}
}  // namespace

Webhooks::Webhooks(asio::any_io_executor executor, store::Store& store, WebhookOptions options)
    : executor_(executor), store_(store), options_(std::move(options)), consumer_(consumer_name()), tasks_(executor) {}

void Webhooks::start() {
    if (options_.targets.empty()) return;
    tasks_.spawn(executor_, poll_loop(), "webhooks");
}

asio::awaitable<void> Webhooks::poll_loop() {
    asio::steady_timer tick(executor_);
    auto last_claim = std::chrono::steady_clock::now();
    while (true) {  // until stop() cancels it
        auto teams = co_await store_.team_ids();
        if (!teams && !warned_)
            spdlog::warn("webhook.poll_failed cause=\"cannot read the teams: {}\" retry_ms={}", teams.error().message,
                         options_.poll.count());
        warned_ = !teams;
        // Abandoned events are looked for a few times per claim_after, not on every round.
        bool claim = std::chrono::steady_clock::now() - last_claim >= options_.claim_after / 4;
        if (claim) last_claim = std::chrono::steady_clock::now();
        if (teams)
            for (const auto& team : *teams) co_await poll_team(team, claim);
        tick.expires_after(options_.poll);
        co_await tick.async_wait(nothrow);
    }
}

asio::awaitable<void> Webhooks::poll_team(const std::string& team, bool claim_abandoned) {
    std::vector<store::FeedEntry> entries;
    if (claim_abandoned) {
        auto abandoned = co_await store_.abandoned_webhook_events(team, consumer_, options_.claim_after, 20);
        if (abandoned)
            for (auto& e : *abandoned)
                if (!in_flight_.contains(e.id)) {
                    spdlog::info("webhook.claimed team={} event={} cause=\"left unacknowledged by another instance\"",
                                 team, e.id);
                    entries.push_back(std::move(e));
                }
    }
    auto fresh = co_await store_.webhook_events(team, consumer_, 100);
    if (!fresh) {  // said once per team until it reads again
        if (failing_.insert(team).second)
            spdlog::warn("webhook.poll_failed team={} cause=\"{}\" retry_ms={}", team, fresh.error().message,
                         options_.poll.count());
        co_return;
    }
    if (failing_.erase(team)) spdlog::info("webhook.poll_recovered team={}", team);
    for (auto& e : *fresh) entries.push_back(std::move(e));
    // Events not worth a post (activity, cheers...) and stale ones are acknowledged at once.
    std::vector<std::string> skipped;
    auto oldest = std::chrono::duration_cast<std::chrono::milliseconds>(
        (std::chrono::system_clock::now() - options_.max_age).time_since_epoch());
    for (auto& e : entries) {
        auto born = std::stoll(e.id.substr(0, e.id.find('-')));
        if (webhook_text(e.event).empty() || born < oldest.count()) {
            skipped.push_back(e.id);
            continue;
        }
        in_flight_.insert(e.id);
        tasks_.spawn(executor_, deliver(team, std::move(e)), "webhook.deliver");
    }
    if (auto done = co_await store_.webhook_events_done(team, skipped); !done)
        spdlog::warn("webhook.ack_failed team={} events={} cause=\"{}\"", team, skipped.size(), done.error().message);
}

asio::awaitable<void> Webhooks::deliver(std::string team, store::FeedEntry entry) {
    const auto& event = entry.event;
    json body = {{"text", webhook_text(event)}, {"team", team}, {"event", event}};
    auto text = body.dump();
    asio::steady_timer wait(executor_);
    bool ours = true;
    for (const auto& target : options_.targets) {
        bool sent = false;
        auto backoff = options_.first_backoff;
        for (int attempt = 1; attempt <= options_.attempts && !sent && ours; ++attempt) {
            if (attempt > 1) {
                wait.expires_after(backoff);
                co_await wait.async_wait(nothrow);
                backoff *= 2;
            }
            // Still ours? Renewing also keeps another instance from taking it over meanwhile.
            auto renewed = co_await store_.renew_webhook_claim(team, consumer_, entry.id);
            ours = !renewed || *renewed;  // Redis away: keep trying to post
            if (ours) sent = co_await post(target, text);
        }
        if (!ours) break;
        if (sent) {
            ++delivered_;
            spdlog::info("webhook.delivered url={} event={} kind={}", target.url, entry.id, event.value("kind", ""));
        } else {
            ++failed_;
            spdlog::warn("webhook.failed url={} event={} attempts={} fix=\"check the receiver at that URL\"",
                         target.url, entry.id, options_.attempts);
        }
    }
    in_flight_.erase(entry.id);
    if (!ours) {
        spdlog::info("webhook.handed_over event={} cause=\"another instance claimed it\"", entry.id);
        co_return;
    }
    std::vector<std::string> ids{entry.id};
    if (auto done = co_await store_.webhook_events_done(team, ids); !done)
        spdlog::warn("webhook.ack_failed team={} event={} cause=\"{}\" effect=\"posted again after claim_after\"",
                     team, entry.id, done.error().message);
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
