#pragma once
// Wolfpack's data in Redis: teams, reps, tokens, pairs, activity and leaderboards.
// Every multi-key write is one Lua script. Await every call on the Redis connection's executor.
#include <array>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/activity.hpp"
#include "domain/calendar.hpp"
#include "domain/result.hpp"
#include "domain/team.hpp"
#include "store/redis_connection.hpp"

namespace wp::store {

template <class T>
using Task = asio::awaitable<domain::Result<T>>;

struct StoreOptions {
    std::chrono::seconds idempotency_ttl{std::chrono::hours(24 * 8)};  // > the 7 days `at` allows
    std::chrono::seconds board_retention{std::chrono::hours(24 * 400)};
    std::int64_t feed_max_len = 10000;
};

struct IssuedToken {
    domain::Rep rep;
    std::string token;  // shown once, never stored
};

struct Pair {
    std::string id;
    std::vector<std::string> reps;
};

struct Roster {
    domain::Team team;
    std::vector<domain::Rep> reps;  // live reps, by id
    std::vector<Pair> pairs;
};

struct LogOutcome {
    bool duplicate = false;
    std::array<std::int64_t, 5> counts{};  // the rep's counts, in domain::all_periods order
};

struct BoardRow {
    std::string rep;
    std::string name;
    std::int64_t count = 0;
};

struct Board {
    std::vector<BoardRow> rows;  // by count descending, at most the limit asked for
    std::int64_t total = 0;      // every rep's count on the board
};

class Store {
public:
    Store(RedisConnection& redis, StoreOptions options = {});

    Task<domain::Team> create_team(const domain::Team& team);  // conflict if the id exists
    Task<domain::Team> team(std::string_view team_id);         // not_found
    Task<Roster> roster(std::string_view team_id);
    Task<IssuedToken> add_rep(const domain::Rep& rep);          // not_found team, conflict rep
    Task<std::string> rotate_token(std::string_view team_id, std::string_view rep_id);
    Task<std::monostate> delete_rep(std::string_view team_id, std::string_view rep_id);
    Task<Pair> add_pair(std::string_view team_id, std::string_view a, std::string_view b);
    Task<domain::Rep> authenticate(std::string_view token);    // unauthorized

    Task<LogOutcome> log(const domain::Team& team, const domain::Calendar& calendar,
                         const domain::Activity& activity, std::string_view source);
    Task<Board> board(std::string_view team_id, std::string_view metric,
                      std::string_view period_key, int limit);

    // Runs a script from src/store/lua/ by name ("log_activity"), by EVALSHA with EVAL as the
    // fallback when Redis lost its script cache.
    Task<RedisReply> eval(std::string_view script, const std::vector<std::string>& keys,
                          const std::vector<std::string>& args);
    Task<RedisReply> command(std::vector<std::string> args);  // Redis error replies -> unavailable

    RedisConnection& redis() { return redis_; }
    const StoreOptions& options() const { return options_; }

private:
    struct Script {
        std::string text;
        std::string sha;
    };
    const Script& script(std::string_view name);
    Task<std::monostate> revoke_or_rotate(std::string_view team_id, std::string_view rep_id,
                                          const std::string& new_hash);

    RedisConnection& redis_;
    StoreOptions options_;
    std::map<std::string, Script, std::less<>> scripts_;
    std::map<std::string, domain::Team, std::less<>> teams_;  // teams never change once made
};

}  // namespace wp::store
