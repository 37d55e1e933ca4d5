#pragma once
// What bench_loadgen's commands share: their `--key value` arguments and writing a JSON result;
// and the commands themselves, for main().
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace wp::bench {

struct Args {
    std::map<std::string, std::string> kv;
    std::string get(const std::string& k, const std::string& fallback = "") const {
        auto it = kv.find(k);
        return it == kv.end() ? fallback : it->second;
    }
    std::string need(const std::string& k) const {
        auto it = kv.find(k);
        if (it == kv.end()) throw std::runtime_error("missing --" + k);
        return it->second;
    }
    long long num(const std::string& k, long long fallback) const {
        auto it = kv.find(k);
        return it == kv.end() ? fallback : std::stoll(it->second);
    }
    double real(const std::string& k, double fallback) const {
        auto it = kv.find(k);
        return it == kv.end() ? fallback : std::stod(it->second);
    }
};

inline Args parse_args(int argc, char** argv, int from) {
    Args a;
    for (int i = from; i < argc; ++i) {
        std::string s = argv[i];
        if (!s.starts_with("--")) throw std::runtime_error("unexpected argument " + s);
        s = s.substr(2);
        if (i + 1 < argc && !std::string(argv[i + 1]).starts_with("--")) a.kv[s] = argv[++i];
        else a.kv[s] = "1";
    }
    return a;
}

inline void write_json(const std::string& path, const nlohmann::json& j) {
    std::ofstream out(path);
    out << j.dump(2) << '\n';
    if (!out) throw std::runtime_error("cannot write " + path);
}

// The commands, each returning the process's exit status; the usage of each is in loadgen.cpp.
int cmd_setup(const Args& a);   // loadgen_ingest.cpp
int cmd_ingest(const Args& a);  // loadgen_ingest.cpp
int cmd_fanout(const Args& a);  // loadgen_fanout.cpp
// `report --dir DIR --out FILE`: the results of one bench/run as a table and one merged JSON
// (loadgen_report.cpp).
int cmd_report(const Args& a);

}  // namespace wp::bench
