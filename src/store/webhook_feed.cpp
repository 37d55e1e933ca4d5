// The team feed read as a queue for webhooks: the consumer group "webhooks" hands each event to
// one consumer (instance); what a consumer took and never acknowledged (it crashed mid-post) is
// claimed by another once idle long enough. At least once, and once in the normal case.
#include <nlohmann/json.hpp>

#include "store/keys.hpp"
#include "store/redis_args.hpp"
#include "store/store.hpp"

namespace wp::store {

using domain::Errc;
using domain::Error;

namespace {

constexpr std::string_view group = "webhooks";

// [[id, [field, value, ...]], ...] -> entries, their `e` field parsed.
std::vector<FeedEntry> entries_of(const RedisReply& list) {
    std::vector<FeedEntry> out;
    for (const auto& entry : list.elements) {
        if (entry.elements.size() != 2) continue;  // deleted meanwhile (trimmed)
        FeedEntry e{entry.elements[0].str, nullptr};
        const auto& fields = entry.elements[1].elements;
        for (std::size_t i = 0; i + 1 < fields.size(); i += 2)
            if (fields[i].str == "e") e.event = nlohmann::json::parse(fields[i + 1].str, nullptr, false);
        if (e.event.is_discarded() || !e.event.is_object()) e.event = nlohmann::json::object();
        e.event["id"] = e.id;
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace

Task<std::vector<FeedEntry>> Store::webhook_events(std::string_view team_id, std::string_view consumer, int count) {
    auto feed = keys::feed(team_id);
    auto reply = co_await redis_.command(feed, args("XREADGROUP", "GROUP", std::string(group), std::string(consumer),
                                                    "COUNT", std::to_string(count), "STREAMS", feed, ">"));
    if (!reply) co_return reply.error();
    if (reply->is_error() && reply->str.starts_with("NOGROUP")) {
        // A team from before webhooks read the feed as a queue: its queue starts now.
        auto made = co_await redis_.command(feed, args("XGROUP", "CREATE", feed, std::string(group), "$", "MKSTREAM"));
        if (!made) co_return made.error();
        if (made->is_error() && !made->str.starts_with("BUSYGROUP"))
            co_return Error{Errc::unavailable, "XGROUP CREATE answered " + made->str};
        co_return std::vector<FeedEntry>{};
    }
    if (reply->is_error()) co_return Error{Errc::unavailable, "XREADGROUP answered " + reply->str};
    if (reply->is_nil() || reply->elements.empty()) co_return std::vector<FeedEntry>{};
    const auto& stream = reply->elements.front();
    if (stream.elements.size() != 2) co_return Error{Errc::unavailable, "XREADGROUP answered unexpectedly"};
    co_return entries_of(stream.elements[1]);
}

Task<std::vector<FeedEntry>> Store::abandoned_webhook_events(std::string_view team_id, std::string_view consumer,
                                                             std::chrono::milliseconds idle, int count) {
    auto feed = keys::feed(team_id);
    auto reply = co_await command(args("XAUTOCLAIM", feed, std::string(group), std::string(consumer),
                                       std::to_string(idle.count()), "0-0", "COUNT", std::to_string(count)));
    if (!reply) {
        if (reply.error().message.find("NOGROUP") != std::string::npos) co_return std::vector<FeedEntry>{};
        co_return reply.error();
    }
    if (reply->elements.size() < 2) co_return Error{Errc::unavailable, "XAUTOCLAIM answered unexpectedly"};
    co_return entries_of(reply->elements[1]);
}

Task<bool> Store::renew_webhook_claim(std::string_view team_id, std::string_view consumer, std::string_view id) {
    auto reply = co_await command(
        args("XCLAIM", keys::feed(team_id), std::string(group), std::string(consumer), "0", std::string(id), "JUSTID"));
    if (!reply) co_return reply.error();
    co_return !reply->elements.empty();
}

Task<std::monostate> Store::webhook_events_done(std::string_view team_id, const std::vector<std::string>& ids) {
    if (ids.empty()) co_return std::monostate{};
    auto a = args("XACK", keys::feed(team_id), std::string(group));
    a.insert(a.end(), ids.begin(), ids.end());
    auto reply = co_await command(std::move(a));
    if (!reply) co_return reply.error();
    co_return std::monostate{};
}

}  // namespace wp::store
