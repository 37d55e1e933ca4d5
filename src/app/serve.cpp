#include <spdlog/sinks/stdout_color_sinks.h>
#include <nlohmann/json.hpp>
#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <iostream>
#include <optional>
#include <thread>

#include "api/api.hpp"
#include "app/commands.hpp"
#include "app/embedded_redis.hpp"
#include "live/hub.hpp"
#include "net/server.hpp"
#include "net/webhooks.hpp"
#include "store/keys.hpp"
#include "store/redis_connection.hpp"
#include "store/store.hpp"

#ifndef WOLFPACK_VERSION
#define WOLFPACK_VERSION "0.0.0"
#endif

namespace wp::app {

namespace asio = boost::asio;

namespace {

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

// For a spawned coroutine: an exception that escapes it is logged, not lost.
auto on_escape_logged(const char* where) {
    return [where](std::exception_ptr e) {
        if (!e) return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& ex) {
            spdlog::error("coroutine.escaped where={} error=\"{}\"", where, ex.what());
        }
    };
}

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
    if (url.empty()) {
        embedded.emplace(EmbeddedRedisOptions{config.data_dir, config.redis_binary, config.redis_appendfsync});
        if (auto started = embedded->start(); !started) {
            spdlog::error("wolfpack.start_failed cause=\"{}\"", started.error().message);
            return 1;
        }
        url = embedded->url();
    }
    auto endpoint = store::RedisEndpoint::parse(url);
    if (!endpoint) {
        spdlog::error("wolfpack.start_failed cause=\"{}\"", endpoint.error().message);
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
        store::RedisConnection commands(home, *endpoint, "cmd");
        store::RedisConnection pubsub(home, *endpoint, "pubsub");
        store::Store store(commands, config.store);
        auto api_options = config.api;
        api_options.server_version = WOLFPACK_VERSION;
        api::Api api(store, api_options);
        live::Hub hub(home, api, config.live);
        net::Webhooks webhooks(home, store, config.webhooks);
        pubsub.psubscribe({std::string(store::keys::changes_pattern)},
                          [&hub, &webhooks](std::string_view channel, std::string_view payload) {
                              auto team = store::keys::team_of_channel(channel);
                              if (team.empty()) return;
                              hub.on_notice(team, payload);
                              webhooks.on_notice(team, payload);
                          });
        // Whatever was published while a connection was away is lost, and topic reads failed
        // meanwhile: whichever connection comes back re-reads every topic, and subscribers get
        // a fresh snapshot.
        bool pubsub_seen_up = false, commands_seen_up = false;
        pubsub.on_state([&](bool up) {
            if (up && pubsub_seen_up) hub.on_source_restored();
            if (up) pubsub_seen_up = true;
        });
        commands.on_state([&](bool up) {
            if (up && commands_seen_up) hub.on_source_restored();
            if (up) commands_seen_up = true;
            // A stopped Redis (SIGSTOP, a wedged host) keeps its sockets open: only the command
            // connection's PING notices. The pub/sub connection then reconnects too, so it does
            // not sit on a silent socket and miss what is published once Redis resumes.
            if (!up) pubsub.reconnect("the command connection lost Redis");
        });
        net::Server server(loops, api, hub, config.net, [&commands, &pubsub] { return commands.up() && pubsub.up(); });
        try {
            server.listen();
        } catch (const std::exception& e) {
            spdlog::error("wolfpack.start_failed cause=\"cannot listen on {}:{}: {}\" "
                          "fix=\"stop what uses the port or set listen.port / --port\"",
                          config.net.address, config.net.port, e.what());
            return 1;
        }
        commands.start();
        pubsub.start();
        hub.start();
        server.start();
        spdlog::info("wolfpack.listening url=http://{}:{}/ threads={} redis={} version={}",
                     config.net.address, server.port(), n, endpoint->describe(), WOLFPACK_VERSION);

        // A Redis with no team yet: the first manager sets theirs up in the browser, from a
        // one-time link (`wolfpack admin setup-link` prints another any time).
        asio::co_spawn(home, [&]() -> asio::awaitable<void> {
            if (!co_await commands.wait_up(std::chrono::seconds(30))) co_return;
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
        }, on_escape_logged("setup"));

        // The challenge finisher and the matchups' draw: every instance runs them; Redis decides
        // (finish_challenge.lua, create_pair_challenges.lua), so each happens once. It starts at once, so challenges whose window
        // closed while no server ran finish now.
        bool finishing = true;
        asio::co_spawn(home, [&]() -> asio::awaitable<void> {
            asio::steady_timer tick(home);
            bool warned = false;
            while (finishing) {
                if (commands.up()) {
                    auto teams = co_await store.team_ids();
                    if (teams)
                        for (const auto& team : *teams) {
                            auto done = co_await store.finish_due(team);
                            if (!done && !warned) {
                                spdlog::warn("challenge.finisher_failed team={} cause=\"{}\"", team, done.error().message);
                                warned = true;
                            }
                            // The week's matchups, once a week start has passed (also one no
                            // instance saw): exactly once, whichever instance gets there first.
                            co_await api.draw_due_matchups(team);
                        }
                }
                tick.expires_after(std::chrono::milliseconds(config.finisher_ms));
                co_await tick.async_wait(asio::as_tuple(asio::use_awaitable));
            }
        }, asio::detached);

        // The embedded Redis is started again if it exits while serving (killed, crashed, out of
        // memory); the connections then reconnect by themselves and subscribers get snapshots.
        asio::steady_timer embedded_watch(home);
        std::function<void()> watch_embedded = [&] {
            embedded_watch.expires_after(std::chrono::milliseconds(500));
            embedded_watch.async_wait([&](boost::system::error_code ec) {
                if (ec || !finishing) return;
                embedded->restart_if_exited();
                watch_embedded();
            });
        };
        if (embedded) watch_embedded();

        asio::signal_set signals(home, SIGINT, SIGTERM);
        signals.async_wait([&](boost::system::error_code ec, int sig) {
            if (ec) return;
            spdlog::info("wolfpack.stopping signal={}", sig);
            server.stop();
            // Give sessions up to 5 s to flush and close with 1001, then stop the loops.
            asio::co_spawn(home, [&]() -> asio::awaitable<void> {
                asio::steady_timer t(home);
                auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
                while (server.counters().ws_connections.load() > 0 && std::chrono::steady_clock::now() < deadline) {
                    t.expires_after(std::chrono::milliseconds(20));
                    co_await t.async_wait(asio::use_awaitable);
                }
                hub.stop();
                finishing = false;
                pubsub.stop();  // first, so losing the command connection does not make it reconnect
                commands.stop();
                for (auto* l : loops) l->stop();
            }, asio::detached);
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
