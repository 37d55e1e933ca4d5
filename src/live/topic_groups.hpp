#pragma once
// Per-reader topics by group (domain::group_of): every rep's "around me" of one board is its own
// topic, and a change of that board makes all of them stale. The hub keeps their keys here so a
// notice naming the group finds them without walking every topic it holds.
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "domain/topic.hpp"

namespace wp::live {

class TopicGroups {
public:
    // `key`: the hub's key of `topic` of `team`. Topics outside every group are ignored.
    void add(const std::string& team, const domain::Topic& topic, const std::string& key) {
        if (auto group = domain::group_of(topic); !group.empty()) groups_[team + '\n' + group].insert(key);
    }
    void remove(const std::string& team, const domain::Topic& topic, const std::string& key) {
        auto group = domain::group_of(topic);
        if (group.empty()) return;
        auto members = groups_.find(team + '\n' + group);
        if (members == groups_.end()) return;
        members->second.erase(key);
        if (members->second.empty()) groups_.erase(members);
    }
    // The keys of the group's topics (none: an empty set).
    const std::unordered_set<std::string>& of(const std::string& team, const std::string& group) const {
        static const std::unordered_set<std::string> none;
        auto members = groups_.find(team + '\n' + group);
        return members == groups_.end() ? none : members->second;
    }

private:
    std::unordered_map<std::string, std::unordered_set<std::string>> groups_;
};

}  // namespace wp::live
