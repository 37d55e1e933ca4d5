#pragma once
// What bench_loadgen's setup, ingest and fan-out share: the threads that carry the clients,
// opening WebSockets to the server, reading frames by substring, the admin API and Redis's
// command counts, and the figures taken of a run (/proc samples, percentiles).
#include <algorithm>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "loadgen_args.hpp"

namespace wp::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

inline constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);
using Ws = websocket::stream<beast::tcp_stream>;

inline std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

// ---- /proc -----------------------------------------------------------------------------

struct ProcSample {
    double cpu_s = 0;     // user + system, all threads
    long rss_kib = 0;
    long hwm_kib = 0;
};

ProcSample sample(long pid);
double self_cpu_s();

// n, and p50 / p90 / p99 / max in ms when there is any sample.
json summary_ms(std::vector<std::int64_t> v);

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

Target target_of(const Args& a);

struct Opened {
    std::unique_ptr<Ws> ws;
    std::string error;
};

// Connected, upgraded with `token` as the bearer, and past the server's welcome frame.
asio::awaitable<Opened> open_ws(const Target& t, std::size_t index, std::string token);

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

// ---- frames, by substring ----------------------------------------------------------------

std::string_view type_of(std::string_view f);

// The integer after the last `"key":` (topic data ends with "total"; an ack's counts hold "week").
std::optional<std::int64_t> int_after(std::string_view f, std::string_view key, bool last);

// ---- ids and inputs ----------------------------------------------------------------------

// Idempotency ids differ per run, so a second run against the same Redis is not all duplicates.
std::string run_tag();

// The file's non-empty lines; throws when there are none.
std::vector<std::string> read_lines(const std::string& path);

// ---- the admin API and Redis -------------------------------------------------------------

// One blocking request; `status` gets the HTTP status.
json http_json(const Target& t, const std::string& method, const std::string& path, const std::string& bearer,
               const json& body, int& status);

// Redis's command counts (INFO commandstats) by command, through redis-cli on the server's Redis
// socket. Commands a script runs are counted too, under their own names.
std::map<std::string, long long> redis_calls(const std::string& sock);

}  // namespace wp::bench
