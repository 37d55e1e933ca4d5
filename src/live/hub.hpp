#pragma once
// The topic hub: what topics mean and when they are read. Learns of changes only from Redis
// pub/sub notices (so every instance, the writer included, hears of every write), marks topics
// dirty, and at most every coalesce interval reads each dirty topic once, serialises one frame
// and hands the same buffer to every subscriber. Cost per change: O(topics touched). Who is
// subscribed to what is live::TopicTable's, the way frames reach each loop live::Lanes', the
// connections by rep live::Connections'.
//
// The `feed` topic is an event stream: a snapshot on subscribe, then `event` frames that
// notices carry (never re-read on the refresh timer).
//
// All state lives on the home executor; the public functions may be called from any loop.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "live/connections.hpp"
#include "live/feed_pacer.hpp"
#include "live/lanes.hpp"
#include "live/subscriber.hpp"
#include "live/topic_groups.hpp"
#include "live/topic_source.hpp"
#include "live/topic_table.hpp"
#include "store/task_group.hpp"

namespace wp::live {

namespace asio = boost::asio;

struct HubOptions {
    std::chrono::milliseconds coalesce{100};
    // Every topic is re-read this often even without a change notice, so a board whose
    // period rolled over (a new day or week) moves to its new key by itself.
    std::chrono::milliseconds refresh{30000};
    // `event` frames a feed subscriber gets in a second at most; the rest wait, summarised
    // (live/feed_pacer.hpp).
    std::size_t feed_events_per_second = 10;
};

struct HubStats {
    std::size_t topics = 0;
    std::size_t subscriptions = 0;
    std::size_t connections = 0;
    std::uint64_t frames_built = 0;
};

class Hub {
public:
    Hub(asio::any_io_executor home, TopicSource& source, HubOptions options);

    void start();
    // Cancels the hub's coroutines (its loops and reads in flight); stopped() completes when
    // they have ended (true) or `within` has passed (false).
    void stop();
    asio::awaitable<bool> stopped(std::chrono::milliseconds within) { return tasks_.wait(within); }
    // Told on the home executor when this instance starts (true) and stops (false) needing a
    // team's notices: while someone here is connected to it or to a team it partners with
    // across teams. The store listens for the notices of those teams only.
    void on_team_interest(std::function<void(const std::string& team, bool wanted)> handler) {
        on_team_interest_ = std::move(handler);
    }

    // A connection of (team, rep): it receives `send_to_rep` frames and `close` on revocation.
    // `checked_at`: sign_in_epoch() before its token was checked; when revoke notices were
    // heard since, or its team's were not heard throughout, its sign-in is asked again, so no
    // revocation slips between the check and the attach.
    void attach(std::shared_ptr<Subscriber> s, std::optional<std::uint64_t> checked_at = std::nullopt);
    // Home executor only. Grows with every revoke notice and whenever a team's notices start
    // flowing here (again).
    std::uint64_t sign_in_epoch() const { return sign_in_epoch_; }
    void detach(Subscriber* s);  // also drops all its subscriptions
    // The subscriber receives a `snapshot` (after anything already queued to it), then updates.
    void subscribe(std::shared_ptr<Subscriber> s, domain::Topic topic);
    void unsubscribe(Subscriber* s, std::string team, domain::Topic topic);

    // Home executor only.
    void on_notice(std::string_view team, std::string_view payload);
    // Redis came back: re-read and resend every topic (of only_team, when given).
    void on_source_restored(const std::string* only_team = nullptr);
    // The team's notices flow (again). gap: some may have been missed, so its subscribers get
    // fresh snapshots; otherwise its topics are only re-read.
    void on_team_live(const std::string& team, bool gap);
    void send_to_rep(const std::string& team, const std::string& rep, Frame frame);
    void send_to_topic(const std::string& team, const domain::Topic& topic, Frame frame);
    HubStats stats() const;

private:
    // What a topic means and holds, on top of the table's members and dirty state.
    struct TopicState : TopicMembers {
        std::string team;
        domain::Topic topic;  // what TopicSource reads
        std::string name;     // on the wire: "challenges:me"
        std::uint64_t id = 0;  // for the outboxes' latest-wins (live::Topical)
        std::string data;  // serialised `data` last sent
        std::uint64_t seq = 0;
        bool has_data = false;
        std::unique_ptr<FeedPacer> pacer;  // the feed's only
        // Lanes still writing this topic's last update. No newer one is read meanwhile, so
        // when subscribers outnumber what the loops can write per coalesce interval, updates
        // come as fast as they are delivered instead of piling up in the lanes.
        std::size_t delivering = 0;
        // A read in flight is TopicMembers::held: the topic outlives its last subscriber until
        // the read ends.
    };
    using Topics = TopicTable<TopicState>;
    using TopicKey = Topics::Key;  // team + '\n' + domain::key_of(topic)
    static TopicKey key_of(const std::string& team, const domain::Topic& topic) {
        return team + '\n' + domain::key_of(topic);
    }
    void forward_events(const std::string& team, const nlohmann::json& notice);
    void count_team(const std::string& team, int change);
    // Closes the connection when its sign-in no longer holds (TopicSource::signed_in).
    asio::awaitable<void> check_sign_in(std::shared_ptr<Subscriber> s);
    // A team is heard while someone here is connected to it or to a team it partners with.
    void hold(const std::string& team);
    void release(const std::string& team);
    asio::awaitable<void> refresh_companions(std::string team);
    // Called by the table before a topic dies: its group forgets it.
    auto forget() {
        return [this](Topics::iterator it) { groups_.remove(it->second.team, it->second.topic, it->first); };
    }
    void send_events(TopicState& feed, const std::vector<nlohmann::json>& events);
    // Sends what the feeds' pacers held once their window has passed.
    asio::awaitable<void> pace_loop();
    void schedule_pace(std::chrono::steady_clock::time_point at);

    asio::awaitable<void> flush_loop();
    bool flush();  // true when it started reading a topic
    // Marks the topic stale and lists it for the next flush, which walks only the listed ones
    // (the refresh timer's lists every topic). `soon`: schedules that flush.
    void mark_dirty(Topics::iterator it, bool soon = true);
    // Leading edge: the first change after a quiet spell is read at once; later ones wait
    // until coalesce has passed since the last flush.
    void schedule_flush();
    void start_read(Topics::iterator it);
    asio::awaitable<void> refresh(TopicKey key);
    void send_snapshots(TopicState& topic);
    // Every live subscriber of the topic, by lane (`fresh_only`: not those awaiting a snapshot).
    Lanes::Batch members_by_lane(const TopicState& t, bool fresh_only = false);
    void on_delivered(const TopicKey& key, std::uint64_t seq);

    asio::any_io_executor home_;
    TopicSource& source_;
    HubOptions options_;
    asio::steady_timer tick_;
    asio::steady_timer pace_;
    std::set<TopicKey> paced_;  // feeds whose pacer holds events
    bool pace_pending_ = false;
    Topics topics_;
    TopicGroups groups_;  // every rep's "around me" of a board, found by the board's group
    Lanes lanes_;
    Connections connections_;
    std::unordered_map<std::string, std::size_t> team_connections_;
    std::unordered_map<std::string, std::size_t> holds_;  // team -> reasons to hear it
    // Connected teams -> the teams of their partners across teams, held on their behalf.
    std::unordered_map<std::string, std::vector<std::string>> companions_;
    std::unordered_set<std::string> live_teams_;  // whose notices reach this instance
    std::function<void(const std::string&, bool)> on_team_interest_;
    std::uint64_t next_seq_;
    std::uint64_t next_topic_id_ = 0;
    std::uint64_t frames_built_ = 0;
    std::uint64_t sign_in_epoch_ = 0;
    std::chrono::steady_clock::time_point last_refresh_;
    std::chrono::steady_clock::time_point last_flush_{};
    bool flush_pending_ = false;
    store::TaskGroup tasks_;  // every coroutine the hub spawns
};

}  // namespace wp::live
