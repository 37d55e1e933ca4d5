#pragma once
// Outgoing webhooks: challenge.finished and milestone events POSTed as JSON with a
// Slack-compatible `text` to the configured URLs, at least once. They are read from each team's
// feed through a consumer group, so each event goes to one instance, events written while no
// instance posted are posted when one does, and an event whose instance crashed mid-post is
// claimed and posted by another. Retries back off, off the live path: a slow or dead receiver
// delays nothing else.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/result.hpp"
#include "store/store.hpp"
#include "store/task_group.hpp"

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
    // An event taken by an instance that has not acknowledged it this long is posted by another.
    // It must outlast one attempt and the longest wait between two (the poster renews its
    // claim before each attempt).
    std::chrono::milliseconds claim_after{60000};
    std::chrono::milliseconds poll{500};  // how often each team's feed is read
    // Older events are acknowledged without a post (webhooks turned on long after a team began).
    std::chrono::hours max_age{24};
};

// The text a chat channel shows for an event, or "" when the event is not sent.
std::string webhook_text(const nlohmann::json& event);

class Webhooks {
public:
    Webhooks(asio::any_io_executor executor, store::Store& store, WebhookOptions options);
    // On the store's executor; nothing happens without targets.
    void start();
    // Cancels the poll and the posts in flight: an event whose post was cut short stays
    // unacknowledged, for this or another instance to claim (webhooks.claim_after_ms).
    void stop() { tasks_.cancel(); }
    std::uint64_t delivered() const { return delivered_; }
    std::uint64_t failed() const { return failed_; }

private:
    asio::awaitable<void> poll_loop();
    asio::awaitable<void> poll_team(const std::string& team, bool claim_abandoned);
    asio::awaitable<void> deliver(std::string team, store::FeedEntry entry);
    asio::awaitable<bool> post(const WebhookTarget& target, std::string body);

    asio::any_io_executor executor_;
    store::Store& store_;
    WebhookOptions options_;
    std::string consumer_;  // this instance in the consumer group
    std::set<std::string> in_flight_;  // feed ids being posted here
    std::set<std::string> failing_;    // teams whose feed could not be read last time
    bool warned_ = false;
    std::uint64_t delivered_ = 0, failed_ = 0;
    store::TaskGroup tasks_;  // the poll and each delivery
};

}  // namespace wp::net
