// Which teams' notices this instance hears: it listens only for teams someone here is
// connected to, and a team's topics wait for, or are read again when, its notices flow.
#include "live/hub.hpp"

namespace wp::live {

void Hub::count_team(const std::string& team, int change) {
    auto& count = team_connections_[team];
    count = static_cast<std::size_t>(static_cast<long long>(count) + change);
    auto now = count;  // the entry may go next
    if (now == 0) {
        team_connections_.erase(team);
        // Its notices stop here: what the source cached of the team may go stale from now on.
        if (live_teams_.erase(team) > 0) source_.hearing(team, false);
    }
    if (on_team_interest_ && (change > 0 ? now == 1 : now == 0)) on_team_interest_(team, change > 0);
}

void Hub::on_team_live(const std::string& team, bool gap) {
    // The first time, topics subscribed meanwhile wait for their snapshot (see subscribe).
    bool first = live_teams_.insert(team).second;
    // Either way notices may have been missed: the source forgets what it cached of the team.
    if (first || gap) {
        source_.hearing(team, true);
        return on_source_restored(&team);
    }
    for (auto& [key, t] : topics_)
        if (t.team == team && !domain::is_event_stream(t.topic)) mark_dirty(t, key, false);
    schedule_flush();
}

void Hub::on_source_restored(const std::string* only_team) {
    for (auto& [key, t] : topics_) {
        if (only_team && t.team != *only_team) continue;
        mark_dirty(t, key, false);
        // Clients may have missed updates while Redis was away: they get a fresh snapshot.
        t.awaiting_snapshot.clear();
        for (auto& [s, e] : t.subscribers) {
            e.needs_snapshot = true;
            t.awaiting_snapshot.push_back(s);
        }
        t.has_data = false;
    }
    schedule_flush();
}

}  // namespace wp::live
