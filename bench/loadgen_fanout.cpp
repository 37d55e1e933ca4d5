// bench_loadgen fanout: thousands of subscribers of one board and loggers that log into it
// at a fixed rate; how long until the last subscriber has seen each log, what the server spends
// per delivered update, and what an idle subscribed connection costs it in memory.
#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "loadgen_common.hpp"

namespace wp::bench {

namespace {

// Per thread: for every board total k, how many subscribers have seen an update showing at
// least k, and when the last of them did. A subscriber that jumps from total a to b covers
// every k in (a, b] at that moment.
struct Coverage {
    std::vector<std::int64_t> last_ns;
    std::vector<std::uint32_t> count;
    std::uint64_t updates = 0, snapshots = 0, closed = 0, ready = 0, update_bytes = 0;
    void cover(std::int64_t from_excl, std::int64_t to_incl, std::int64_t at) {
        if (to_incl <= from_excl || to_incl < 0) return;
        auto hi = static_cast<std::size_t>(to_incl);
        if (last_ns.size() <= hi) {
            last_ns.resize(hi + 1024, 0);
            count.resize(hi + 1024, 0);
        }
        for (auto k = static_cast<std::size_t>(std::max<std::int64_t>(0, from_excl + 1)); k <= hi; ++k) {
            last_ns[k] = std::max(last_ns[k], at);
            ++count[k];
        }
    }
};

}  // namespace

int cmd_fanout(const Args& a) {
    auto t = target_of(a);
    auto logger_token = read_lines(a.need("logger-token")).front();
    auto watch_tokens = read_lines(a.need("watch-token"));
    auto subscribers = static_cast<std::size_t>(a.num("subscribers", 1000));
    auto rate = a.real("rate", 200), seconds = a.real("seconds", 10), settle = a.real("settle", 2),
         drain = a.real("drain", 2);
    auto server_pid = a.num("server-pid", 0), redis_pid = a.num("redis-pid", 0);
    auto topic = a.get("topic", "leaderboard:calls:week");
    auto metric = a.get("metric", "calls");
    Pool pool(static_cast<std::size_t>(a.num("threads", 2)));
    std::vector<Coverage> cover(pool.size());
    std::atomic<bool> counting{false};
    std::vector<std::vector<std::unique_ptr<Ws>>> conns(pool.size());

    // The loggers first, so the server's one-off costs (team context, schemas) are behind the
    // baseline. Several connections of one rep: the rate is not bound by one connection's
    // round trip (a session handles its requests one after another), and every ack's week
    // count is still the board's total after that log, since that rep is alone on the board.
    const auto logger_count = static_cast<std::size_t>(std::max<long long>(1, a.num("loggers", 20)));
    std::vector<std::unique_ptr<Ws>> loggers(logger_count);
    {
        auto r = open_many(pool, t, logger_count, 1, [&](std::size_t) { return logger_token; },
                           [&](std::size_t i, std::size_t, std::unique_ptr<Ws> ws) { loggers[i] = std::move(ws); });
        if (r.opened != logger_count) throw std::runtime_error("logger: " + r.first_error);
    }
    std::this_thread::sleep_for(500ms);
    auto base = sample(server_pid);

    const std::string subscribe = R"({"type":"subscribe","req":1,"topic":")" + topic + R"("})";
    auto opened = open_many(
        pool, t, subscribers, static_cast<std::size_t>(a.num("open-concurrency", 256)),
        [&](std::size_t i) { return watch_tokens[i % watch_tokens.size()]; },
        [&](std::size_t, std::size_t th, std::unique_ptr<Ws> owned) {
            auto* ws = owned.get();
            conns[th].push_back(std::move(owned));
            asio::co_spawn(pool.at(th), [&, ws, th]() -> asio::awaitable<void> {
                auto& cv = cover[th];
                if (auto [ec, n] = co_await ws->async_write(asio::buffer(subscribe), nothrow); ec) {
                    ++cv.closed;
                    co_return;
                }
                beast::flat_buffer buf;
                std::int64_t last = -1;
                for (;;) {
                    auto [ec, n] = co_await ws->async_read(buf, nothrow);
                    if (ec) {
                        ++cv.closed;
                        co_return;
                    }
                    auto at = now_ns();
                    std::string_view f(static_cast<const char*>(buf.data().data()), buf.size());
                    auto type = type_of(f);
                    if (type == "update" || type == "snapshot") {
                        auto total = int_after(f, "total", true);
                        if (type == "snapshot") {
                            if (last < 0) ++cv.ready;
                            ++cv.snapshots;
                        } else if (counting) {
                            ++cv.updates;
                            cv.update_bytes += f.size();
                        }
                        if (total) {
                            if (last >= 0) cv.cover(last, *total, at);
                            last = std::max(last, *total);
                        }
                    }
                    buf.consume(buf.size());
                }
            }, asio::detached);
        });
    std::fprintf(stderr, "fanout: %zu subscribers open in %.1f s (%zu failed%s%s)\n", opened.opened, opened.seconds,
                 opened.failed, opened.failed ? ": " : "", opened.first_error.c_str());

    auto ready_now = [&] {
        std::uint64_t r = 0;
        pool.on_each([&](std::size_t th) {
            static std::mutex m;
            std::lock_guard lock(m);
            r += cover[th].ready;
        });
        return r;
    };
    auto deadline = Clock::now() + 60s;
    while (ready_now() < opened.opened && Clock::now() < deadline) std::this_thread::sleep_for(50ms);
    auto ready = ready_now();
    std::this_thread::sleep_for(std::chrono::duration<double>(settle));  // idle: keep-alive only
    auto idle = sample(server_pid);
    std::fprintf(stderr, "fanout: %llu subscribed; server RSS %ld -> %ld KiB (%.1f KiB per connection)\n",
                 static_cast<unsigned long long>(ready), base.rss_kib, idle.rss_kib,
                 ready ? static_cast<double>(idle.rss_kib - base.rss_kib) / static_cast<double>(ready) : 0.0);

    // The loggers: open loop at `rate`, round robin over the connections, acks read beside.
    struct Log {
        std::int64_t sent = 0, acked = 0, total = -1;
    };
    std::vector<Log> logs;
    logs.reserve(static_cast<std::size_t>(rate * seconds) + 16);
    std::string first_log_error;
    std::atomic<bool> sending_done{false};
    std::atomic<std::size_t> acked_count{0};
    const auto tag = run_tag();
    const auto redis_sock = a.get("redis-sock");
    auto calls0 = redis_calls(redis_sock);
    auto s0 = sample(server_pid), r0 = sample(redis_pid);
    auto g0 = self_cpu_s();
    auto t0 = Clock::now();
    counting = true;
    auto& lex = pool.at(0);  // the loggers' opener ran there; their state lives on that thread
    std::vector<std::deque<std::size_t>> in_flight(logger_count);  // log indexes, per connection
    asio::co_spawn(lex, [&]() -> asio::awaitable<void> {
        asio::steady_timer timer(lex);
        std::string msg;
        auto total_logs = static_cast<std::size_t>(rate * seconds);
        for (std::size_t k = 0; k < total_logs; ++k) {
            timer.expires_at(t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(static_cast<double>(k) / rate)));
            co_await timer.async_wait(nothrow);
            msg = R"({"type":"log","metric":")" + metric + R"(","id":")" + tag + "-" + std::to_string(k) + R"(","req":)" +
                  std::to_string(k) + "}";
            auto c = k % logger_count;
            logs.push_back({now_ns(), 0, -1});
            in_flight[c].push_back(k);
            if (auto [ec, n] = co_await loggers[c]->async_write(asio::buffer(msg), nothrow); ec) break;
        }
        sending_done = true;
    }, asio::detached);
    for (std::size_t c = 0; c < logger_count; ++c)
        asio::co_spawn(lex, [&, c]() -> asio::awaitable<void> {
            beast::flat_buffer buf;
            for (;;) {
                auto [ec, n] = co_await loggers[c]->async_read(buf, nothrow);
                if (ec) co_return;
                auto at = now_ns();
                std::string_view f(static_cast<const char*>(buf.data().data()), buf.size());
                auto type = type_of(f);
                if ((type == "ack" || type == "error") && !in_flight[c].empty()) {
                    auto& l = logs[in_flight[c].front()];
                    in_flight[c].pop_front();
                    l.acked = at;
                    if (type == "ack") l.total = int_after(f, "week", false).value_or(-1);
                    else if (first_log_error.empty()) first_log_error = std::string(f.substr(0, 300));
                    ++acked_count;
                }
                buf.consume(buf.size());
            }
        }, asio::detached);

    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    auto wait_until = Clock::now() + std::chrono::duration<double>(drain);
    while (Clock::now() < wait_until) std::this_thread::sleep_for(20ms);
    counting = false;
    auto t1 = Clock::now();
    auto s1 = sample(server_pid), r1 = sample(redis_pid);
    auto g1 = self_cpu_s();
    auto calls1 = redis_calls(redis_sock);

    // Isolated taps: one log at a time, tap_gap apart, into a quiet server: ack -> the last
    // subscriber, against one bare round of the floor.
    const auto taps = static_cast<std::size_t>(std::max<long long>(0, a.num("taps", 20)));
    const auto tap_gap = std::chrono::milliseconds(a.num("tap-gap-ms", 400));
    std::size_t tap_from = 0;
    std::atomic<bool> taps_done{false};
    asio::co_spawn(lex, [&]() -> asio::awaitable<void> {
        asio::steady_timer timer(lex);
        while (!sending_done) {
            timer.expires_after(10ms);
            co_await timer.async_wait(nothrow);
        }
        tap_from = logs.size();
        std::string msg;
        for (std::size_t i = 0; i < taps; ++i) {
            timer.expires_after(tap_gap);
            co_await timer.async_wait(nothrow);
            msg = R"({"type":"log","metric":")" + metric + R"(","id":")" + tag + "-tap-" + std::to_string(i) +
                  R"(","req":"tap)" + std::to_string(i) + "\"}";
            auto c = i % logger_count;
            logs.push_back({now_ns(), 0, -1});
            in_flight[c].push_back(logs.size() - 1);
            if (auto [ec, n] = co_await loggers[c]->async_write(asio::buffer(msg), nothrow); ec) break;
        }
        timer.expires_after(tap_gap);
        co_await timer.async_wait(nothrow);
        taps_done = true;
    }, asio::detached);
    while (!taps_done) std::this_thread::sleep_for(20ms);

    Coverage all;
    std::vector<Log> done_logs;
    std::string log_error;
    pool.on_each([&](std::size_t th) {
        static std::mutex m;
        std::lock_guard lock(m);
        auto& cv = cover[th];
        if (all.last_ns.size() < cv.last_ns.size()) {
            all.last_ns.resize(cv.last_ns.size(), 0);
            all.count.resize(cv.count.size(), 0);
        }
        for (std::size_t k = 0; k < cv.last_ns.size(); ++k) {
            all.last_ns[k] = std::max(all.last_ns[k], cv.last_ns[k]);
            all.count[k] += cv.count[k];
        }
        all.updates += cv.updates;
        all.update_bytes += cv.update_bytes;
        all.snapshots += cv.snapshots;
        all.closed += cv.closed;
        if (&pool.at(th) == &lex) done_logs = logs, log_error = first_log_error;
    });
    std::vector<Log> tap_logs(done_logs.begin() + static_cast<std::ptrdiff_t>(tap_from), done_logs.end());
    done_logs.resize(tap_from);
    std::vector<std::int64_t> to_last, send_to_last, send_ack, tap_to_last;
    std::uint64_t incomplete = 0, failed_logs = 0, taps_incomplete = 0;
    for (const auto& l : tap_logs) {
        auto k = static_cast<std::size_t>(std::max<std::int64_t>(0, l.total));
        if (!l.acked || l.total < 0 || k >= all.count.size() || all.count[k] < ready) ++taps_incomplete;
        else tap_to_last.push_back(std::max<std::int64_t>(0, all.last_ns[k] - l.acked));
    }
    for (const auto& l : done_logs) {
        if (!l.acked || l.total < 0) {
            ++failed_logs;
            continue;
        }
        send_ack.push_back(l.acked - l.sent);
        auto k = static_cast<std::size_t>(l.total);
        if (k >= all.count.size() || all.count[k] < ready) {
            ++incomplete;  // some subscriber never saw it (dropped, or still queued at the end)
            continue;
        }
        to_last.push_back(std::max<std::int64_t>(0, all.last_ns[k] - l.acked));
        // What the rep who logs waits until the last screen shows it: ack -> last leaves out the wait for the ack.
        send_to_last.push_back(std::max<std::int64_t>(0, all.last_ns[k] - l.sent));
    }
    double window = std::chrono::duration<double>(t1 - t0).count();
    double server_cpu = s1.cpu_s - s0.cpu_s;
    json out = {{"scenario", "fanout"},
                {"label", a.get("label", "wolfpack")},
                {"topic", topic},
                {"subscribers_requested", subscribers},
                {"subscribers_open", opened.opened},
                {"subscribers_ready", ready},
                {"open_seconds", opened.seconds},
                {"rate", rate},
                {"seconds", seconds},
                {"window_seconds", window},
                {"logs_sent", done_logs.size()},
                {"logger_connections", logger_count},
                {"logs_failed", failed_logs},
                {"logs_not_seen_by_all", incomplete},
                {"subscribers_closed", all.closed},
                {"updates_delivered", all.updates},
                {"update_frame_bytes", all.updates ? static_cast<double>(all.update_bytes) / static_cast<double>(all.updates) : 0.0},
                {"server_cpu_us_per_update", all.updates ? 1e6 * server_cpu / static_cast<double>(all.updates) : 0.0},
                {"taps", tap_logs.size()},
                {"taps_not_seen_by_all", taps_incomplete},
                {"tap_to_last_update", summary_ms(tap_to_last)},
                {"ack_to_last_update", summary_ms(to_last)},
                {"send_to_last_update", summary_ms(send_to_last)},
                {"send_to_ack", summary_ms(send_ack)},
                {"server_cpu_s", server_cpu},
                {"server_cpu_pct", 100 * server_cpu / window},
                {"updates_per_cpu_s", server_cpu > 0 ? static_cast<double>(all.updates) / server_cpu : 0.0},
                {"server_rss_kib_before", base.rss_kib},
                {"server_rss_kib_idle", idle.rss_kib},
                {"server_rss_kib_after", s1.rss_kib},
                {"server_hwm_kib", s1.hwm_kib},
                {"rss_per_connection_kib", ready ? static_cast<double>(idle.rss_kib - base.rss_kib) / static_cast<double>(ready) : 0.0},
                {"redis_cpu_pct", 100 * (r1.cpu_s - r0.cpu_s) / window},
                {"loadgen_cpu_pct", 100 * (g1 - g0) / window}};
    if (!redis_sock.empty()) {
        // Scripts beside the logs' own (EVALSHA of log_activity): the reads the fan-out costs Redis.
        json delta = json::object();
        long long scripts = 0;
        for (const auto& [cmd, n] : calls1) {
            auto d = n - (calls0.contains(cmd) ? calls0.at(cmd) : 0) - (cmd == "info" ? 1 : 0);
            if (d > 0) delta[cmd] = d;
            if (cmd == "evalsha" || cmd == "eval" || cmd == "evalsha_ro" || cmd == "eval_ro") scripts += d;
        }
        auto logs_done = static_cast<long long>(done_logs.size() - failed_logs);
        out["redis_calls"] = delta;
        out["redis_scripts_per_log_besides_the_log"] =
            logs_done > 0 ? static_cast<double>(scripts - logs_done) / static_cast<double>(logs_done) : 0.0;
    }
    if (!opened.first_error.empty()) out["first_open_error"] = opened.first_error;
    if (!log_error.empty()) out["first_log_error"] = log_error;
    write_json(a.need("out"), out);
    auto& l = out["ack_to_last_update"];
    auto& sl = out["send_to_last_update"];
    std::fprintf(stderr,
                 "fanout %s: %zu logs, ack->last subscriber p50 %.1f ms p99 %.1f ms max %.1f ms; "
                 "send->last subscriber p50 %.1f ms p99 %.1f ms max %.1f ms; %llu updates, "
                 "server CPU %.0f%%, %.0f updates per CPU-second, RSS %ld KiB\n",
                 out["label"].get<std::string>().c_str(), done_logs.size(), l.value("p50_ms", 0.0), l.value("p99_ms", 0.0),
                 l.value("max_ms", 0.0), sl.value("p50_ms", 0.0), sl.value("p99_ms", 0.0), sl.value("max_ms", 0.0),
                 static_cast<unsigned long long>(all.updates), out["server_cpu_pct"].get<double>(),
                 out["updates_per_cpu_s"].get<double>(), s1.rss_kib);
    std::fflush(nullptr);
    std::_Exit(0);  // 10,000 sockets reset at once; no orderly teardown of live coroutines needed
}

}  // namespace wp::bench
