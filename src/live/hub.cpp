#include "live/hub.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "store/nothrow.hpp"
#include "store/on_escape.hpp"

namespace wp::live {

namespace {
Frame topic_frame(std::string_view type, const std::string& topic, std::uint64_t seq, const std::string& data) {
    std::string f;
    f.reserve(data.size() + topic.size() + 64);
    f.append(R"({"type":")").append(type).append(R"(","topic":)").append(nlohmann::json(topic).dump());
    f.append(R"(,"seq":)").append(std::to_string(seq)).append(R"(,"data":)").append(data) += '}';
    return std::make_shared<const std::string>(std::move(f));
}

std::string team_of(const std::string& connection_key) { return connection_key.substr(0, connection_key.find('\n')); }

std::uint64_t initial_seq() {
    // Seeded from the clock so a topic's seq keeps growing across restarts and instances.
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
}
}  // namespace

Hub::Hub(asio::any_io_executor home, TopicSource& source, HubOptions options)
    : home_(home), source_(source), options_(options), tick_(home), pace_(home), next_seq_(initial_seq()),
      last_refresh_(std::chrono::steady_clock::now()) {}

void Hub::start() {
    asio::co_spawn(home_, flush_loop(), store::on_escape("hub"));
    asio::co_spawn(home_, pace_loop(), store::on_escape("hub.pace"));
}

void Hub::stop() {
    stopped_ = true;
    tick_.cancel();
    pace_.cancel();
}

namespace {
// Frames one loop writes before letting its other handlers and I/O run: about a millisecond.
constexpr std::size_t slice = 128;
}  // namespace

std::size_t Hub::loop_of(const Subscriber& s) {
    auto ex = s.executor();
    for (std::size_t i = 0; i < lanes_.size(); ++i)
        if (lanes_[i]->executor == ex) return i;
    lanes_.push_back(std::make_unique<Lane>());
    lanes_.back()->executor = std::move(ex);
    return lanes_.size() - 1;
}

void Hub::post_frame(const std::shared_ptr<Subscriber>& s, Frame frame) {
    auto lane = loop_of(*s);
    Batch batch(lanes_.size());
    batch[lane].push_back(s);
    post_batch(batch, frame);
}

std::size_t Hub::post_batch(Batch& batch, const Frame& frame, const std::function<void()>& done, Topical of) {
    std::size_t posted = 0;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (batch[i].empty()) continue;
        auto* lane = lanes_[i].get();
        ++posted;
        asio::post(lane->executor, [lane, job = Lane::Job{std::move(batch[i]), frame, of, 0, done}]() mutable {
            lane->jobs.push_back(std::move(job));
            if (!lane->draining) {
                lane->draining = true;
                drain(lane);
            }
        });
        batch[i] = {};
    }
    return posted;
}

void Hub::drain(Lane* lane) {
    std::size_t budget = slice;
    while (budget > 0 && !lane->jobs.empty()) {
        auto& job = lane->jobs.front();
        for (; budget > 0 && job.next < job.to.size(); --budget) job.to[job.next++]->deliver(job.frame, job.of);
        if (job.next == job.to.size()) {
            if (job.done) job.done();
            lane->jobs.pop_front();
        }
    }
    if (lane->jobs.empty()) {
        lane->draining = false;
        return;
    }
    // Posted behind whatever became ready meanwhile, the Redis replies of a log among them.
    asio::post(lane->executor, [lane] { drain(lane); });
}

void Hub::attach(std::shared_ptr<Subscriber> s) {
    asio::post(home_, [this, s = std::move(s)] {
        auto key = s->team() + '\n' + s->rep();
        auto [it, added] = connection_keys_.try_emplace(s.get());
        if (!added) {  // a gone session's entry at the same address
            count_team(team_of(it->second->first), -1);
            connections_.erase(it->second);
        }
        it->second = connections_.emplace(std::move(key), s);
        count_team(s->team(), +1);
    });
}

void Hub::detach(Subscriber* s) {
    asio::post(home_, [this, s] {
        if (auto it = connection_keys_.find(s); it != connection_keys_.end()) {
            count_team(team_of(it->second->first), -1);
            connections_.erase(it->second);
            connection_keys_.erase(it);
        }
        if (auto it = subscriptions_.find(s); it != subscriptions_.end()) {
            for (const auto& key : it->second) leave(s, key);
            subscriptions_.erase(it);
        }
    });
}

void Hub::leave(Subscriber* s, const TopicKey& key) {
    if (auto t = topics_.find(key); t != topics_.end()) {
        t->second.subscribers.erase(s);
        if (t->second.subscribers.empty() && !t->second.reading) erase_topic(t);
    }
}

void Hub::subscribe(std::shared_ptr<Subscriber> s, domain::Topic topic) {
    asio::post(home_, [this, s = std::move(s), topic = std::move(topic)] {
        auto key = key_of(s->team(), topic);
        auto [it, created] = topics_.try_emplace(key);
        auto& t = it->second;
        if (created) {
            t.team = s->team();
            t.id = ++next_topic_id_;
            t.name = domain::wire_name(topic);
            t.topic = topic;
            if (domain::is_event_stream(topic)) t.pacer = std::make_unique<FeedPacer>(options_.feed_events_per_second);
            groups_.add(t.team, topic, key);
            mark_dirty(t, key, false);
        }
        auto [entry, added] = t.subscribers.try_emplace(s.get(), Entry{s, true, loop_of(*s)});
        if (!added) entry->second = Entry{s, true, entry->second.loop};  // subscribing again resends the snapshot
        else subscriptions_[s.get()].push_back(key);
        t.awaiting_snapshot.push_back(s.get());
        // Not before the team's notices flow here: an update between the read and then would
        // be missed. on_team_live reads it.
        if (!live_teams_.contains(t.team)) return;
        // The feed's cached data is not kept current (events flow instead): read it afresh.
        if (t.has_data && !domain::is_event_stream(t.topic)) {
            send_snapshots(t);
        } else if (!t.reading) {
            // First subscriber: read now rather than at the next tick.
            t.reading = true;
            t.dirty = false;
            asio::co_spawn(home_, refresh(key), store::on_escape("hub.refresh"));
        }
    });
}

void Hub::unsubscribe(Subscriber* s, std::string team, domain::Topic topic) {
    asio::post(home_, [this, s, key = key_of(team, topic)] {
        leave(s, key);
        if (auto it = subscriptions_.find(s); it != subscriptions_.end())
            std::erase(it->second, key);
    });
}

void Hub::on_notice(std::string_view team, std::string_view payload) {
    auto notice = nlohmann::json::parse(payload, nullptr, false);
    if (notice.is_discarded() || !notice.is_object()) {
        spdlog::warn("hub.bad_notice team={} bytes={}", team, payload.size());
        return;
    }
    std::string team_id(team);
    if (notice.value("kind", "") == "revoke") {
        // With `session`, one device signed out: only its connections close.
        auto key = team_id + '\n' + notice.value("rep", "");
        auto session = notice.value("session", "");
        auto [lo, hi] = connections_.equal_range(key);
        for (auto c = lo; c != hi; ++c)
            if (auto s = c->second.lock(); s && (session.empty() || s->session() == session))
                asio::post(s->executor(), [s] { s->close("signed out"); });
        return;
    }
    forward_events(team_id, notice);
    auto touched = source_.touched(team_id, notice);
    auto mark = [&](const std::string& of_team, const domain::Topic& topic) {
        if (auto t = topics_.find(key_of(of_team, topic)); t != topics_.end()) mark_dirty(t->second, t->first);
    };
    // A partnership across teams: the other team's card of it shows this change too.
    for (const auto& [other, topic] : touched.elsewhere) mark(other, topic);
    if (touched.everything) {
        // Its partners across teams may have changed: hear the teams it partners with now.
        if (team_connections_.contains(team_id))
            asio::co_spawn(home_, refresh_companions(team_id), store::on_escape("hub.companions"));
        for (auto& [key, t] : topics_)
            if (t.team == team_id && !domain::is_event_stream(t.topic)) mark_dirty(t, key);
        return;
    }
    for (const auto& topic : touched.topics) mark(team_id, topic);
    for (const auto& group : touched.groups)
        for (const auto& key : groups_.of(team_id, group))
            if (auto t = topics_.find(key); t != topics_.end()) mark_dirty(t->second, t->first);
}

void Hub::mark_dirty(TopicState& t, const TopicKey& key, bool soon) {
    t.dirty = true;
    if (!t.listed) {
        t.listed = true;
        dirty_.push_back(key);
    }
    if (soon) schedule_flush();
}

void Hub::erase_topic(std::unordered_map<TopicKey, TopicState>::iterator it) {
    groups_.remove(it->second.team, it->second.topic, it->first);
    topics_.erase(it);
}

void Hub::send_to_rep(const std::string& team, const std::string& rep, Frame frame) {
    auto [lo, hi] = connections_.equal_range(team + '\n' + rep);
    for (auto c = lo; c != hi; ++c)
        if (auto s = c->second.lock()) post_frame(s, frame);
}

void Hub::send_to_topic(const std::string& team, const domain::Topic& topic, Frame frame) {
    auto t = topics_.find(key_of(team, topic));
    if (t == topics_.end()) return;
    Batch batch(lanes_.size());
    for (auto& [_, e] : t->second.subscribers)
        if (auto s = e.subscriber.lock()) batch[e.loop].push_back(std::move(s));
    post_batch(batch, frame);
}

HubStats Hub::stats() const {
    HubStats st;
    st.topics = topics_.size();
    for (const auto& [_, t] : topics_) st.subscriptions += t.subscribers.size();
    st.connections = connection_keys_.size();
    st.frames_built = frames_built_;
    return st;
}

asio::awaitable<void> Hub::flush_loop() {
    tick_.expires_after(options_.refresh);
    while (!stopped_) {
        (void)co_await tick_.async_wait(store::nothrow);
        if (stopped_) break;
        auto now = std::chrono::steady_clock::now();
        if (tick_.expiry() > now) continue;  // rescheduled by schedule_flush
        flush_pending_ = false;
        // A flush that read nothing (every dirty topic still being delivered) does not count:
        // the topic's delivery calls schedule_flush, which must not then wait a full interval.
        if (flush()) last_flush_ = now;
        if (!flush_pending_) tick_.expires_at(last_refresh_ + options_.refresh);
    }
}

void Hub::schedule_flush() {
    if (flush_pending_ || stopped_) return;
    flush_pending_ = true;
    tick_.expires_at(std::max(std::chrono::steady_clock::now(), last_flush_ + options_.coalesce));
}

bool Hub::flush() {
    auto now = std::chrono::steady_clock::now();
    bool refresh_all = now - last_refresh_ >= options_.refresh;
    if (refresh_all) last_refresh_ = now;
    if (refresh_all)
        for (auto& [key, t] : topics_)
            if (!domain::is_event_stream(t.topic)) mark_dirty(t, key, false);
    bool started = false;
    auto listed = std::move(dirty_);
    dirty_.clear();
    for (auto& key : listed) {
        auto it = topics_.find(key);
        if (it == topics_.end()) continue;  // died with its last subscriber
        auto& t = it->second;
        t.listed = false;
        if (!t.dirty) continue;
        if (t.reading || t.delivering > 0 || !live_teams_.contains(t.team)) {
            mark_dirty(t, key, false);  // its read or delivery ends with a flush; its team's notices with on_team_live
            continue;
        }
        t.dirty = false;
        t.reading = true;
        asio::co_spawn(home_, refresh(key), store::on_escape("hub.refresh"));
        started = true;
    }
    return started;
}

asio::awaitable<void> Hub::refresh(TopicKey key) {
    std::string team;
    domain::Topic topic;
    if (auto t = topics_.find(key); t != topics_.end()) {
        team = t->second.team;
        topic = t->second.topic;
    } else {
        co_return;
    }
    domain::Result<nlohmann::json> data = domain::Error{domain::Errc::unavailable, "read failed"};
    try {
        data = co_await source_.read(team, topic);
    } catch (const std::exception& e) {
        // Caught so that `reading` is cleared below: a topic left reading is never read again.
        spdlog::error("hub.read_failed team={} topic={} error=\"{}\"", team, domain::key_of(topic), e.what());
    }
    auto it = topics_.find(key);
    if (it == topics_.end()) co_return;
    auto& t = it->second;
    t.reading = false;
    if (t.dirty && data) schedule_flush();  // changed again while this read was in flight
    if (t.subscribers.empty()) {
        erase_topic(it);  // died with its last subscriber
        co_return;
    }
    if (!data) {
        mark_dirty(t, key, false);  // Redis is away: try again at the next flush
        co_return;
    }
    auto text = data->dump();
    if (t.has_data && text == t.data) {
        send_snapshots(t);
        co_return;
    }
    t.data = std::move(text);
    t.has_data = true;
    t.seq = ++next_seq_;
    ++frames_built_;
    if (!domain::is_event_stream(t.topic)) {  // feed subscribers get events
        Batch batch(lanes_.size());
        bool any = false;
        for (auto& [_, e] : t.subscribers) {
            if (e.needs_snapshot) continue;
            auto s = e.subscriber.lock();
            if (!s) continue;
            batch[e.loop].push_back(std::move(s));
            any = true;
        }
        if (any)
            t.delivering = post_batch(batch, topic_frame("update", t.name, t.seq, t.data),
                                      [this, key, seq = t.seq] {
                                          asio::post(home_, [this, key, seq] { on_delivered(key, seq); });
                                      },
                                      Topical{t.id, true});
    }
    send_snapshots(t);
}

void Hub::on_delivered(const TopicKey& key, std::uint64_t seq) {
    auto it = topics_.find(key);
    if (it == topics_.end() || it->second.seq != seq || it->second.delivering == 0) return;  // a topic since gone
    if (--it->second.delivering == 0 && it->second.dirty) schedule_flush();
}

void Hub::send_snapshots(TopicState& t) {
    Batch batch(lanes_.size());
    bool any = false;
    for (auto* waiting : t.awaiting_snapshot) {
        auto it = t.subscribers.find(waiting);
        if (it == t.subscribers.end() || !it->second.needs_snapshot) continue;  // gone, or already sent
        it->second.needs_snapshot = false;
        auto s = it->second.subscriber.lock();
        if (!s) continue;
        batch[it->second.loop].push_back(std::move(s));
        any = true;
    }
    t.awaiting_snapshot.clear();
    if (any) post_batch(batch, topic_frame("snapshot", t.name, t.seq, t.data), {}, Topical{t.id, false});
}

}  // namespace wp::live
