// bench_loadgen report: the results of one bench/run (each scenario's JSON in --dir) as the
// Performance table, each figure with its ratio against the floor and the Node.js peer, and one
// merged JSON (--out).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "loadgen_args.hpp"

namespace wp::bench {

namespace {
using nlohmann::json;

std::optional<json> load(const std::filesystem::path& p) {
    std::ifstream in(p);
    if (!in) return std::nullopt;
    auto j = json::parse(in, nullptr, false);
    if (j.is_discarded()) return std::nullopt;
    return j;
}

// redis-benchmark --csv: a header line, then "EVALSHA ...","rps","avg","min","p50","p95","p99","max".
std::optional<json> load_redis_csv(const std::filesystem::path& p) {
    std::ifstream in(p);
    if (!in) return std::nullopt;
    std::string line;
    std::vector<std::string> last;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::string cell;
        bool quoted = false;
        for (char c : line) {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) cells.push_back(cell), cell.clear();
            else cell += c;
        }
        cells.push_back(cell);
        if (cells.size() >= 8 && cells[1] != "rps") last = cells;
    }
    if (last.empty()) return std::nullopt;
    try {
        return json{{"rps", std::stod(last[1])}, {"p50_ms", std::stod(last[4])}, {"p99_ms", std::stod(last[6])},
                    {"max_ms", std::stod(last[7])}};
    } catch (...) {
        return std::nullopt;
    }
}

std::string fmt(const char* f, double v) {
    char b[64];
    std::snprintf(b, sizeof b, f, v);
    return b;
}

std::string thousands(double v) {
    auto digits = std::to_string(static_cast<long long>(v + 0.5));
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0 && digits[i - 1] != '-') out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace

int cmd_report(const Args& a) {
    std::filesystem::path dir = a.need("dir");
    json out = json::object();
    if (auto m = load(dir / "machine.json")) out["machine"] = *m;
    if (auto p = load(dir / "params.json")) out["params"] = *p;
    struct Row {
        std::string scenario, figure, wolfpack, reference, ratio, target, met;
    };
    std::vector<Row> rows;
    json targets = json::array();
    auto target = [&](const std::string& name, bool met, const std::string& detail) {
        targets.push_back({{"target", name}, {"met", met}, {"detail", detail}});
        return std::string(met ? "yes" : "no");
    };
    // A run whose requests failed measured nothing (a script and its arguments out of step,
    // say): it is reported as broken, never compared, and the report exits non-zero.
    std::vector<std::string> broken;
    auto ingest_ok = [&](const json& e, const std::string& what) {
        auto acks = e.value("acks", 0LL), errors = e.value("errors", 0LL);
        if (acks > 0 && errors * 100 <= acks) return true;
        broken.push_back(what + ": " + std::to_string(acks) + " acks, " + std::to_string(errors) + " errors");
        return false;
    };
    auto fanout_ok = [&](const json& f, const std::string& what) {
        // Overload shows as unacknowledged logs among acknowledged ones; a run where none
        // succeeded is broken.
        auto updates = f.value("updates_delivered", 0LL), failed = f.value("logs_failed", 0LL),
             sent = f.value("logs_sent", 0LL);
        if (updates > 0 && failed < sent) return true;
        broken.push_back(what + ": " + std::to_string(updates) + " updates delivered, " + std::to_string(failed) +
                         " logs failed");
        return false;
    };

    out["ingest"] = json::array();
    for (int depth : {1, 8}) {
        auto ing = load(dir / ("ingest-d" + std::to_string(depth) + ".json"));
        if (!ing) continue;
        auto rb = load_redis_csv(dir / ("redis-d" + std::to_string(depth) + ".csv"));
        auto& e = *ing;
        if (!ingest_ok(e, "wolfpack ingest depth " + std::to_string(depth))) continue;
        if (rb) e["redis_benchmark"] = *rb;
        std::string sc = "ingest, " + thousands(e["connections"].get<double>()) + " reps, depth " + std::to_string(depth);
        double eps = e["events_per_s"].get<double>();
        std::string ratio, met, tgt;
        if (rb) {
            double r = eps / (*rb)["rps"].get<double>();
            e["ratio_to_redis"] = r;
            ratio = fmt("%.2f", r);
            tgt = ">= 0.90";
            met = target("ingest depth " + std::to_string(depth) + " >= 90% of redis EVALSHA", r >= 0.9,
                         fmt("%.2f", r));
        }
        rows.push_back({sc, "events/s", thousands(eps),
                        rb ? "redis-benchmark EVALSHA " + thousands((*rb)["rps"].get<double>()) + "/s" : "", ratio, tgt, met});
        rows.push_back({sc, "ack p50 / p99", fmt("%.1f", e["ack"].value("p50_ms", 0.0)) + " / " + fmt("%.1f ms", e["ack"].value("p99_ms", 0.0)),
                        rb ? fmt("%.1f", (*rb)["p50_ms"].get<double>()) + " / " + fmt("%.1f ms", (*rb)["p99_ms"].get<double>()) : "",
                        "", "", ""});
        rows.push_back({sc, "server CPU / Redis CPU", fmt("%.0f%%", e["server_cpu_pct"].get<double>()) + " / " + fmt("%.0f%%", e["redis_cpu_pct"].get<double>()),
                        "", "", "", ""});
        if (e.value("errors", 0) > 0) rows.push_back({sc, "errors", std::to_string(e["errors"].get<long long>()), "", "", "", ""});
        out["ingest"].push_back(e);
    }
    if (auto node_ing = load(dir / "ingest-node-d1.json"); node_ing && ingest_ok(*node_ing, "Node ingest depth 1")) {
        out["ingest_node"] = *node_ing;
        auto& e = *node_ing;
        rows.push_back({"ingest, " + thousands(e["connections"].get<double>()) + " reps, depth 1, Node peer (no schema check)",
                        "events/s; ack p50 / p99", "",
                        "Node " + thousands(e["events_per_s"].get<double>()) + "/s; " + fmt("%.1f", e["ack"].value("p50_ms", 0.0)) +
                            " / " + fmt("%.1f ms", e["ack"].value("p99_ms", 0.0)),
                        "", "", ""});
    }

    auto floor = load(dir / "floor.json");
    if (floor) {
        out["floor"] = *floor;
        auto& fl = *floor;
        rows.push_back({"floor, " + thousands(fl["sockets"].get<double>()) + " sockets, " +
                            thousands(fl["frame_bytes"].get<double>()) + "-byte frame (bench/floor.cpp)",
                        "CPU per frame; one round p50 / p99", "",
                        fmt("%.2f us", fl["cpu_us_per_frame"].get<double>()) + "; " +
                            fmt("%.1f", fl["round_ms"].value("p50_ms", 0.0)) + " / " + fmt("%.1f ms", fl["round_ms"].value("p99_ms", 0.0)),
                        "", "", ""});
    }
    auto fan = load(dir / "fanout-wolfpack.json");
    auto node = load(dir / "fanout-node.json");
    if (fan && !fanout_ok(*fan, "wolfpack fan-out")) fan.reset();
    if (node && !fanout_ok(*node, "Node fan-out")) node.reset();
    if (fan) {
        auto& f = *fan;
        out["fanout"] = f;
        std::string sc = "fan-out, " + thousands(f["subscribers_ready"].get<double>()) + " subscribers, " +
                         thousands(f["rate"].get<double>()) + " logs/s";
        const auto& l = f["ack_to_last_update"];
        auto lat = [](const json& x) {
            return fmt("%.0f", x.value("p50_ms", 0.0)) + " / " + fmt("%.0f", x.value("p99_ms", 0.0)) + " / " +
                   fmt("%.0f ms", x.value("max_ms", 0.0));
        };
        double p99 = l.value("p99_ms", 1e9);
        std::string nref, nratio;
        if (node) {
            nref = "Node " + lat((*node)["ack_to_last_update"]);
            nratio = fmt("%.2f", p99 / std::max(1e-9, (*node)["ack_to_last_update"].value("p99_ms", 1e9)));
        }
        bool complete = f["logs_not_seen_by_all"].get<long long>() == 0 && f["subscribers_closed"].get<long long>() == 0 &&
                        f["logs_failed"].get<long long>() == 0;
        if (node) {
            double r = p99 / std::max(1e-9, (*node)["ack_to_last_update"].value("p99_ms", 1e9));
            rows.push_back({sc, "ack -> last subscriber p50 / p99 / max", lat(l), nref, nratio, "p99 <= 0.7x Node",
                            target("fan-out p99 <= 0.7x the Node peer's", r <= 0.7 && complete, fmt("%.2fx", r))});
        } else {
            rows.push_back({sc, "ack -> last subscriber p50 / p99 / max", lat(l), "", "", "", ""});
        }
        // Runs from before send_to_last_update existed lack it: their cell stays empty.
        const char* stl = "send_to_last_update";
        auto send_to_last = [&](const json& x) { return x.contains(stl) ? lat(x[stl]) : std::string(); };
        std::string sref, sratio;
        if (node && node->contains(stl)) sref = "Node " + send_to_last(*node);
        if (node && node->contains(stl) && f.contains(stl))
            sratio = fmt("%.2f", f[stl].value("p99_ms", 1e9) / std::max(1e-9, (*node)[stl].value("p99_ms", 1e9)));
        rows.push_back({sc, "log send -> last subscriber p50 / p99 / max", send_to_last(f), sref, sratio, "", ""});
        // The floor: the same frame written to as many sockets by a bare loop (bench/floor.cpp).
        double cpf = f.value("server_cpu_us_per_update", 0.0);
        if (floor) {
            double fl = (*floor)["cpu_us_per_frame"].get<double>();
            std::string ref = "floor " + fmt("%.2f us", fl) +
                              (node ? "; Node " + fmt("%.2f us", (*node).value("server_cpu_us_per_update", 0.0)) : "");
            rows.push_back({sc, "server CPU per delivered frame", fmt("%.2f us", cpf), ref, fmt("%.2fx", cpf / fl),
                            "<= 1.3x floor", target("server CPU per frame <= 1.3x the floor", cpf <= 1.3 * fl, fmt("%.2fx", cpf / fl))});
        } else {
            rows.push_back({sc, "server CPU per delivered frame", fmt("%.2f us", cpf), "", "", "", ""});
        }
        double upc = f["updates_per_cpu_s"].get<double>();
        std::string uref, uratio;
        if (node) {
            double nupc = (*node)["updates_per_cpu_s"].get<double>();
            uref = "Node " + thousands(nupc);
            uratio = fmt("%.2f", upc / std::max(1e-9, nupc));
        }
        rows.push_back({sc, "updates delivered per server CPU-second", thousands(upc), uref, uratio, "", ""});
        const auto& sa = f["send_to_ack"];
        rows.push_back({sc, "log send -> ack p50 / p99 (during the fan-out)",
                        fmt("%.0f", sa.value("p50_ms", 0.0)) + " / " + fmt("%.0f ms", sa.value("p99_ms", 0.0)),
                        node ? "Node " + fmt("%.0f", (*node)["send_to_ack"].value("p50_ms", 0.0)) + " / " +
                                   fmt("%.0f ms", (*node)["send_to_ack"].value("p99_ms", 0.0))
                             : "",
                        "", "", ""});
        rows.push_back({sc, "server CPU / RSS", fmt("%.0f%%", f["server_cpu_pct"].get<double>()) + " / " + fmt("%.0f MiB", f["server_rss_kib_after"].get<double>() / 1024),
                        node ? "Node " + fmt("%.0f%%", (*node)["server_cpu_pct"].get<double>()) + " / " + fmt("%.0f MiB", (*node)["server_rss_kib_after"].get<double>() / 1024) : "",
                        "", "", ""});
        rows.push_back({sc, "Redis CPU / load generator CPU", fmt("%.0f%%", f["redis_cpu_pct"].get<double>()) + " / " + fmt("%.0f%%", f["loadgen_cpu_pct"].get<double>()),
                        node ? "Node run " + fmt("%.0f%%", (*node)["redis_cpu_pct"].get<double>()) + " / " + fmt("%.0f%%", (*node)["loadgen_cpu_pct"].get<double>()) : "",
                        "", "", ""});
        if (!complete)
            rows.push_back({sc, "logs unacked / not seen by every subscriber / subscribers closed",
                            std::to_string(f["logs_failed"].get<long long>()) + " / " +
                                std::to_string(f["logs_not_seen_by_all"].get<long long>()) + " / " +
                                std::to_string(f["subscribers_closed"].get<long long>()),
                            "", "", "", ""});
        if (f.contains("redis_scripts_per_log_besides_the_log")) {
            double rd = f["redis_scripts_per_log_besides_the_log"].get<double>();
            // The refresh timer's read of each topic every live.refresh_ms stays: 0.0002 a log here.
            rows.push_back({sc, "Redis scripts per log besides the log's own (board reads)", fmt("%.4f", rd),
                            node && node->contains("redis_scripts_per_log_besides_the_log")
                                ? "Node " + fmt("%.4f", (*node)["redis_scripts_per_log_besides_the_log"].get<double>())
                                : "",
                            "", "0 reads", target("0 board reads per change in the steady state", rd < 0.002, fmt("%.4f", rd))});
        }
        if (f.value("taps", 0) > 0) {
            const auto& tl = f["tap_to_last_update"];
            auto tap = [](const json& x) {
                return fmt("%.1f", x.value("p50_ms", 0.0)) + " / " + fmt("%.1f ms", x.value("p99_ms", 0.0));
            };
            std::string ref = floor ? "floor round " + tap((*floor)["round_ms"]) : "";
            if (node && node->value("taps", 0) > 0) ref += (ref.empty() ? "" : "; ") + std::string("Node ") + tap((*node)["tap_to_last_update"]);
            std::string ratio, met;
            if (floor) {
                double r = tl.value("p99_ms", 1e9) / std::max(1e-9, (*floor)["round_ms"].value("p99_ms", 1e9));
                ratio = fmt("%.2fx", r);
                met = target("isolated tap p99 <= 1.2x one bare round of the floor",
                             r <= 1.2 && f.value("taps_not_seen_by_all", 1) == 0, ratio);
            }
            rows.push_back({"one isolated tap, " + thousands(f["subscribers_ready"].get<double>()) + " subscribers",
                            "ack -> last subscriber p50 / p99", tap(tl), ref, ratio, floor ? "p99 <= 1.2x floor round" : "", met});
        }
        double per = f["rss_per_connection_kib"].get<double>();
        std::string mref, mratio;
        if (node) {
            mref = "Node " + fmt("%.1f KiB", (*node)["rss_per_connection_kib"].get<double>());
            mratio = fmt("%.2f", per / std::max(1e-9, (*node)["rss_per_connection_kib"].get<double>()));
        }
        rows.push_back({"memory, " + thousands(f["subscribers_ready"].get<double>()) + " idle subscribed connections",
                        "server RSS per connection", fmt("%.1f KiB", per), mref, mratio, "<= 4 KiB",
                        target("<= 4 KiB RSS per idle connection", per <= 4, fmt("%.1f KiB", per))});
        if (node) {
            out["peer_node"] = *node;
            double r_upc = upc / std::max(1e-9, (*node)["updates_per_cpu_s"].get<double>());
            double r_p99 = p99 / std::max(1e-9, (*node)["ack_to_last_update"].value("p99_ms", 1e9));
            out["peer_ratios"] = {{"updates_per_cpu_s", r_upc}, {"p99", r_p99}};
        }
    }
    out["targets"] = targets;

    // The table, as Markdown (README's Performance section takes it as is).
    std::printf("| scenario | figure | wolfpack | reference | ratio | target | met |\n|---|---|---|---|---|---|---|\n");
    for (const auto& r : rows)
        std::printf("| %s | %s | %s | %s | %s | %s | %s |\n", r.scenario.c_str(), r.figure.c_str(), r.wolfpack.c_str(),
                    r.reference.c_str(), r.ratio.c_str(), r.target.c_str(), r.met.c_str());
    std::printf("\n");
    for (const auto& t : targets)
        std::printf("target %-62s %s (%s)\n", t["target"].get<std::string>().c_str(), t["met"].get<bool>() ? "MET" : "MISSED",
                    t["detail"].get<std::string>().c_str());
    out["broken_runs"] = broken;
    write_json(a.need("out"), out);
    for (const auto& b : broken) std::printf("BROKEN %s: its figures are left out\n", b.c_str());
    return broken.empty() ? 0 : 3;
}


}  // namespace wp::bench
