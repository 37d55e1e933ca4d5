#pragma once
// The boards this instance has read, per team, kept current by the change notices: each log's
// notice carries the team's new board version and the rep's new count and the board's new total
// on every period's board (log_activity.lua), so a board is read from Redis once and then
// patched. It is read again after a gap in the versions (a notice missed), for a period that
// rolled over (a new key), after a change the notices do not carry (roster, targets: forget),
// when a correction may have let an unseen rep past the rows held, and once `max_age` has passed,
// so nothing stale outlives the refresh interval. Only for teams whose notices reach here.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>

#include <nlohmann/json.hpp>

#include "store/store.hpp"

namespace wp::api {

class BoardCache {
public:
    using Clock = std::chrono::steady_clock;
    explicit BoardCache(Clock::duration max_age) : max_age_(max_age) {}

    // The board as held, when it was read within max_age with at least `rows` rows asked for
    // and is as new as the newest notice heard (a read answered before that notice is not).
    const store::Board* find(const std::string& team, const std::string& metric, const std::string& period_key,
                             std::size_t rows, Clock::time_point now = Clock::now()) const;
    // A board just read with `rows` asked for (board.version: the team's board version then).
    // Not kept when a newer notice was heard while it was being read: the re-read that notice
    // asked for must not be answered from it.
    void put(const std::string& team, const std::string& metric, const std::string& period_key, store::Board board,
             std::size_t rows, Clock::time_point read_at = Clock::now());
    // A change notice of the team: an activity's patches every board held that it moves and
    // advances the others' version; what it cannot patch is forgotten (read again when asked),
    // and so is a board past max_age (a past period's, which no one asks for any more).
    void apply(const std::string& team, const nlohmann::json& notice, Clock::time_point now = Clock::now());
    void forget(const std::string& team) {
        teams_.erase(team);
        heard_.erase(team);
    }
    std::size_t size(const std::string& team) const;

private:
    struct Entry {
        store::Board board;
        std::size_t rows = 0;  // asked for: when the read got this many, the board may hold more reps
        Clock::time_point read_at;
    };
    using Key = std::pair<std::string, std::string>;  // metric, period key
    Clock::duration max_age_;
    std::map<std::string, std::map<Key, Entry>, std::less<>> teams_;
    std::map<std::string, std::uint64_t, std::less<>> heard_;  // the newest board version in a notice
};

}  // namespace wp::api
