#pragma once
// Topics and their subscribers, both ways (the uWebSockets TopicTree shape): each topic's
// subscribers and each subscriber's topics, so a detach leaves all its topics at once without
// walking the others; the topics changed since the last flush on a dirty list, so a flush walks
// only those; a topic dies with its last subscriber unless it is held (a read in flight).
//
// Knows nothing of what topics mean: `State` (the hub's) derives from TopicMembers and adds it.
// Used on one executor only.
#include <concepts>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "live/subscriber.hpp"

namespace wp::live {

struct TopicMember {
    std::weak_ptr<Subscriber> subscriber;
    bool needs_snapshot = true;
    std::size_t lane = 0;  // live::Lanes' lane of the subscriber's loop
};

struct TopicMembers {
    std::map<Subscriber*, TopicMember> subscribers;
    // Those whose needs_snapshot is set (entries may since have gone): a subscribe sends its
    // snapshot without walking every subscriber, which at 10,000 was O(n^2) to fill.
    std::vector<Subscriber*> awaiting_snapshot;
    bool dirty = true;
    bool listed = false;  // on the dirty list
    bool held = false;    // outlives its last subscriber until released
};

template <class State>
    requires std::derived_from<State, TopicMembers>
class TopicTable {
public:
    using Key = std::string;
    using Map = std::unordered_map<Key, State>;
    using iterator = typename Map::iterator;

    // Adds s to the topic, made when new (`created`). Subscribing again re-arms its snapshot.
    std::pair<iterator, bool> join(const Key& key, const std::shared_ptr<Subscriber>& s, std::size_t lane) {
        auto [it, created] = topics_.try_emplace(key);
        auto& t = it->second;
        auto [member, added] = t.subscribers.try_emplace(s.get(), TopicMember{s, true, lane});
        if (added) subscriptions_[s.get()].push_back(key);
        else member->second = TopicMember{s, true, member->second.lane};
        t.awaiting_snapshot.push_back(s.get());
        return {it, created};
    }

    // Removes s from one topic. `dying(it)` is called before a topic left without subscribers
    // (and not held) is erased.
    template <class Dying>
    void leave(Subscriber* s, const Key& key, Dying&& dying) {
        drop_member(s, key, dying);
        if (auto it = subscriptions_.find(s); it != subscriptions_.end()) {
            std::erase(it->second, key);
            if (it->second.empty()) subscriptions_.erase(it);
        }
    }
    // Removes s from every topic it is in.
    template <class Dying>
    void leave_all(Subscriber* s, Dying&& dying) {
        auto it = subscriptions_.find(s);
        if (it == subscriptions_.end()) return;
        auto keys = std::move(it->second);
        subscriptions_.erase(it);
        for (const auto& key : keys) drop_member(s, key, dying);
    }
    // Erases a topic (its subscribers' lists keep its key until they leave: harmless).
    template <class Dying>
    void erase(iterator it, Dying&& dying) {
        dying(it);
        topics_.erase(it);
    }

    // Marks the topic changed and lists it for the next take_dirty.
    void mark_dirty(iterator it) {
        it->second.dirty = true;
        if (!it->second.listed) {
            it->second.listed = true;
            dirty_.push_back(it->first);
        }
    }
    // The topics listed since the last call, still alive, unlisted (marked again, a topic is
    // listed again).
    std::vector<iterator> take_dirty() {
        std::vector<iterator> out;
        auto listed = std::move(dirty_);
        dirty_.clear();
        for (const auto& key : listed)
            if (auto it = topics_.find(key); it != topics_.end()) {
                it->second.listed = false;
                out.push_back(it);
            }
        return out;
    }

    iterator find(const Key& key) { return topics_.find(key); }
    iterator end() { return topics_.end(); }
    Map& topics() { return topics_; }
    const Map& topics() const { return topics_; }
    std::size_t subscriptions() const {
        std::size_t n = 0;
        for (const auto& [_, t] : topics_) n += t.subscribers.size();
        return n;
    }

private:
    template <class Dying>
    void drop_member(Subscriber* s, const Key& key, Dying& dying) {
        auto it = topics_.find(key);
        if (it == topics_.end()) return;
        it->second.subscribers.erase(s);
        if (it->second.subscribers.empty() && !it->second.held) erase(it, dying);
    }

    Map topics_;
    std::unordered_map<Subscriber*, std::vector<Key>> subscriptions_;
    std::vector<Key> dirty_;  // marked since the last take_dirty, and those the flush put back
};

}  // namespace wp::live
