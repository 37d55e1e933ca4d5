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
//
// The commands live in loadgen_ingest.cpp (setup, ingest), loadgen_fanout.cpp and
// loadgen_report.cpp; what they share, in loadgen_common.hpp.
#include <cstdio>
#include <exception>
#include <string>

#include "loadgen_args.hpp"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_loadgen setup|ingest|fanout|report --key value ...\n");
        return 2;
    }
    try {
        std::string cmd = argv[1];
        auto a = wp::bench::parse_args(argc, argv, 2);
        if (cmd == "setup") return wp::bench::cmd_setup(a);
        if (cmd == "ingest") return wp::bench::cmd_ingest(a);
        if (cmd == "fanout") return wp::bench::cmd_fanout(a);
        if (cmd == "report") return wp::bench::cmd_report(a);
        std::fprintf(stderr, "bench_loadgen: unknown command %s\n", cmd.c_str());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_loadgen: %s\n", e.what());
        return 1;
    }
}
