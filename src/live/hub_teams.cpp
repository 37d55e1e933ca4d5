// Which teams' notices this instance hears: it listens only for teams someone here is
// connected to and the teams they partner with across teams (a partner's change shows on the
// pair card), and a team's topics wait for, or are read again when, its notices flow; so do
// its connections' sign-ins, which a revoke notice sent meanwhile did not reach.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "live/hub.hpp"

namespace wp::live {

void Hub::count_team(const std::string& team, int change) {
    auto& count = team_connections_[team];
    count = static_cast<std::size_t>(static_cast<long long>(count) + change);
    if (change > 0 && count == 1) {
        hold(team);
        tasks_.spawn(home_, refresh_companions(team), "hub.companions");
    } else if (count == 0) {
        team_connections_.erase(team);
        auto held = companions_.extract(team);
        release(team);
        if (!held.empty())
            for (const auto& other : held.mapped()) release(other);
    }
}

void Hub::hold(const std::string& team) {
    if (++holds_[team] == 1 && on_team_interest_) on_team_interest_(team, true);
}

void Hub::release(const std::string& team) {
    auto it = holds_.find(team);
    if (it == holds_.end() || --it->second > 0) return;
    holds_.erase(it);
    // Its notices stop here: what the source cached of the team may go stale from now on.
    if (live_teams_.erase(team) > 0) source_.hearing(team, false);
    if (on_team_interest_) on_team_interest_(team, false);
}

asio::awaitable<void> Hub::check_sign_in(std::shared_ptr<Subscriber> s) {
    auto holds = co_await source_.signed_in(*s);
    if (!holds || *holds) co_return;  // Redis away: asked again once the team's notices flow again
    spdlog::info("hub.sign_in_ended team={} rep={} cause=\"revoked before this instance heard it\"", s->team(), s->rep());
    asio::post(s->executor(), [s] { s->close("signed out"); });
}

asio::awaitable<void> Hub::refresh_companions(std::string team) {
    auto found = co_await source_.companions(team);
    if (!team_connections_.contains(team)) co_return;  // its last connection went meanwhile
    auto& held = companions_[team];
    // Hold the new ones before releasing the old, so a team in both is never dropped between.
    for (const auto& other : found)
        if (std::find(held.begin(), held.end(), other) == held.end()) hold(other);
    for (const auto& other : held)
        if (std::find(found.begin(), found.end(), other) == found.end()) release(other);
    held = std::move(found);
}

void Hub::on_team_live(const std::string& team, bool gap) {
    // The first time, topics subscribed meanwhile wait for their snapshot (see subscribe).
    bool first = live_teams_.insert(team).second;
    // Either way notices may have been missed (a log while Redis came back, before the channel
    // did): the source forgets what it cached of the team, its boards among it, so the re-read
    // below reaches Redis.
    source_.hearing(team, true);
    if (first || gap) {
        // A revoke notice sent before they flowed was missed: each connection's sign-in is asked.
        ++sign_in_epoch_;
        connections_.for_team(team, [&](const std::shared_ptr<Subscriber>& s) {
            tasks_.spawn(home_, check_sign_in(s), "hub.sign_in");
        });
        return on_source_restored(&team);
    }
    for (auto it = topics_.topics().begin(); it != topics_.end(); ++it)
        if (it->second.team == team && !domain::is_event_stream(it->second.topic)) mark_dirty(it, false);
    schedule_flush();
}

void Hub::on_source_restored(const std::string* only_team) {
    // Redis came back: notices may have been missed while it was away, so what the source
    // cached of every team (boards patched from notices) is read again, not served.
    if (!only_team)
        for (const auto& team : live_teams_) source_.hearing(team, true);
    for (auto it = topics_.topics().begin(); it != topics_.end(); ++it) {
        auto& t = it->second;
        if (only_team && t.team != *only_team) continue;
        mark_dirty(it, false);
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
