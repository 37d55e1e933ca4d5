#pragma once
// The hub's two sides as fakes: a TopicSource with scripted data (counts its reads, can fail,
// throw, or hold a read pending until the test releases it) and Subscribers that record the
// frames they got. Loops are real io_contexts, driven from the test's one thread, so the fakes
// need no locks.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "live/hub.hpp"

namespace wp::live::testing {

namespace asio = boost::asio;
using nlohmann::json;
using namespace std::chrono_literals;

inline domain::Topic challenge(const std::string& id) { return domain::topic::Challenge{id}; }
inline domain::Topic feed() { return domain::topic::Feed{}; }

// The topics the hub tests use, with their keys (what FakeSource's data is by) and wire name.
inline const domain::Topic c1 = challenge("c1");
inline const domain::Topic c2 = challenge("c2");
inline const std::string c1_key = domain::key_of(c1);
inline const std::string c2_key = domain::key_of(c2);
inline const std::string c1_name = domain::wire_name(c1);
inline const std::string feed_key = domain::key_of(feed());

inline std::uint64_t seq_of(const json& frame) { return frame.at("seq").get<std::uint64_t>(); }

class FakeSource final : public TopicSource {
public:
    // What a read of the topic (by domain::key_of) answers; read when the read completes.
    std::map<std::string, json> data;
    std::map<std::string, int> reads;      // started, by topic key
    std::map<std::string, int> completed;  // answered (with data, an error or a throw)
    // Without it a read completes without suspending, and the hub's co_spawn runs it inline, so
    // a subscribe's read has ended before the next posted call runs: `hold` is what lets a test
    // act while a read is in flight.
    bool hold = false;                     // reads wait until release()
    int fail_next = 0;                     // reads to answer with an error
    int throw_next = 0;                    // reads to throw
    std::vector<std::string> heard;        // "team=1" / "team=0", as hearing() was told

    int reads_of(const domain::Topic& topic) const { return count(reads, topic); }
    int completed_of(const domain::Topic& topic) const { return count(completed, topic); }
    std::size_t pending() const { return gates_.size(); }
    // Lets every held read complete (on the loop, the next time it runs).
    void release() {
        for (auto& gate : gates_) gate->cancel();
        gates_.clear();
    }

    asio::awaitable<domain::Result<json>> read(const std::string&, const domain::Topic& topic) override {
        auto key = domain::key_of(topic);
        ++reads[key];
        if (hold) {
            auto executor = co_await asio::this_coro::executor;
            auto gate = std::make_shared<asio::steady_timer>(executor, asio::steady_timer::time_point::max());
            gates_.push_back(gate);
            auto waited = gate->async_wait(asio::as_tuple(asio::use_awaitable));
            (void)co_await std::move(waited);
        }
        ++completed[key];
        if (throw_next > 0) {
            --throw_next;
            throw std::runtime_error("scripted read failure");
        }
        if (fail_next > 0) {
            --fail_next;
            domain::Error error{domain::Errc::unavailable, "scripted"};
            co_return error;
        }
        json answer = data[key];
        co_return answer;
    }

    // A notice names what it touches: {"challenges": [ids]}, {"everything": true}.
    domain::Touched touched(const std::string&, const json& notice) override {
        domain::Touched stale;
        stale.everything = notice.value("everything", false);
        if (auto ids = notice.find("challenges"); ids != notice.end())
            for (const auto& id : *ids) stale.topics.push_back(challenge(id.get<std::string>()));
        return stale;
    }
    void hearing(const std::string& team, bool heard_now) override {
        heard.push_back(team + (heard_now ? "=1" : "=0"));
    }
    asio::awaitable<std::vector<std::string>> companions(const std::string&) override {
        std::vector<std::string> none;
        co_return none;
    }
    std::set<std::string> revoked;         // sessions whose sign-in no longer holds
    std::vector<std::string> sign_in_checks;  // sessions asked about, in order
    asio::awaitable<domain::Result<bool>> signed_in(const Subscriber& s) override {
        sign_in_checks.push_back(s.session());
        co_return !revoked.contains(s.session());
    }

private:
    static int count(const std::map<std::string, int>& of, const domain::Topic& topic) {
        auto it = of.find(domain::key_of(topic));
        return it == of.end() ? 0 : it->second;
    }
    std::vector<std::shared_ptr<asio::steady_timer>> gates_;
};

class FakeSubscriber final : public Subscriber {
public:
    FakeSubscriber(asio::io_context& loop, std::string team, std::string rep, std::string session = "s1")
        : executor_(loop.get_executor()), team_(std::move(team)), rep_(std::move(rep)), session_(std::move(session)) {}

    std::vector<std::string> raw;  // as delivered, in order
    std::vector<json> frames;      // the same, parsed (discarded when not JSON)
    std::vector<Topical> topicals;  // what each was of
    std::vector<std::string> closed;  // reasons

    void deliver(Frame frame, Topical of) override {
        raw.push_back(*frame);
        frames.push_back(json::parse(*frame, nullptr, false));
        topicals.push_back(of);
    }
    void close(std::string_view reason) override { closed.emplace_back(reason); }
    asio::any_io_executor executor() const override { return executor_; }
    const std::string& team() const override { return team_; }
    const std::string& rep() const override { return rep_; }
    const std::string& session() const override { return session_; }
    domain::Role role() const override { return domain::Role::rep; }

    // The frames of `type` ("snapshot", "update", "event") of `topic` (any, when empty).
    std::vector<json> of(const std::string& type, const std::string& topic = "") const {
        std::vector<json> found;
        for (const auto& f : frames)
            if (f.value("type", "") == type && (topic.empty() || f.value("topic", "") == topic)) found.push_back(f);
        return found;
    }

private:
    asio::any_io_executor executor_;
    std::string team_, rep_, session_;
};

// Runs the loops a millisecond at a time until `done` holds; false when `limit` passed first.
inline bool run_until(std::initializer_list<asio::io_context*> loops, const std::function<bool()>& done,
                      std::chrono::milliseconds limit = 10s) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        for (auto* loop : loops) {
            loop->restart();
            loop->run_for(1ms);
        }
    }
    return true;
}

// Runs the loops for `time`: for what must not happen, the hub is given time to do it.
inline void run_for(std::initializer_list<asio::io_context*> loops, std::chrono::milliseconds time) {
    auto end = std::chrono::steady_clock::now() + time;
    (void)run_until(loops, [&] { return std::chrono::steady_clock::now() >= end; }, time + 1s);
}

inline HubOptions quick_options() {
    HubOptions options;
    options.coalesce = 20ms;
    options.refresh = 1h;  // no refresh timer unless a test asks for one
    options.feed_events_per_second = 1000;
    return options;
}

// A hub on `home`, a second loop `other`, and the team "t1" live (its notices flow).
struct HubFixture {
    asio::io_context home;
    asio::io_context other;
    FakeSource source;
    Hub hub;

    explicit HubFixture(HubOptions options = quick_options(), bool team_live = true)
        : hub(home.get_executor(), source, options) {
        hub.start();
        // Straight after start, before its loop has run: the flush this asks for must not be
        // lost (it was, to the first refresh wait, and no notice was read after it).
        if (team_live) hub.on_team_live("t1", false);
        // That flush is done before a test begins: each starts from a quiet hub.
        run_for({&home}, 5ms);
    }
    ~HubFixture() {
        hub.stop();
        source.release();
        run_for({&home, &other}, 20ms);
    }
    HubFixture(const HubFixture&) = delete;
    HubFixture& operator=(const HubFixture&) = delete;

    std::shared_ptr<FakeSubscriber> subscriber(asio::io_context& loop, std::string rep = "jake", std::string team = "t1",
                                               std::string session = "s1") {
        return std::make_shared<FakeSubscriber>(loop, std::move(team), std::move(rep), std::move(session));
    }
    bool until(const std::function<bool()>& done, std::chrono::milliseconds limit = 10s) {
        return run_until({&home, &other}, done, limit);
    }
    void idle(std::chrono::milliseconds time = 150ms) { run_for({&home, &other}, time); }
    // Jake subscribes to c1 ({"n": 0}) with reads held: returns him once that read is in
    // flight, or nullptr when it never started.
    std::shared_ptr<FakeSubscriber> jake_reading_c1() {
        source.data[c1_key] = {{"n", 0}};
        source.hold = true;
        auto jake = subscriber(home);
        hub.subscribe(jake, c1);
        return until([&] { return source.pending() == 1; }) ? jake : nullptr;
    }
    void notice(const json& n, const std::string& team = "t1") { hub.on_notice(team, n.dump()); }
    void touch(const std::string& id, const std::string& team = "t1") {
        notice(json{{"kind", "activity"}, {"challenges", {id}}}, team);
    }
};

}  // namespace wp::live::testing
