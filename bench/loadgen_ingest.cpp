// bench_loadgen setup and ingest: a team and its reps over the HTTP admin API, then logs from
// many connections at a fixed depth, against the server's and Redis's CPU.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "loadgen_common.hpp"

namespace wp::bench {

namespace {

struct IngestStats {
    std::vector<std::int64_t> latencies;  // ack round trips within the window, ns
    std::uint64_t acks = 0, errors = 0, closed = 0;
    std::string first_error;
};

}  // namespace

int cmd_setup(const Args& a) {
    auto t = target_of(a);
    auto admin = a.need("admin-token");
    auto team = a.need("team");
    auto reps = a.num("reps", 1);
    auto role = a.get("role", "rep");
    int status = 0;
    auto created = http_json(t, "POST", "/api/v1/teams", admin,
                             {{"id", team}, {"name", "Bench " + team}, {"tz", a.get("tz", "UTC")}}, status);
    if (status != 201 && status != 409) throw std::runtime_error("team: HTTP " + std::to_string(status) + " " + created.dump());
    std::ofstream out(a.need("tokens"));
    for (long long i = 0; i < reps; ++i) {
        auto id = (role == "display" ? "screen" : "r") + std::to_string(i);
        auto r = http_json(t, "POST", "/api/v1/teams/" + team + "/reps", admin,
                           {{"id", id}, {"name", "Rep " + std::to_string(i)}, {"role", role}}, status);
        if (status != 201) throw std::runtime_error("rep " + id + ": HTTP " + std::to_string(status) + " " + r.dump());
        out << r["token"].get<std::string>() << '\n';
    }
    return 0;
}

int cmd_ingest(const Args& a) {
    auto t = target_of(a);
    auto tokens = read_lines(a.need("tokens"));
    auto connections = static_cast<std::size_t>(a.num("connections", static_cast<long long>(tokens.size())));
    auto depth = static_cast<int>(a.num("depth", 1));
    auto seconds = a.real("seconds", 10), warmup = a.real("warmup", 2);
    auto server_pid = a.num("server-pid", 0), redis_pid = a.num("redis-pid", 0);
    auto metric = a.get("metric", "calls");
    Pool pool(static_cast<std::size_t>(a.num("threads", 2)));
    std::vector<IngestStats> stats(pool.size());
    std::vector<std::vector<std::unique_ptr<Ws>>> conns(pool.size());
    std::atomic<bool> measuring{false}, stopping{false};
    const auto tag = run_tag();

    auto opened = open_many(pool, t, connections, static_cast<std::size_t>(a.num("open-concurrency", 256)),
                            [&](std::size_t i) { return tokens[i % tokens.size()]; },
                            [&](std::size_t, std::size_t th, std::unique_ptr<Ws> ws) { conns[th].push_back(std::move(ws)); });
    std::fprintf(stderr, "ingest: %zu connections open in %.1f s (%zu failed%s%s)\n", opened.opened, opened.seconds,
                 opened.failed, opened.failed ? ": " : "", opened.first_error.c_str());

    // One coroutine per connection keeps `depth` logs in flight: an ack (or error) lets the next go.
    pool.on_each([&](std::size_t th) {
        for (std::size_t c = 0; c < conns[th].size(); ++c) {
            auto* ws = conns[th][c].get();
            asio::co_spawn(pool.at(th), [&, ws, th, c]() -> asio::awaitable<void> {
                auto& st = stats[th];
                std::deque<std::int64_t> sent;
                std::uint64_t n = 0;
                const std::string prefix = R"({"type":"log","metric":")" + metric + R"(","id":")" + tag + "-" +
                                           std::to_string(th) + "-" + std::to_string(c) + "-";
                std::string msg;
                auto send_one = [&]() -> asio::awaitable<bool> {
                    msg = prefix + std::to_string(n) + R"(","req":)" + std::to_string(n) + "}";
                    ++n;
                    sent.push_back(now_ns());
                    auto [ec, w] = co_await ws->async_write(asio::buffer(msg), nothrow);
                    co_return !ec;
                };
                for (int d = 0; d < depth; ++d)
                    if (!co_await send_one()) co_return;
                beast::flat_buffer buf;
                while (!stopping) {
                    auto [ec, r] = co_await ws->async_read(buf, nothrow);
                    if (ec) {
                        if (!stopping) ++st.closed;
                        co_return;
                    }
                    auto at = now_ns();
                    std::string_view f(static_cast<const char*>(buf.data().data()), buf.size());
                    auto type = type_of(f);
                    if (type == "ack" || type == "error") {
                        if (measuring) {
                            if (type == "ack") {
                                ++st.acks;
                                st.latencies.push_back(at - sent.front());
                            } else {
                                ++st.errors;
                                if (st.first_error.empty()) st.first_error = std::string(f.substr(0, 300));
                            }
                        }
                        if (!sent.empty()) sent.pop_front();
                        buf.consume(buf.size());
                        if (stopping || !co_await send_one()) co_return;
                    } else {
                        buf.consume(buf.size());  // events or pings: not ours
                    }
                }
            }, asio::detached);
        }
    });

    std::this_thread::sleep_for(std::chrono::duration<double>(warmup));
    auto s0 = sample(server_pid), r0 = sample(redis_pid);
    auto g0 = self_cpu_s();
    auto t0 = Clock::now();
    measuring = true;
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    measuring = false;
    auto t1 = Clock::now();
    auto s1 = sample(server_pid), r1 = sample(redis_pid);
    auto g1 = self_cpu_s();
    stopping = true;

    IngestStats all;
    pool.on_each([&](std::size_t th) {
        static std::mutex m;
        std::lock_guard lock(m);
        auto& st = stats[th];
        all.latencies.insert(all.latencies.end(), st.latencies.begin(), st.latencies.end());
        all.acks += st.acks;
        all.errors += st.errors;
        all.closed += st.closed;
        if (all.first_error.empty()) all.first_error = st.first_error;
    });
    double window = std::chrono::duration<double>(t1 - t0).count();
    json out = {{"scenario", "ingest"},
                {"label", a.get("label", "wolfpack")},
                {"connections", opened.opened},
                {"connections_failed", opened.failed},
                {"depth", depth},
                {"seconds", window},
                {"acks", all.acks},
                {"errors", all.errors},
                {"closed", all.closed},
                {"events_per_s", static_cast<double>(all.acks) / window},
                {"ack", summary_ms(all.latencies)},
                {"server_cpu_pct", 100 * (s1.cpu_s - s0.cpu_s) / window},
                {"server_rss_kib", s1.rss_kib},
                {"redis_cpu_pct", 100 * (r1.cpu_s - r0.cpu_s) / window},
                {"loadgen_cpu_pct", 100 * (g1 - g0) / window}};
    if (!all.first_error.empty()) out["first_error"] = all.first_error;
    if (!opened.first_error.empty()) out["first_open_error"] = opened.first_error;
    write_json(a.need("out"), out);
    std::fprintf(stderr, "ingest depth %d: %.0f events/s, ack p50 %.2f ms p99 %.2f ms, errors %llu\n", depth,
                 out["events_per_s"].get<double>(), out["ack"].value("p50_ms", 0.0), out["ack"].value("p99_ms", 0.0),
                 static_cast<unsigned long long>(all.errors));
    std::fflush(nullptr);
    std::_Exit(0);  // 1,000 sockets reset at once; no orderly teardown of live coroutines needed
}

}  // namespace wp::bench
