#pragma once
// Outgoing webhooks: challenge.finished and milestone events POSTed as JSON with a
// Slack-compatible `text` to the configured URLs. Each event is sent by one instance only
// (the first to claim it in Redis), with retries and backoff, off the live path: a slow or
// dead receiver delays nothing else.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/result.hpp"
#include "store/store.hpp"

namespace wp::net {

namespace asio = boost::asio;

struct WebhookTarget {
    std::string host;
    std::string port = "80";
    std::string target = "/";  // path and query
    std::string url;           // as configured, for logs
    // Accepts http://host[:port][/path]; https is refused (terminate TLS in a local relay).
    static domain::Result<WebhookTarget> parse(std::string_view url);
};

struct WebhookOptions {
    std::vector<WebhookTarget> targets;
    std::chrono::milliseconds timeout{5000};
    int attempts = 4;  // 1 + 3 retries, 1 s, 2 s, 4 s apart
    std::chrono::milliseconds first_backoff{1000};
};

// The text a chat channel shows for an event, or "" when the event is not sent.
std::string webhook_text(const nlohmann::json& event);

class Webhooks {
public:
    Webhooks(asio::any_io_executor executor, store::Store& store, WebhookOptions options);
    // On the Redis connection's executor: a change notice; its events of interest are sent.
    void on_notice(std::string_view team, std::string_view payload);
    std::uint64_t delivered() const { return delivered_; }
    std::uint64_t failed() const { return failed_; }

private:
    asio::awaitable<void> deliver(std::string team, nlohmann::json event);
    asio::awaitable<bool> post(const WebhookTarget& target, std::string body);

    asio::any_io_executor executor_;
    store::Store& store_;
    WebhookOptions options_;
    std::uint64_t delivered_ = 0, failed_ = 0;
};

}  // namespace wp::net
