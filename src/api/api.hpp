#pragma once
// One handler per message type and HTTP route: validate -> domain -> store -> reply.
// Everything here runs on the home loop, the one that owns the Redis connection.
#include <boost/asio/awaitable.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/activity_budget.hpp"
#include "api/http_types.hpp"
#include "api/schemas.hpp"
#include "domain/calendar.hpp"
#include "domain/challenge.hpp"
#include "domain/histogram.hpp"
#include "domain/team.hpp"
#include "live/hub.hpp"
#include "live/subscriber.hpp"
#include "live/topic_source.hpp"
#include "store/store.hpp"

namespace wp::api {

namespace asio = boost::asio;

// Who is asking: a rep of a team (any role), or the holder of the server-wide admin token.
struct Caller {
    domain::Rep rep;
    bool server_admin = false;
};

// The answer to one WebSocket message, and what the session does after sending it.
struct WsReply {
    live::Frame frame;
    std::optional<std::string> subscribe = std::nullopt;    // topic to join once the ack is queued
    std::optional<std::string> unsubscribe = std::nullopt;  // topic to leave
    nlohmann::json req = nullptr;  // the request's req, for an error the session answers instead
};

struct ApiOptions {
    std::string server_version = "0.0.0";
    std::string admin_token;  // empty: no server-wide admin
    int leaderboard_rows = 50;
    std::size_t activities_per_minute = 600;  // per token over REST (limits.api_activities_per_minute)
};

class Api final : public live::TopicSource {
public:
    Api(store::Store& store, ApiOptions options);

    // Bearer / ?token= to a caller; unauthorized when unknown or revoked.
    asio::awaitable<domain::Result<Caller>> authenticate(std::string_view token);
    // The `welcome` frame for a rep's new connection.
    asio::awaitable<domain::Result<live::Frame>> welcome(const domain::Rep& rep);
    asio::awaitable<WsReply> handle_ws(const domain::Rep& rep, std::string_view text);
    asio::awaitable<HttpAnswer> handle_http(const HttpRequest& request);
    // Same as handle_http for a caller already known (the admin command line).
    asio::awaitable<HttpAnswer> handle_http_as(const Caller& caller, const HttpRequest& request);

    // live::TopicSource
    asio::awaitable<domain::Result<nlohmann::json>> read(const std::string& team,
                                                         const std::string& topic) override;
    std::vector<std::string> touched(const std::string& team, const nlohmann::json& notice) override;

    // Prometheus text: messages by type, errors by code, log latency, Redis round trips.
    std::string metrics_text() const;

    static int http_status(domain::Errc code);
    static live::Frame error_frame(const nlohmann::json& req, const domain::Error& error);
    static HttpAnswer error_answer(const domain::Error& error);

private:
    struct TeamContext {
        domain::Team team;
        domain::Calendar calendar;
    };
    asio::awaitable<WsReply> dispatch_ws(const domain::Rep& rep, std::string_view text);
    asio::awaitable<HttpAnswer> route_http(const HttpRequest& request);
    asio::awaitable<domain::Result<const TeamContext*>> team_context(const std::string& team_id);
    asio::awaitable<domain::Result<nlohmann::json>> log(const domain::Rep& caller, const nlohmann::json& item,
                                                        std::string_view source);
    asio::awaitable<domain::Result<nlohmann::json>> leaderboard(const TeamContext& ctx, std::string_view metric,
                                                                domain::Period period);

    // api/social.cpp: challenges, check-ins, cheers, the pair, challenge and feed topics.
    asio::awaitable<domain::Result<store::Roster>> roster(const std::string& team_id);
    asio::awaitable<domain::Result<nlohmann::json>> create_challenge(const domain::Rep& caller, const nlohmann::json& m);
    asio::awaitable<domain::Result<nlohmann::json>> answer_challenge(const domain::Rep& caller, const nlohmann::json& m,
                                                                     domain::ChallengeAnswer answer);
    asio::awaitable<domain::Result<nlohmann::json>> post_checkin(const domain::Rep& caller, const nlohmann::json& m);
    asio::awaitable<domain::Result<nlohmann::json>> cheer(const domain::Rep& caller, const nlohmann::json& m);
    asio::awaitable<domain::Result<nlohmann::json>> challenge_data(const std::string& team_id, const std::string& id);
    asio::awaitable<domain::Result<nlohmann::json>> challenge_list(const std::string& team_id,
                                                                   const std::vector<std::string>& ids);
    asio::awaitable<domain::Result<nlohmann::json>> pair_data(const TeamContext& ctx, const std::string& pair_id);
    asio::awaitable<domain::Result<nlohmann::json>> feed_data(const std::string& team_id);
    nlohmann::json challenge_json(const store::ChallengeRecord& record, const store::Roster& roster) const;
    std::vector<std::string> pair_topics_of(const std::string& team_id, const std::vector<std::string>& reps) const;

    asio::awaitable<HttpAnswer> get_challenge(const Caller& caller, std::string_view id);
    // api/reports.cpp
    asio::awaitable<HttpAnswer> get_stats(const Caller& caller, std::string_view rep_id, const HttpRequest& request);
    asio::awaitable<HttpAnswer> get_activities_csv(const Caller& caller, const std::string& team_id,
                                                   const HttpRequest& request);
    // bearer: whose budget a request spends (empty from the command line: none).
    asio::awaitable<HttpAnswer> post_activities(const Caller& caller, const nlohmann::json& body,
                                                const std::string& bearer);
    asio::awaitable<HttpAnswer> get_leaderboard(const Caller& caller, const HttpRequest& request);
    asio::awaitable<HttpAnswer> admin_route(const Caller& caller, const HttpRequest& request,
                                            const nlohmann::json& body);

    store::Store& store_;
    ApiOptions options_;
    const Schemas& schemas_;
    std::map<std::string, TeamContext, std::less<>> teams_;
    // Rosters for names and pairs; dropped when a `roster` notice says they changed.
    std::map<std::string, store::Roster, std::less<>> rosters_;
    // Counted on the home executor, where every handler runs.
    std::map<std::string, std::uint64_t, std::less<>> messages_by_type_;
    std::map<std::string, std::uint64_t, std::less<>> errors_by_code_;
    domain::Histogram log_latency_;
    ActivityBudget budget_;
};

}  // namespace wp::api
