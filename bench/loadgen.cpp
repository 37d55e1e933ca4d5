// The load generator behind bench/run: Beast WebSocket clients, many connections per thread,
// one io_context per thread. It speaks the wire protocol of docs/protocol.md, so it
// drives wolfpack and the Node.js peer in bench/peer-node alike.
//
//   bench_loadgen setup   --port P --admin-token T --team ID --reps N [--role rep|display] --tokens FILE
//   bench_loadgen ingest  --port P --tokens FILE --connections N --depth D --seconds S [--warmup W]
//                         [--server-pid PID] [--redis-pid PID] --out FILE
//   bench_loadgen fanout  --port P --logger-token FILE --watch-token FILE --subscribers S --rate R
//                         --seconds S [--loggers 20] [--topic T] [--server-pid PID] [--redis-pid PID]
//                         --label L --out FILE
//   bench_loadgen report  --dir DIR --out FILE          (the table and the merged JSON: loadgen_report.cpp)
// Common: --host 127.0.0.1, --threads 2, --local-ips 8 (clients bind to 127.0.0.2..: more
// source ports, and the per-address cap stays meaningful), --open-concurrency 256.
//
// Frames are not parsed as JSON on the hot path: the generator looks for "type", "total" and
// "week" by substring, so it spends its share of the two cores on sockets, not on parsing.
#include <sys/resource.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "loadgen_args.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
using wp::bench::Args;
using wp::bench::parse_args;
using wp::bench::write_json;

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);
using Ws = websocket::stream<beast::tcp_stream>;

std::int64_t now_ns() { return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count(); }
double ms_of(std::int64_t ns) { return static_cast<double>(ns) / 1e6; }

// ---- /proc -----------------------------------------------------------------------------

struct ProcSample {
    double cpu_s = 0;     // user + system, all threads
    long rss_kib = 0;
    long hwm_kib = 0;
};

ProcSample sample(long pid) {
    ProcSample s;
    if (pid <= 0) return s;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), {});
    auto close = text.rfind(')');
    if (close != std::string::npos) {
        std::istringstream rest(text.substr(close + 2));
        std::string field;
        std::vector<std::string> f;
        while (rest >> field) f.push_back(field);
        // After the command: state is field 3, utime 14 and stime 15 (1-based) -> index 11, 12.
        if (f.size() > 12) s.cpu_s = static_cast<double>(std::stoll(f[11]) + std::stoll(f[12])) / static_cast<double>(sysconf(_SC_CLK_TCK));
    }
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
        if (line.starts_with("VmRSS:")) s.rss_kib = std::stol(line.substr(6));
        if (line.starts_with("VmHWM:")) s.hwm_kib = std::stol(line.substr(6));
    }
    return s;
}

double self_cpu_s() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// ---- percentiles -----------------------------------------------------------------------

json summary_ms(std::vector<std::int64_t> v) {
    json j = {{"n", v.size()}};
    if (v.empty()) return j;
    std::sort(v.begin(), v.end());
    auto at = [&](double q) { return ms_of(v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5))]); };
    j["p50_ms"] = at(0.50);
    j["p90_ms"] = at(0.90);
    j["p99_ms"] = at(0.99);
    j["max_ms"] = ms_of(v.back());
    return j;
}

// ---- threads -----------------------------------------------------------------------------

class Pool {
public:
    explicit Pool(std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            contexts_.push_back(std::make_unique<asio::io_context>(1));
            guards_.emplace_back(asio::make_work_guard(*contexts_.back()));
        }
        for (auto& c : contexts_) threads_.emplace_back([ctx = c.get()] { ctx->run(); });
    }
    ~Pool() {
        for (auto& c : contexts_) c->stop();
        for (auto& t : threads_) t.join();
    }
    std::size_t size() const { return contexts_.size(); }
    asio::io_context& at(std::size_t i) { return *contexts_[i % contexts_.size()]; }
    // Runs f on every thread and waits for all (a copy of per-thread state, safely).
    template <class F>
    void on_each(F f) {
        std::vector<std::future<void>> done;
        for (std::size_t i = 0; i < contexts_.size(); ++i) {
            auto p = std::make_shared<std::promise<void>>();
            done.push_back(p->get_future());
            asio::post(*contexts_[i], [p, f, i] { f(i); p->set_value(); });
        }
        for (auto& d : done) d.wait();
    }

private:
    std::vector<std::unique_ptr<asio::io_context>> contexts_;
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
    std::vector<std::thread> threads_;
};

// ---- connecting --------------------------------------------------------------------------

struct Target {
    asio::ip::address address;
    unsigned short port = 0;
    std::vector<asio::ip::address> locals;  // empty: the kernel picks the source address
};

Target target_of(const Args& a) {
    Target t;
    t.address = asio::ip::make_address(a.get("host", "127.0.0.1"));
    t.port = static_cast<unsigned short>(a.num("port", 8080));
    auto n = a.num("local-ips", 8);
    if (t.address.is_loopback())
        for (long long i = 0; i < n; ++i) t.locals.push_back(asio::ip::make_address_v4("127.0.0." + std::to_string(2 + i)));
    return t;
}

struct Opened {
    std::unique_ptr<Ws> ws;
    std::string error;
};

asio::awaitable<Opened> open_ws(const Target& t, std::size_t index, std::string token) {
    auto ex = co_await asio::this_coro::executor;
    tcp::socket sock(ex);
    boost::system::error_code ec;
    sock.open(tcp::v4(), ec);
    if (ec) co_return Opened{nullptr, "socket: " + ec.message()};
    if (!t.locals.empty()) {
#ifdef IP_BIND_ADDRESS_NO_PORT
        int one = 1;  // the port is chosen at connect(), per destination: far more of them
        ::setsockopt(sock.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
#endif
        sock.bind(tcp::endpoint(t.locals[index % t.locals.size()], 0), ec);
        if (ec) co_return Opened{nullptr, "bind: " + ec.message()};
    }
    auto [cec] = co_await sock.async_connect(tcp::endpoint(t.address, t.port), nothrow);
    if (cec) co_return Opened{nullptr, "connect: " + cec.message()};
    sock.set_option(tcp::no_delay(true), ec);
    auto ws = std::make_unique<Ws>(std::move(sock));
    beast::get_lowest_layer(*ws).expires_after(30s);
    ws->set_option(websocket::stream_base::decorator([token](websocket::request_type& r) {
        r.set(http::field::authorization, "Bearer " + token);
    }));
    websocket::response_type res;
    auto [hec] = co_await ws->async_handshake(res, t.address.to_string() + ":" + std::to_string(t.port), "/ws", nothrow);
    if (hec) co_return Opened{nullptr, "handshake: " + hec.message() + " (HTTP " + std::to_string(res.result_int()) + ")"};
    beast::get_lowest_layer(*ws).expires_never();
    ws->text(true);
    beast::flat_buffer buf;
    auto [rec, n] = co_await ws->async_read(buf, nothrow);
    if (rec) co_return Opened{nullptr, "welcome: " + rec.message()};
    auto text = beast::buffers_to_string(buf.data());
    if (text.find("\"welcome\"") == std::string::npos) co_return Opened{nullptr, "first frame is not welcome: " + text.substr(0, 200)};
    co_return Opened{std::move(ws), {}};
}

// ---- frames, by substring ----------------------------------------------------------------

std::string_view type_of(std::string_view f) {
    auto p = f.find("\"type\":\"");
    if (p == std::string_view::npos) return {};
    p += 8;
    auto e = f.find('"', p);
    return f.substr(p, e - p);
}

// The integer after the last `"key":` (topic data ends with "total"; an ack's counts hold "week").
std::optional<std::int64_t> int_after(std::string_view f, std::string_view key, bool last) {
    std::string k = "\"" + std::string(key) + "\":";
    auto p = last ? f.rfind(k) : f.find(k);
    if (p == std::string_view::npos) return std::nullopt;
    p += k.size();
    std::int64_t v = 0;
    bool neg = false, any = false;
    if (p < f.size() && f[p] == '-') neg = true, ++p;
    for (; p < f.size() && f[p] >= '0' && f[p] <= '9'; ++p) v = v * 10 + (f[p] - '0'), any = true;
    if (!any) return std::nullopt;
    return neg ? -v : v;
}

std::string run_tag() {
    // Idempotency ids differ per run, so a second run against the same Redis is not all duplicates.
    static const char* digits = "0123456789abcdefghijklmnopqrstuvwxyz";
    auto t = static_cast<unsigned long long>(std::chrono::system_clock::now().time_since_epoch().count()) ^
             (static_cast<unsigned long long>(getpid()) << 40);
    std::string s;
    for (int i = 0; i < 10; ++i, t /= 36) s += digits[t % 36];
    return s;
}

std::vector<std::string> read_lines(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    if (out.empty()) throw std::runtime_error(path + " is empty");
    return out;
}

// Opens `count` connections over the pool, at most `concurrency` at a time, and hands each
// to on_open(index, thread, ws) on that thread. Opener w runs on thread w % threads.
struct OpenResult {
    std::size_t opened = 0;
    std::size_t failed = 0;
    std::string first_error;
    double seconds = 0;
};

template <class OnOpen>
OpenResult open_many(Pool& pool, const Target& t, std::size_t count, std::size_t concurrency,
                     const std::function<std::string(std::size_t)>& token_of, OnOpen on_open) {
    std::atomic<std::size_t> next{0}, opened{0}, failed{0}, finished_openers{0};
    std::mutex error_mutex;
    std::string first_error;
    auto t0 = Clock::now();
    concurrency = std::max<std::size_t>(1, std::min(concurrency, count));
    for (std::size_t w = 0; w < concurrency; ++w) {
        auto& ctx = pool.at(w);
        asio::co_spawn(ctx, [&, th = w % pool.size()]() -> asio::awaitable<void> {
            for (;;) {
                auto i = next++;
                if (i >= count) break;
                auto o = co_await open_ws(t, i, token_of(i));
                if (!o.ws) {
                    ++failed;
                    std::lock_guard lock(error_mutex);
                    if (first_error.empty()) first_error = o.error;
                    continue;
                }
                on_open(i, th, std::move(o.ws));
                ++opened;
            }
            ++finished_openers;
        }, asio::detached);
    }
    while (finished_openers < concurrency) std::this_thread::sleep_for(10ms);
    OpenResult r{opened, failed, first_error, std::chrono::duration<double>(Clock::now() - t0).count()};
    return r;
}

// ---- setup: a team and its reps over the HTTP admin API ----------------------------------

json http_json(const Target& t, const std::string& method, const std::string& path, const std::string& bearer,
               const json& body, int& status) {
    asio::io_context io;
    beast::tcp_stream s(io);
    s.connect(tcp::endpoint(t.address, t.port));
    http::request<http::string_body> req{http::string_to_verb(method), path, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::authorization, "Bearer " + bearer);
    req.set(http::field::content_type, "application/json");
    if (!body.is_null()) req.body() = body.dump();
    req.prepare_payload();
    http::write(s, req);
    beast::flat_buffer b;
    http::response<http::string_body> res;
    http::read(s, b, res);
    status = static_cast<int>(res.result_int());
    return json::parse(res.body(), nullptr, false);
}

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

// ---- ingest ------------------------------------------------------------------------------

struct IngestStats {
    std::vector<std::int64_t> latencies;  // ack round trips within the window, ns
    std::uint64_t acks = 0, errors = 0, closed = 0;
    std::string first_error;
};

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

// ---- fan-out and memory --------------------------------------------------------------------

// Redis's command counts (INFO commandstats) by command, through redis-cli on the server's Redis
// socket. Commands a script runs are counted too, under their own names.
std::map<std::string, long long> redis_calls(const std::string& sock) {
    std::map<std::string, long long> calls;
    if (sock.empty()) return calls;
    std::string cmd = "redis-cli -s '" + sock + "' info commandstats";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return calls;
    char line[1024];
    while (std::fgets(line, sizeof line, p)) {
        std::string_view l(line);
        auto colon = l.find(':'), at = l.find("calls=");
        if (!l.starts_with("cmdstat_") || colon == std::string_view::npos || at == std::string_view::npos) continue;
        calls[std::string(l.substr(8, colon - 8))] = std::atoll(std::string(l.substr(at + 6)).c_str());
    }
    pclose(p);
    return calls;
}

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
    std::vector<std::int64_t> to_last, send_ack, tap_to_last;
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
    std::fprintf(stderr,
                 "fanout %s: %zu logs, ack->last subscriber p50 %.1f ms p99 %.1f ms max %.1f ms; %llu updates, "
                 "server CPU %.0f%%, %.0f updates per CPU-second, RSS %ld KiB\n",
                 out["label"].get<std::string>().c_str(), done_logs.size(), l.value("p50_ms", 0.0), l.value("p99_ms", 0.0),
                 l.value("max_ms", 0.0), static_cast<unsigned long long>(all.updates), out["server_cpu_pct"].get<double>(),
                 out["updates_per_cpu_s"].get<double>(), s1.rss_kib);
    std::fflush(nullptr);
    std::_Exit(0);  // 10,000 sockets reset at once; no orderly teardown of live coroutines needed
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_loadgen setup|ingest|fanout|report --key value ...\n");
        return 2;
    }
    try {
        std::string cmd = argv[1];
        auto a = parse_args(argc, argv, 2);
        if (cmd == "setup") return cmd_setup(a);
        if (cmd == "ingest") return cmd_ingest(a);
        if (cmd == "fanout") return cmd_fanout(a);
        if (cmd == "report") return wp::bench::cmd_report(a);
        std::fprintf(stderr, "bench_loadgen: unknown command %s\n", cmd.c_str());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_loadgen: %s\n", e.what());
        return 1;
    }
}
