#pragma once
// The protocol front ends: WebSocket messages (one handler per type, in api.cpp and
// social.cpp), the REST routes (router.hpp, one file per resource) and the live topics' data
// (as the hub's TopicSource). Everything here runs on the home loop, the one that owns Redis,
// except decode_ws, which each session runs on its own loop.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/answers.hpp"
#include "api/context.hpp"
#include "api/http_types.hpp"
#include "api/message_counts.hpp"
#include "api/router.hpp"
#include "api/ws_decoder.hpp"
#include "live/subscriber.hpp"
#include "live/topic_source.hpp"

namespace wp::api {

// The answer to one WebSocket message, and what the session does after sending it.
struct WsReply {
    live::Frame frame;
    std::optional<domain::Topic> subscribe = std::nullopt;    // topic to join once the ack is queued
    std::optional<domain::Topic> unsubscribe = std::nullopt;  // topic to leave
    nlohmann::json req = nullptr;  // the request's req, for an error the session answers instead
};

class Api final : public live::TopicSource {
public:
    Api(store::Store& store, ApiOptions options);

    // Bearer / subprotocol / ?token= to a caller; unauthorized when unknown or revoked.
    asio::awaitable<domain::Result<Caller>> authenticate(std::string_view token);
    // The `welcome` frame for a rep's new connection.
    asio::awaitable<domain::Result<live::Frame>> welcome(const domain::Rep& rep);
    // A message's first half, on the session's own loop (any loop; thread-safe): parsed and
    // checked against its schema. The error frame to answer, or the message for handle_ws.
    WsDecoded decode_ws(std::string_view text) const { return decoder_.decode(text); }
    // The second half, on the home loop: the message's handler.
    asio::awaitable<WsReply> handle_ws(const domain::Rep& rep, WsMessage message);
    asio::awaitable<HttpAnswer> handle_http(const HttpRequest& request);
    // Same as handle_http for a caller already known (the admin command line).
    asio::awaitable<HttpAnswer> handle_http_as(const Caller& caller, const HttpRequest& request);

    // live::TopicSource
    asio::awaitable<domain::Result<nlohmann::json>> read(const std::string& team,
                                                         const domain::Topic& topic) override;
    domain::Touched touched(const std::string& team, const nlohmann::json& notice) override;
    void hearing(const std::string& team, bool heard) override { ctx_.hearing(team, heard); }
    asio::awaitable<std::vector<std::string>> companions(const std::string& team) override;
    asio::awaitable<domain::Result<bool>> signed_in(const live::Subscriber& s) override;

    // The week's matchups of a team, when due (the loop of every instance calls it; the store
    // decides which one draws). Remembers the week once drawn, so it asks Redis once a week.
    asio::awaitable<void> draw_due_matchups(const std::string& team_id);

    // A display's socket is alive (it connected, answered a ping or closed): its last-seen time
    // for the console, written at most every 30 s per display, so one display on many screens
    // writes once.
    asio::awaitable<void> display_seen(domain::Rep display, bool closing = false);

    // Prometheus text: messages by type, errors by code, log latency, Redis round trips.
    std::string metrics_text() const;
    Context& context() { return ctx_; }

    static HttpAnswer error_answer(const domain::Error& error) { return api::error_answer(error); }
    static live::Frame error_frame(const nlohmann::json& req, const domain::Error& error) {
        return api::error_frame(req, error);
    }

private:
    asio::awaitable<WsReply> dispatch_ws(const domain::Rep& rep, const WsMessage& message);
    asio::awaitable<HttpAnswer> route(const Caller* caller, const HttpRequest& request);
    // {team, me, teammates}: the welcome's and the `team` topic's view of a rep's team.
    asio::awaitable<domain::Result<nlohmann::json>> profile(const domain::Rep& rep);

    // api/social.cpp: challenges, check-ins, cheers, the feed topic (the pair topics: api/pairs.hpp).
    asio::awaitable<domain::Result<nlohmann::json>> create_challenge(const domain::Rep& caller, const nlohmann::json& m);
    asio::awaitable<domain::Result<nlohmann::json>> answer_challenge(const domain::Rep& caller, const nlohmann::json& m,
                                                                     domain::ChallengeAnswer answer);
    asio::awaitable<domain::Result<nlohmann::json>> post_checkin(const domain::Rep& caller, const nlohmann::json& m);
    asio::awaitable<domain::Result<nlohmann::json>> cheer(const domain::Rep& caller, const nlohmann::json& m);
    asio::awaitable<domain::Result<nlohmann::json>> feed_data(const std::string& team_id);
    std::vector<domain::Topic> pair_topics_of(const std::string& team_id, const std::vector<std::string>& reps) const;

    Context ctx_;
    Router router_;
    MessageCounts counts_;  // before decoder_, which counts into it
    WsDecoder decoder_;
    std::map<std::string, std::string, std::less<>> matchups_seen_;  // team -> week key drawn
    std::map<std::string, std::chrono::steady_clock::time_point, std::less<>> display_seen_at_;  // team/display
};

}  // namespace wp::api
