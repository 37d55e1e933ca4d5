#pragma once
// The topic hub: topic -> subscribers. Learns of changes only from Redis pub/sub notices
// (so every instance, the writer included, hears of every write), marks topics dirty,
// and at most every coalesce interval reads each dirty topic once, serialises one frame
// and hands the same buffer to every subscriber. Cost per change: O(topics touched).
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
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "live/feed_pacer.hpp"
#include "live/subscriber.hpp"
#include "live/topic_groups.hpp"
#include "live/topic_source.hpp"

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
    void stop();
    // Told on the home executor when this instance starts (true) and stops (false) needing a
    // team's notices: while someone here is connected to it or to a team it partners with
    // across teams. The store listens for the notices of those teams only.
    void on_team_interest(std::function<void(const std::string& team, bool wanted)> handler) {
        on_team_interest_ = std::move(handler);
    }

    // A connection of (team, rep): it receives `send_to_rep` frames and `close` on revocation.
    void attach(std::shared_ptr<Subscriber> s);
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
    struct Entry {
        std::weak_ptr<Subscriber> subscriber;
        bool needs_snapshot = true;
        std::size_t loop = 0;  // index into lanes_: the subscriber's io loop
    };
    struct TopicState {
        std::string team;
        domain::Topic topic;  // what TopicSource reads
        std::string name;     // on the wire: "challenges:me"
        std::map<Subscriber*, Entry> subscribers;
        // Those whose needs_snapshot is set (entries may since have gone): a subscribe sends
        // its snapshot without walking every subscriber, which at 10,000 was O(n^2) to fill.
        std::vector<Subscriber*> awaiting_snapshot;
        std::uint64_t id = 0;  // for the outboxes' latest-wins (live::Topical)
        std::string data;  // serialised `data` last sent
        std::uint64_t seq = 0;
        bool has_data = false;
        bool dirty = true;
        bool listed = false;  // in dirty_
        bool reading = false;
        std::unique_ptr<FeedPacer> pacer;  // the feed's only
        // Lanes still writing this topic's last update. No newer one is read meanwhile, so
        // when subscribers outnumber what the loops can write per coalesce interval, updates
        // come as fast as they are delivered instead of piling up in the lanes.
        std::size_t delivering = 0;
    };
    using TopicKey = std::string;  // team + '\n' + domain::key_of(topic)
    static TopicKey key_of(const std::string& team, const domain::Topic& topic) {
        return team + '\n' + domain::key_of(topic);
    }
    void forward_events(const std::string& team, const nlohmann::json& notice);
    void count_team(const std::string& team, int change);
    // A team is heard while someone here is connected to it or to a team it partners with.
    void hold(const std::string& team);
    void release(const std::string& team);
    asio::awaitable<void> refresh_companions(std::string team);
    void leave(Subscriber* s, const TopicKey& key);
    void send_events(TopicState& feed, const std::vector<nlohmann::json>& events);
    // Sends what the feeds' pacers held once their window has passed.
    asio::awaitable<void> pace_loop();
    void schedule_pace(std::chrono::steady_clock::time_point at);

    asio::awaitable<void> flush_loop();
    bool flush();  // true when it started reading a topic
    // Marks the topic stale and lists it for the next flush, which walks only the listed ones
    // (the refresh timer's lists every topic). `soon`: schedules that flush.
    void mark_dirty(TopicState& t, const TopicKey& key, bool soon = true);
    // Leading edge: the first change after a quiet spell is read at once; later ones wait
    // until coalesce has passed since the last flush.
    void schedule_flush();
    asio::awaitable<void> refresh(TopicKey key);
    void send_snapshots(TopicState& topic);

    // Frames on their way to the subscribers of one io loop, delivered there in the order the
    // hub sent them. A frame for many costs one post per loop, not one per subscriber (each
    // cross-thread post takes the loop's lock and may wake it), and the loop delivers it a
    // slice at a time, so its other work (a log's Redis replies, its ack) is not stuck behind
    // 5,000 writes. Lane state is touched only on its loop.
    struct Lane {
        struct Job {
            std::vector<std::shared_ptr<Subscriber>> to;
            Frame frame;
            Topical of;
            std::size_t next = 0;
            std::function<void()> done;  // called on the lane's loop once all are handed over
        };
        asio::any_io_executor executor;
        std::deque<Job> jobs;
        bool draining = false;
    };
    using Batch = std::vector<std::vector<std::shared_ptr<Subscriber>>>;  // by lane
    std::size_t loop_of(const Subscriber& s);
    void post_frame(const std::shared_ptr<Subscriber>& s, Frame frame);
    // Returns how many lanes got a part; `done` is called (on each lane's loop) when its part is.
    std::size_t post_batch(Batch& batch, const Frame& frame, const std::function<void()>& done = {}, Topical of = {});
    static void drain(Lane* lane);
    void on_delivered(const TopicKey& key, std::uint64_t seq);

    asio::any_io_executor home_;
    TopicSource& source_;
    HubOptions options_;
    asio::steady_timer tick_;
    asio::steady_timer pace_;
    std::set<TopicKey> paced_;  // feeds whose pacer holds events
    bool pace_pending_ = false;
    std::unordered_map<TopicKey, TopicState> topics_;
    std::vector<TopicKey> dirty_;  // topics marked since the last flush, and those it could not read yet
    TopicGroups groups_;  // every rep's "around me" of a board, found by the board's group
    void erase_topic(std::unordered_map<TopicKey, TopicState>::iterator it);
    std::vector<std::unique_ptr<Lane>> lanes_;  // one per subscriber executor seen so far
    using Connections = std::multimap<std::string, std::weak_ptr<Subscriber>>;  // team + '\n' + rep
    Connections connections_;
    // Each connection's own entry: detach erases it directly rather than walking every
    // connection of that rep (one display token on many screens made that O(n^2)).
    std::unordered_map<Subscriber*, Connections::iterator> connection_keys_;
    std::unordered_map<Subscriber*, std::vector<TopicKey>> subscriptions_;
    std::unordered_map<std::string, std::size_t> team_connections_;
    std::unordered_map<std::string, std::size_t> holds_;  // team -> reasons to hear it
    // Connected teams -> the teams of their partners across teams, held on their behalf.
    std::unordered_map<std::string, std::vector<std::string>> companions_;
    std::unordered_set<std::string> live_teams_;  // whose notices reach this instance
    std::function<void(const std::string&, bool)> on_team_interest_;
    std::uint64_t next_seq_;
    std::uint64_t next_topic_id_ = 0;
    std::uint64_t frames_built_ = 0;
    std::chrono::steady_clock::time_point last_refresh_;
    std::chrono::steady_clock::time_point last_flush_{};
    bool flush_pending_ = false;
    bool stopped_ = false;
};

}  // namespace wp::live
