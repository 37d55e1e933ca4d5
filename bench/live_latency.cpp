// Live latency on loopback through the real binary and a real Redis: one rep logs a call
// every `--gap-ms`; a teammate's connection, subscribed to the leaderboard, waits for the
// update that shows it. Prints p50/p90/p99/max of
//   send -> ack      (the logger's round trip)
//   ack  -> update   (what the issue asks for: another client sees it after the ack)
//   send -> update
// Usage: bench_live_latency [--samples N] [--gap-ms G] [--subscribers S] [--coalesce-ms C]
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/clients.hpp"
#include "support/processes.hpp"

using namespace std::chrono;
using wp::test::json;

namespace {

double ms(steady_clock::duration d) { return duration<double, std::milli>(d).count(); }

void report(const char* what, std::vector<double> v) {
    if (v.empty()) {
        std::printf("%-16s no samples\n", what);
        return;
    }
    std::sort(v.begin(), v.end());
    auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * (v.size() - 1) + 0.5))]; };
    std::printf("%-16s n=%zu  p50=%.2f ms  p90=%.2f ms  p99=%.2f ms  max=%.2f ms\n", what, v.size(), at(0.5), at(0.9),
                at(0.99), v.back());
}

int arg(int argc, char** argv, const std::string& name, int fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (argv[i] == name) return std::stoi(argv[i + 1]);
    return fallback;
}

json post(int port, const std::string& path, const json& body) {
    auto r = wp::test::http_request(port, "POST", path, body.dump(), wp::test::WolfpackServer::admin_token);
    if (r.status != 201) throw std::runtime_error(path + ": " + r.body);
    return r.json_body();
}

}  // namespace

int main(int argc, char** argv) {
    const int samples = arg(argc, argv, "--samples", 200);
    const int gap_ms = arg(argc, argv, "--gap-ms", 150);
    const int subscribers = arg(argc, argv, "--subscribers", 10);
    const int coalesce_ms = arg(argc, argv, "--coalesce-ms", 100);

    wp::test::RedisServer redis;
    wp::test::WolfpackServer server(redis.url(), {"--set", "live.coalesce_ms=" + std::to_string(coalesce_ms),
                                                  "--set", "limits.rate_per_second=10000", "--log-level", "warn"});
    int port = server.port();
    post(port, "/api/v1/teams", {{"id", "bench"}, {"name", "Bench"}, {"tz", "Europe/London"}});
    auto logger_token = post(port, "/api/v1/teams/bench/reps", {{"id", "natalie"}, {"name", "Natalie"}})["token"];
    auto watcher_token = post(port, "/api/v1/teams/bench/reps", {{"id", "jake"}, {"name", "Jake"}})["token"];

    const std::string topic = "leaderboard:calls:week";
    std::mutex mutex;
    std::map<long long, steady_clock::time_point> seen_total;  // first subscriber's arrival per total
    std::vector<std::unique_ptr<wp::test::WsClient>> watchers;
    for (int i = 0; i < subscribers; ++i) {
        watchers.push_back(std::make_unique<wp::test::WsClient>(port, watcher_token.get<std::string>()));
        auto ack = watchers.back()->request({{"type", "subscribe"}, {"topic", topic}});
        if (ack["type"] != "ack") throw std::runtime_error("subscribe failed: " + ack.dump());
    }
    std::atomic<bool> done{false};
    std::vector<std::thread> readers;
    std::vector<std::vector<std::pair<long long, steady_clock::time_point>>> arrivals(subscribers);
    for (int i = 0; i < subscribers; ++i)
        readers.emplace_back([&, i] {
            while (!done) {
                auto f = watchers[i]->read(200ms);
                if (!f || (*f)["type"] != "update") continue;
                arrivals[i].emplace_back((*f)["data"]["total"].get<long long>(), steady_clock::now());
            }
        });

    wp::test::WsClient logger(port, logger_token.get<std::string>());
    std::vector<steady_clock::time_point> sent(samples + 1), acked(samples + 1);
    for (int k = 1; k <= samples; ++k) {
        sent[k] = steady_clock::now();
        auto ack = logger.request({{"type", "log"}, {"metric", "calls"}, {"id", "bench-" + std::to_string(k)}});
        acked[k] = steady_clock::now();
        if (ack["type"] != "ack") throw std::runtime_error("log failed: " + ack.dump());
        std::this_thread::sleep_for(milliseconds(gap_ms));
    }
    std::this_thread::sleep_for(500ms);
    done = true;
    for (auto& t : readers) t.join();

    std::vector<double> round_trip, ack_to_update, send_to_update;
    long long missing = 0;
    for (int k = 1; k <= samples; ++k) round_trip.push_back(ms(acked[k] - sent[k]));
    for (const auto& per_client : arrivals) {
        std::map<long long, steady_clock::time_point> first;
        for (auto& [total, at] : per_client) first.try_emplace(total, at);
        for (int k = 1; k <= samples; ++k) {
            // The first update showing total >= k carries log k.
            auto it = first.lower_bound(k);
            if (it == first.end()) {
                ++missing;
                continue;
            }
            ack_to_update.push_back(std::max(0.0, ms(it->second - acked[k])));
            send_to_update.push_back(ms(it->second - sent[k]));
        }
    }
    std::printf("live latency: %d logs, %d ms apart, %d subscribers, coalesce %d ms, loopback\n", samples, gap_ms,
                subscribers, coalesce_ms);
    report("send -> ack", round_trip);
    report("ack -> update", ack_to_update);
    report("send -> update", send_to_update);
    std::printf("updates missing: %lld\n", missing);
    return missing == 0 ? 0 : 1;
}
