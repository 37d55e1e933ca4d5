#pragma once
// This instance's connections by (team, rep): whom a frame for a rep reaches (send_to_rep, a
// cheer to its recipient) and which connections a sign-out closes. Each connection keeps its
// own entry, so removing one does not walk every connection of its rep (one display token on
// many screens made that O(n^2)). Used on one executor only.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "live/subscriber.hpp"

namespace wp::live {

class Connections {
public:
    // Returns the team of a gone connection whose entry this one took over (a new connection at
    // the same address before the old one's removal came through), if any.
    std::optional<std::string> add(const std::shared_ptr<Subscriber>& s) {
        std::optional<std::string> replaced;
        auto [it, added] = own_.try_emplace(s.get());
        if (!added) {
            replaced = team_of(it->second->first);
            by_rep_.erase(it->second);
        }
        it->second = by_rep_.emplace(s->team() + '\n' + s->rep(), s);
        return replaced;
    }
    // The team of the connection, when it was added.
    std::optional<std::string> remove(Subscriber* s) {
        auto it = own_.find(s);
        if (it == own_.end()) return std::nullopt;
        auto team = team_of(it->second->first);
        by_rep_.erase(it->second);
        own_.erase(it);
        return team;
    }
    // Calls f(std::shared_ptr<Subscriber>) for each live connection of the rep.
    template <class F>
    void for_rep(const std::string& team, const std::string& rep, F&& f) const {
        auto [lo, hi] = by_rep_.equal_range(team + '\n' + rep);
        for (auto c = lo; c != hi; ++c)
            if (auto s = c->second.lock()) f(s);
    }
    // The same for each live connection of the team.
    template <class F>
    void for_team(const std::string& team, F&& f) const {
        auto prefix = team + '\n';
        for (auto c = by_rep_.lower_bound(prefix); c != by_rep_.end() && c->first.starts_with(prefix); ++c)
            if (auto s = c->second.lock()) f(s);
    }
    std::size_t size() const { return own_.size(); }

private:
    using ByRep = std::multimap<std::string, std::weak_ptr<Subscriber>>;  // team + '\n' + rep
    static std::string team_of(const std::string& key) { return key.substr(0, key.find('\n')); }

    ByRep by_rep_;
    std::unordered_map<Subscriber*, ByRep::iterator> own_;
};

}  // namespace wp::live
