#pragma once
// What every handler shares, WebSocket and HTTP alike: the store, the teams and rosters read
// from it (cached until a notice says they changed, while this instance hears the team's
// notices; else re-read when a second old), and the operations both protocols offer:
// recording an activity, reading a board or a challenge. Everything here runs on the home loop.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/activity_budget.hpp"
#include "api/attempt_limiter.hpp"
#include "api/board_cache.hpp"
#include "api/schemas.hpp"
#include "domain/calendar.hpp"
#include "domain/histogram.hpp"
#include "domain/team.hpp"
#include "store/store.hpp"

namespace wp::api {

namespace asio = boost::asio;

// An optional text field on the wire: null when empty.
inline nlohmann::json or_null(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

// Who is asking: a rep of a team (any role), or the holder of the server-wide admin token.
struct Caller {
    domain::Rep rep;
    bool server_admin = false;
    std::string session = {};  // which sign-in of the rep (store::TokenOwner::session); empty for the CLI
};

struct ApiOptions {
    std::string server_version = "0.0.0";
    std::string admin_token;  // empty: no server-wide admin
    int leaderboard_rows = 50;
    std::string public_url;   // "https://wolfpack.example.com": the base of invite links; empty: the request's Host
    std::chrono::seconds invite_valid{std::chrono::hours(24 * 7)};
    std::chrono::seconds setup_valid{std::chrono::hours(24)};
    int sign_in_attempts_per_minute = 10;  // per client address, on the code-exchanging routes
    int pairings_per_minute = 10;          // pairing codes a client address may ask for
    std::chrono::seconds pairing_valid{600};
    int celebration_percent = 10;          // of a wall's screen time, at most, under a celebration
    int celebration_seconds = 6;           // one celebration's time on screen
    std::size_t activities_per_minute = 600;  // per token over REST (limits.api_activities_per_minute)
    std::chrono::milliseconds board_max_age{30000};  // a board patched from notices is read again after this
};

struct TeamContext {
    domain::Team team;
    domain::Calendar calendar;
};

class Context {
public:
    Context(store::Store& store, ApiOptions options);

    store::Store& store() { return store_; }
    const ApiOptions& options() const { return options_; }
    const Schemas& schemas() const { return schemas_; }

    // Shared, so a handler awaiting Redis keeps its team while a notice replaces the cached one.
    asio::awaitable<domain::Result<std::shared_ptr<const TeamContext>>> team(const std::string& team_id);
    asio::awaitable<domain::Result<store::Roster>> roster(const std::string& team_id);
    const store::Roster* cached_roster(const std::string& team_id) const;
    const std::map<std::string, store::Roster, std::less<>>& cached_rosters() const { return rosters_; }
    // Another instance (or this one) changed the team's settings or roster.
    void forget_team(const std::string& team_id);
    void forget_roster(const std::string& team_id) {
        rosters_.erase(team_id);
        boards_.forget(team_id);  // names and who the wall hides
    }
    // The team's targets: cached like the roster, until a `targets` notice.
    asio::awaitable<domain::Result<store::TeamTargets>> targets(const std::string& team_id);
    void forget_targets(const std::string& team_id) { targets_.erase(team_id); }
    // The boards read, patched by the notices (only for teams whose notices reach here: hears).
    BoardCache& boards() { return boards_; }
    bool hears(const std::string& team_id) const { return heard_.contains(team_id); }
    // Whether this instance hears the team's notices (live::TopicSource::hearing).
    void hearing(const std::string& team_id, bool heard);

    // One activity for the caller (or, for a team admin, the rep it names): the log's `result`.
    asio::awaitable<domain::Result<nlohmann::json>> log(const domain::Rep& caller, const nlohmann::json& item,
                                                        std::string_view source);
    // A board (METRIC "points": the weighted one) with targets on its rows; `wall`: a display's
    // view, the reps hidden from the wall left out.
    asio::awaitable<domain::Result<nlohmann::json>> leaderboard(const TeamContext& ctx, std::string_view metric,
                                                                domain::Period period, bool wall = false);
    asio::awaitable<domain::Result<nlohmann::json>> challenge(const std::string& team_id, const std::string& id);
    asio::awaitable<domain::Result<nlohmann::json>> challenges(const std::string& team_id,
                                                               const std::vector<std::string>& ids);

    domain::Histogram& log_latency() { return log_latency_; }
    AttemptLimiter& sign_in_attempts() { return sign_in_attempts_; }
    AttemptLimiter& pairing_attempts() { return pairing_attempts_; }
    ActivityBudget& activity_budget() { return activity_budget_; }

private:
    nlohmann::json challenge_json(const store::ChallengeRecord& record, const store::Roster& roster) const;
    using Clock = std::chrono::steady_clock;
    // A cached entry may serve: always for a team whose notices reach here, else while young.
    bool fresh(const std::string& team_id, Clock::time_point loaded) const;

    store::Store& store_;
    ApiOptions options_;
    const Schemas& schemas_;
    std::map<std::string, std::shared_ptr<const TeamContext>, std::less<>> teams_;
    std::map<std::string, store::Roster, std::less<>> rosters_;  // names and pairs
    std::map<std::string, store::TeamTargets, std::less<>> targets_;
    std::map<std::string, Clock::time_point, std::less<>> team_loaded_, roster_loaded_, targets_loaded_;
    BoardCache boards_;
    std::set<std::string, std::less<>> heard_;
    domain::Histogram log_latency_;
    AttemptLimiter sign_in_attempts_;
    AttemptLimiter pairing_attempts_;
    ActivityBudget activity_budget_;
};

// A rep's name in the roster; a deleted rep keeps their id in history.
std::string name_in(const store::Roster& roster, const std::string& rep);
// The ids of those on the roster who can be challenged: everyone but the displays.
std::vector<std::string> challengeable(const store::Roster& roster);

}  // namespace wp::api
