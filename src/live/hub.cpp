#include "live/hub.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include "store/nothrow.hpp"

namespace wp::live {

namespace {
Frame topic_frame(std::string_view type, const std::string& topic, std::uint64_t seq, const std::string& data) {
    std::string f;
    f.reserve(data.size() + topic.size() + 64);
    f.append(R"({"type":")").append(type).append(R"(","topic":)").append(nlohmann::json(topic).dump());
    f.append(R"(,"seq":)").append(std::to_string(seq)).append(R"(,"data":)").append(data) += '}';
    return std::make_shared<const std::string>(std::move(f));
}

std::uint64_t initial_seq() {
    // Seeded from the clock so a topic's seq keeps growing across restarts and instances.
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
}
}  // namespace

Hub::Hub(asio::any_io_executor home, TopicSource& source, HubOptions options)
    : home_(home), source_(source), options_(options), tick_(home), pace_(home), next_seq_(initial_seq()),
      last_refresh_(std::chrono::steady_clock::now()), tasks_(home) {}

void Hub::start() {
    // The first refresh an interval from now, unless a flush was asked for already (a team's
    // notices flowing before the loop first ran): that one must not be put off.
    if (!flush_pending_) tick_.expires_after(options_.refresh);
    tasks_.spawn(home_, flush_loop(), "hub");
    tasks_.spawn(home_, pace_loop(), "hub.pace");
}

void Hub::stop() { tasks_.cancel(); }

void Hub::attach(std::shared_ptr<Subscriber> s, std::optional<std::uint64_t> checked_at) {
    asio::post(home_, [this, s = std::move(s), checked_at] {
        if (auto replaced = connections_.add(s)) count_team(*replaced, -1);
        count_team(s->team(), +1);
        if (!live_teams_.contains(s->team())) return;  // on_team_live asks, once they flow
        if (checked_at && *checked_at == sign_in_epoch_) return;  // nothing it could have missed
        tasks_.spawn(home_, check_sign_in(s), "hub.sign_in");
    });
}

void Hub::detach(Subscriber* s) {
    asio::post(home_, [this, s] {
        if (auto team = connections_.remove(s)) count_team(*team, -1);
        topics_.leave_all(s, forget());
    });
}

void Hub::subscribe(std::shared_ptr<Subscriber> s, domain::Topic topic) {
    asio::post(home_, [this, s = std::move(s), topic = std::move(topic)] {
        auto key = key_of(s->team(), topic);
        auto [it, created] = topics_.join(key, s, lanes_.lane_of(*s));
        auto& t = it->second;
        if (created) {
            t.team = s->team();
            t.id = ++next_topic_id_;
            t.name = domain::wire_name(topic);
            t.topic = topic;
            if (domain::is_event_stream(topic)) t.pacer = std::make_unique<FeedPacer>(options_.feed_events_per_second);
            groups_.add(t.team, topic, key);
            mark_dirty(it, false);
        }
        // Not before the team's notices flow here: an update between the read and then would
        // be missed. on_team_live reads it.
        if (!live_teams_.contains(t.team)) return;
        // The feed's cached data is not kept current (events flow instead): read it afresh.
        if (t.has_data && !domain::is_event_stream(t.topic)) send_snapshots(t);
        else if (!t.held) start_read(it);  // first subscriber: read now rather than at the next tick
    });
}

void Hub::unsubscribe(Subscriber* s, std::string team, domain::Topic topic) {
    asio::post(home_, [this, s, key = key_of(team, topic)] { topics_.leave(s, key, forget()); });
}

void Hub::on_notice(std::string_view team, std::string_view payload) {
    auto notice = nlohmann::json::parse(payload, nullptr, false);
    if (notice.is_discarded() || !notice.is_object()) {
        spdlog::warn("hub.bad_notice team={} bytes={}", team, payload.size());
        return;
    }
    std::string team_id(team);
    if (notice.value("kind", "") == "revoke") {
        ++sign_in_epoch_;
        // With `session`, one device signed out: only its connections close.
        auto session = notice.value("session", "");
        connections_.for_rep(team_id, notice.value("rep", ""), [&](const std::shared_ptr<Subscriber>& s) {
            if (session.empty() || s->session().starts_with(session))
                asio::post(s->executor(), [s] { s->close("signed out"); });
        });
        return;
    }
    forward_events(team_id, notice);
    auto touched = source_.touched(team_id, notice);
    auto mark = [&](const std::string& of_team, const domain::Topic& topic) {
        if (auto t = topics_.find(key_of(of_team, topic)); t != topics_.end()) mark_dirty(t);
    };
    // A partnership across teams: the other team's card of it shows this change too.
    for (const auto& [other, topic] : touched.elsewhere) mark(other, topic);
    if (touched.everything) {
        // Its partners across teams may have changed: hear the teams it partners with now.
        if (team_connections_.contains(team_id))
            tasks_.spawn(home_, refresh_companions(team_id), "hub.companions");
        for (auto it = topics_.topics().begin(); it != topics_.end(); ++it)
            if (it->second.team == team_id && !domain::is_event_stream(it->second.topic)) mark_dirty(it);
        return;
    }
    for (const auto& topic : touched.topics) mark(team_id, topic);
    for (const auto& group : touched.groups)
        for (const auto& key : groups_.of(team_id, group))
            if (auto t = topics_.find(key); t != topics_.end()) mark_dirty(t);
}

void Hub::mark_dirty(Topics::iterator it, bool soon) {
    topics_.mark_dirty(it);
    if (soon) schedule_flush();
}

void Hub::send_to_rep(const std::string& team, const std::string& rep, Frame frame) {
    connections_.for_rep(team, rep, [&](const std::shared_ptr<Subscriber>& s) { lanes_.post(s, frame); });
}

void Hub::send_to_topic(const std::string& team, const domain::Topic& topic, Frame frame) {
    auto t = topics_.find(key_of(team, topic));
    if (t == topics_.end()) return;
    auto batch = members_by_lane(t->second);
    lanes_.post(batch, frame);
}

Lanes::Batch Hub::members_by_lane(const TopicState& t, bool fresh_only) {
    auto batch = lanes_.batch();
    for (const auto& [_, e] : t.subscribers) {
        if (fresh_only && e.needs_snapshot) continue;
        if (auto s = e.subscriber.lock()) batch[e.lane].push_back(std::move(s));
    }
    return batch;
}

HubStats Hub::stats() const {
    HubStats st;
    st.topics = topics_.topics().size();
    st.subscriptions = topics_.subscriptions();
    st.connections = connections_.size();
    st.frames_built = frames_built_;
    return st;
}

asio::awaitable<void> Hub::flush_loop() {
    while (true) {
        (void)co_await tick_.async_wait(store::nothrow);
        // The wait also ends early when schedule_flush moves the tick, which is not a stop.
        if ((co_await asio::this_coro::cancellation_state).cancelled() != asio::cancellation_type::none) co_return;
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
    if (flush_pending_) return;
    flush_pending_ = true;
    tick_.expires_at(std::max(std::chrono::steady_clock::now(), last_flush_ + options_.coalesce));
}

bool Hub::flush() {
    auto now = std::chrono::steady_clock::now();
    bool refresh_all = now - last_refresh_ >= options_.refresh;
    if (refresh_all) {
        last_refresh_ = now;
        for (auto it = topics_.topics().begin(); it != topics_.end(); ++it)
            if (!domain::is_event_stream(it->second.topic)) mark_dirty(it, false);
    }
    bool started = false;
    for (auto it : topics_.take_dirty()) {
        auto& t = it->second;
        if (!t.dirty) continue;
        if (t.held || t.delivering > 0 || !live_teams_.contains(t.team)) {
            mark_dirty(it, false);  // its read or delivery ends with a flush; its team's notices with on_team_live
            continue;
        }
        start_read(it);
        started = true;
    }
    return started;
}

void Hub::start_read(Topics::iterator it) {
    it->second.dirty = false;
    it->second.held = true;  // until the read ends, even without subscribers
    tasks_.spawn(home_, refresh(it->first), "hub.refresh");
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
    bool aborted = false;
    try {
        data = co_await source_.read(team, topic);
    } catch (const std::exception& e) {
        // Caught so that the hold is released below: a topic left held is never read again.
        auto* failure = dynamic_cast<const boost::system::system_error*>(&e);
        aborted = failure && failure->code() == asio::error::operation_aborted;
        if (!aborted) spdlog::error("hub.read_failed team={} topic={} error=\"{}\"", team, domain::key_of(topic), e.what());
    }
    // The hub is stopping (stop() cancelled this read): nothing more to do.
    if (aborted && (co_await asio::this_coro::cancellation_state).cancelled() != asio::cancellation_type::none) co_return;
    auto it = topics_.find(key);
    if (it == topics_.end()) co_return;
    auto& t = it->second;
    t.held = false;
    if (t.dirty && data) schedule_flush();  // changed again while this read was in flight
    if (t.subscribers.empty()) {
        topics_.erase(it, forget());  // died with its last subscriber
        co_return;
    }
    if (!data) {
        mark_dirty(it, false);  // Redis is away: try again at the next flush
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
        auto batch = members_by_lane(t, true);
        t.delivering = lanes_.post(batch, topic_frame("update", t.name, t.seq, t.data), Topical{t.id, true},
                                   [this, key, seq = t.seq] {
                                       asio::post(home_, [this, key, seq] { on_delivered(key, seq); });
                                   });
    }
    send_snapshots(t);
}

void Hub::on_delivered(const TopicKey& key, std::uint64_t seq) {
    auto it = topics_.find(key);
    if (it == topics_.end() || it->second.seq != seq || it->second.delivering == 0) return;  // a topic since gone
    if (--it->second.delivering == 0 && it->second.dirty) schedule_flush();
}

void Hub::send_snapshots(TopicState& t) {
    auto batch = lanes_.batch();
    bool any = false;
    for (auto* waiting : t.awaiting_snapshot) {
        auto it = t.subscribers.find(waiting);
        if (it == t.subscribers.end() || !it->second.needs_snapshot) continue;  // gone, or already sent
        it->second.needs_snapshot = false;
        auto s = it->second.subscriber.lock();
        if (!s) continue;
        batch[it->second.lane].push_back(std::move(s));
        any = true;
    }
    t.awaiting_snapshot.clear();
    if (any) lanes_.post(batch, topic_frame("snapshot", t.name, t.seq, t.data), Topical{t.id, false});
}

}  // namespace wp::live
