#pragma once
// One handler per message type and HTTP route: validate -> domain -> store -> reply.
// Everything here runs on the home loop, the one that owns the Redis connection.
#include <boost/asio/awaitable.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/http_types.hpp"
#include "api/schemas.hpp"
#include "domain/calendar.hpp"
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
};

struct ApiOptions {
    std::string server_version = "0.0.0";
    std::string admin_token;  // empty: no server-wide admin
    int leaderboard_rows = 50;
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

    static int http_status(domain::Errc code);
    static live::Frame error_frame(const nlohmann::json& req, const domain::Error& error);
    static HttpAnswer error_answer(const domain::Error& error);

private:
    struct TeamContext {
        domain::Team team;
        domain::Calendar calendar;
    };
    asio::awaitable<domain::Result<const TeamContext*>> team_context(const std::string& team_id);
    asio::awaitable<domain::Result<nlohmann::json>> log(const domain::Rep& caller, const nlohmann::json& item,
                                                        std::string_view source);
    asio::awaitable<domain::Result<nlohmann::json>> leaderboard(const TeamContext& ctx, std::string_view metric,
                                                                domain::Period period);
    domain::Status check_topic(const domain::Team& team, std::string_view topic) const;

    asio::awaitable<HttpAnswer> post_activities(const Caller& caller, const nlohmann::json& body);
    asio::awaitable<HttpAnswer> get_leaderboard(const Caller& caller, const HttpRequest& request);
    asio::awaitable<HttpAnswer> admin_route(const Caller& caller, const HttpRequest& request,
                                            const nlohmann::json& body);

    store::Store& store_;
    ApiOptions options_;
    const Schemas& schemas_;
    std::map<std::string, TeamContext, std::less<>> teams_;
};

}  // namespace wp::api
