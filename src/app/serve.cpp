#include <spdlog/sinks/stdout_color_sinks.h>
#include <nlohmann/json.hpp>
#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "api/api.hpp"
#include "app/commands.hpp"
#include "app/embedded_redis.hpp"
#include "live/hub.hpp"
#include "net/server.hpp"
#include "net/webhooks.hpp"
#include "store/notice_subscriber.hpp"
#include "store/on_escape.hpp"
#include "store/redis_client.hpp"
#include "store/store.hpp"
#include "store/task_group.hpp"

#ifndef WOLFPACK_VERSION
#define WOLFPACK_VERSION "0.0.0"
#endif

namespace wp::app {

namespace asio = boost::asio;

namespace {

// The shutdown's wait for the WebSockets to close, which the last of them ends early. Sessions
// hold only a weak reference: what is left of them is destroyed with the loops, after the wait.
struct DrainWait {
    explicit DrainWait(asio::any_io_executor loop) : home(loop), timer(loop, std::chrono::seconds(5)) {}
    asio::any_io_executor home;
    asio::steady_timer timer;
    std::mutex mutex;
    bool waiting = true;
};

// %* in a pattern: the message as the inside of a JSON string, so log.format=json lines
// stay valid JSON whatever quotes or control characters the message holds.
class JsonEscapedMessage final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
        auto quoted = nlohmann::json(std::string(msg.payload.data(), msg.payload.size())).dump();
        dest.append(quoted.data() + 1, quoted.data() + quoted.size() - 1);
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<JsonEscapedMessage>(); }
};

}  // namespace

void setup_logging(const Config& config) {
    auto logger = spdlog::stderr_color_mt("wolfpack");
    spdlog::set_default_logger(logger);
    if (config.log_format == "json") {
        auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
        formatter->add_flag<JsonEscapedMessage>('*').set_pattern(
            R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","event":"%*"})");
        spdlog::set_formatter(std::move(formatter));
    } else
        spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
    spdlog::set_level(spdlog::level::from_str(config.log_level));
    spdlog::flush_on(spdlog::level::info);
}

int serve(const Config& config) {
    if (config.clock_offset_s != 0) {
        domain::set_clock_offset(std::chrono::seconds(config.clock_offset_s));
        spdlog::warn("clock.offset seconds={} now={} cause=\"testing.clock_offset_s is set: for tests only\"",
                     config.clock_offset_s, domain::format_rfc3339(domain::now()));
    }
    std::optional<EmbeddedRedis> embedded;
    std::string url = config.redis_url;
    if (url.empty() && config.redis_cluster.empty()) {
        embedded.emplace(EmbeddedRedisOptions{config.data_dir, config.redis_binary, config.redis_appendfsync});
        if (auto started = embedded->start(); !started) {
            spdlog::error("wolfpack.start_failed cause=\"{}\"", started.error().message);
            return 1;
        }
        url = embedded->url();
    }
    auto target = config.redis_target(url);
    if (!target) {
        spdlog::error("wolfpack.start_failed cause=\"{}\"", target.error().message);
        return 2;
    }

    unsigned n = config.threads ? config.threads : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    std::vector<asio::io_context*> loops;
    for (unsigned i = 0; i < n; ++i) {
        contexts.push_back(std::make_unique<asio::io_context>(1));
        loops.push_back(contexts.back().get());
    }
    auto home = loops.front()->get_executor();

    {
        store::RedisClient redis(home, *target);
        store::Store store(redis, config.store);
        auto api_options = config.api;
        api_options.server_version = WOLFPACK_VERSION;
        api::Api api(store, api_options);
        live::Hub hub(home, api, config.live);
        net::Webhooks webhooks(home, store, config.webhooks);
        // Notices of the teams someone here is connected to, by sharded pub/sub on the node
        // that owns each team's slot.
        store::NoticeSubscriber notices(
            home, redis,
            [&hub](std::string_view team, std::string_view payload) { hub.on_notice(team, payload); },
            [&hub](const std::string& team, bool gap) { hub.on_team_live(team, gap); });
        hub.on_team_interest([&notices](const std::string& team, bool wanted) {
            if (wanted) notices.want(team);
            else notices.drop(team);
        });
        // Topic reads failed while a node was away: whichever comes back, every topic is re-read
        // and subscribers get a fresh snapshot.
        redis.on_restored([&hub] { hub.on_source_restored(); });
        net::Server server(loops, api, hub, config.net, [&redis, &notices] { return redis.ready() && notices.healthy(); });
        try {
            server.listen();
        } catch (const std::exception& e) {
            spdlog::error("wolfpack.start_failed cause=\"cannot listen on {}:{}: {}\" "
                          "fix=\"stop what uses the port or set listen.port / --port\"",
                          config.net.address, config.net.port, e.what());
            return 1;
        }
        redis.start();
        notices.start();
        hub.start();
        webhooks.start();
        server.start();
        spdlog::info("wolfpack.listening url=http://{}:{}/ threads={} redis={} version={}",
                     config.net.address, server.port(), n, target->describe(), WOLFPACK_VERSION);

        // Every coroutine of this function but the shutdown, which cancels them.
        store::TaskGroup tasks(home);

        // A Redis with no team yet: the first manager sets theirs up in the browser, from a
        // one-time link (`wolfpack admin setup-link` prints another any time).
        tasks.spawn(home, [&]() -> asio::awaitable<void> {
            if (!co_await redis.wait_ready(std::chrono::seconds(30))) co_return;
            auto teams = co_await store.team_count();
            if (!teams || *teams > 0) co_return;
            auto setup = co_await store.create_setup_code(config.api.setup_valid);
            if (!setup) {
                spdlog::warn("setup.not_opened cause=\"{}\" fix=\"run wolfpack admin setup-link\"", setup.error().message);
                co_return;
            }
            auto base = config.api.public_url.empty() ? "http://localhost:" + std::to_string(server.port())
                                                      : config.api.public_url;
            spdlog::info("setup.open url={}/admin#setup={} expires_at={}", base, setup->code,
                         domain::format_rfc3339(setup->expires_at));
        }, "setup");

        // The challenge finisher and the matchups' draw: every instance runs them; Redis decides
        // (finish_challenge.lua, create_pair_challenges.lua), so each happens once. It starts at
        // once, so challenges whose window closed while no server ran finish now.
        tasks.spawn(home, [&]() -> asio::awaitable<void> {
            asio::steady_timer tick(home);
            bool warned = false;
            while (true) {  // until the shutdown cancels it
                // Failures are logged once until a round succeeds: a challenge past its end that
                // stays active must not go unnoticed.
                bool failed = false;
                auto teams = co_await store.team_ids();
                if (!teams) {
                    failed = true;
                    if (!warned)
                        spdlog::warn("challenge.finisher_failed cause=\"cannot read the teams: {}\" retry_ms={} "
                                     "fix=\"check that Redis answers\"", teams.error().message, config.finisher_ms);
                } else {
                    for (const auto& team : *teams) {
                        auto done = co_await store.finish_due(team);
                        if (!done && !warned && !failed)
                            spdlog::warn("challenge.finisher_failed team={} cause=\"{}\" retry_ms={}", team,
                                         done.error().message, config.finisher_ms);
                        failed = failed || !done;
                        // The week's matchups, once a week start has passed (also one no
                        // instance saw): exactly once, whichever instance gets there first.
                        co_await api.draw_due_matchups(team);
                    }
                }
                if (warned && !failed) spdlog::info("challenge.finisher_recovered");
                warned = failed;
                tick.expires_after(std::chrono::milliseconds(config.finisher_ms));
                co_await tick.async_wait(asio::use_awaitable);
            }
        }, "challenge.finisher");

        // The embedded Redis is started again if it exits while serving (killed, crashed, out of
        // memory); the connections then reconnect by themselves and subscribers get snapshots.
        if (embedded)
            tasks.spawn(home, [&]() -> asio::awaitable<void> {
                asio::steady_timer every(home);
                while (true) {  // until the shutdown cancels it
                    every.expires_after(std::chrono::milliseconds(500));
                    co_await every.async_wait(asio::use_awaitable);
                    embedded->restart_if_exited();
                }
            }, "embedded.watch");

        asio::signal_set signals(home, SIGINT, SIGTERM);
        signals.async_wait([&](boost::system::error_code ec, int sig) {
            if (ec) return;
            spdlog::info("wolfpack.stopping signal={}", sig);
            // Not one of `tasks`: it is what cancels them.
            asio::co_spawn(home, [&]() -> asio::awaitable<void> {
                // Sessions get up to 5 s to flush and close with 1001; the last to end says so.
                auto drain = std::make_shared<DrainWait>(home);
                server.stop([weak = std::weak_ptr<DrainWait>(drain)] {
                    auto d = weak.lock();
                    if (!d) return;
                    std::lock_guard lock(d->mutex);
                    // Only while the shutdown waits: a session that outlives the wait ends when
                    // the loops are destroyed, and home is gone by then.
                    if (d->waiting)
                        asio::post(d->home, [weak] {
                            if (auto again = weak.lock()) again->timer.cancel();
                        });
                });
                (void)co_await drain->timer.async_wait(store::nothrow);
                {
                    std::lock_guard lock(drain->mutex);
                    drain->waiting = false;
                }
                hub.stop();
                tasks.cancel();
                webhooks.stop();
                notices.stop();
                // Reads in flight end with Redis still there to answer them (a second at most).
                bool hub_done = co_await hub.stopped(std::chrono::seconds(1));
                bool tasks_done = co_await tasks.wait(std::chrono::seconds(1));
                if (!hub_done || !tasks_done)
                    spdlog::warn("wolfpack.stop_late hub_done={} tasks_left={} cause=\"reads still awaiting Redis after "
                                 "1 s; they end with it\"", hub_done, tasks.size());
                redis.stop();
                for (auto* l : loops) l->stop();
            }, store::on_escape("shutdown"));
        });

        std::vector<std::thread> threads;
        for (unsigned i = 1; i < n; ++i) threads.emplace_back([l = loops[i]] {
            auto guard = asio::make_work_guard(*l);
            l->run();
        });
        {
            auto guard = asio::make_work_guard(*loops.front());
            loops.front()->run();
        }
        for (auto* l : loops) l->stop();
        for (auto& t : threads) t.join();
    }
    contexts.clear();
    embedded.reset();
    spdlog::info("wolfpack.stopped");
    return 0;
}

}  // namespace wp::app
