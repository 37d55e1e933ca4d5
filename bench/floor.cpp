// The physical floor of fan-out on this machine: one ready-made WebSocket frame (a board update's
// size) written with write(2) to N loopback sockets, while another process (forked here) drains
// them. Nothing a server does per frame can cost less than this; bench/run prints wolfpack's and
// the Node peer's figures against it.
//
//   bench_floor --sockets N --bytes B [--rounds R] [--out FILE]
//
// B is the frame's payload (the header is added as a server builds it: 2 or 4 bytes). Each round
// writes the frame once to every socket, then waits for the drainer to report that the last byte
// of the round arrived: the round's time runs from the first write to that moment (the clock is
// CLOCK_MONOTONIC in both processes). CPU is the writer's alone (user + system).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

std::int64_t now_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

double cpu_s(int who) {
    rusage u{};
    getrusage(who, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "bench_floor: %s: %s\n", what, std::strerror(errno));
    std::exit(1);
}

void write_all(int fd, const void* data, std::size_t n) {
    auto* p = static_cast<const char*>(data);
    while (n > 0) {
        auto w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) die("write");
        p += w;
        n -= static_cast<std::size_t>(w);
    }
}

void read_all(int fd, void* data, std::size_t n) {
    auto* p = static_cast<char*>(data);
    while (n > 0) {
        auto r = ::read(fd, p, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) die("read (pipe)");
        p += r;
        n -= static_cast<std::size_t>(r);
    }
}

// The drainer: connects `sockets` clients (from 127.0.0.2..9, like the load generator), tells the
// writer, then reads everything; after every `round_bytes` it writes the time to `report`.
[[noreturn]] void drain(std::uint16_t port, std::size_t sockets, std::size_t round_bytes, std::size_t rounds,
                        int report) {
    int ep = epoll_create1(0);
    if (ep < 0) die("epoll_create1");
    sockaddr_in server{};
    server.sin_family = AF_INET;
    server.sin_port = htons(port);
    server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (std::size_t i = 0; i < sockets; ++i) {
        int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        if (fd < 0) die("socket");
#ifdef IP_BIND_ADDRESS_NO_PORT
        int one = 1;
        ::setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
#endif
        sockaddr_in local{};
        local.sin_family = AF_INET;
        local.sin_addr.s_addr = htonl(0x7f000002u + static_cast<std::uint32_t>(i % 8));
        if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) < 0) die("bind");
        if (::connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof server) < 0 && errno != EINPROGRESS) die("connect");
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = fd;
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl");
    }
    char ready = 'r';
    write_all(report, &ready, 1);
    std::vector<epoll_event> events(1024);
    std::vector<char> buf(1 << 16);
    std::size_t got = 0, reported = 0;
    while (reported < rounds) {
        int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), -1);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) die("epoll_wait");
        for (int i = 0; i < n; ++i)
            for (;;) {
                auto r = ::read(events[static_cast<std::size_t>(i)].data.fd, buf.data(), buf.size());
                if (r <= 0) break;
                got += static_cast<std::size_t>(r);
                if (static_cast<std::size_t>(r) < buf.size()) break;
            }
        while (reported < rounds && got >= (reported + 1) * round_bytes) {
            auto at = now_ns();
            write_all(report, &at, sizeof at);
            ++reported;
        }
    }
    double cpu = cpu_s(RUSAGE_SELF);
    write_all(report, &cpu, sizeof cpu);
    std::_Exit(0);
}

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t sockets = 10000, bytes = 200, rounds = 30;
    std::string out;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string k = argv[i], v = argv[i + 1];
        if (k == "--sockets") sockets = std::stoul(v);
        else if (k == "--bytes") bytes = std::stoul(v);
        else if (k == "--rounds") rounds = std::stoul(v);
        else if (k == "--out") out = v;
        else {
            std::fprintf(stderr, "usage: bench_floor --sockets N --bytes B [--rounds R] [--out FILE]\n");
            return 2;
        }
    }
    if (sockets == 0 || bytes < 16 || bytes > 65535 || rounds < 2) {
        std::fprintf(stderr, "bench_floor: --sockets >= 1, --bytes 16-65535, --rounds >= 2\n");
        return 2;
    }

    // The frame as a server sends it: FIN + text, unmasked, a 7- or 16-bit length, the payload.
    std::string frame;
    frame += static_cast<char>(0x81);
    if (bytes <= 125) {
        frame += static_cast<char>(bytes);
    } else {
        frame += static_cast<char>(126);
        frame += static_cast<char>((bytes >> 8) & 0xff);
        frame += static_cast<char>(bytes & 0xff);
    }
    std::string payload = R"({"type":"update","topic":"leaderboard:calls:week","seq":1,"data":{"rows":[)";
    while (payload.size() + 3 < bytes) payload += 'x';
    payload.resize(bytes - 2, 'x');
    payload += "]}";
    frame += payload.substr(0, bytes);

    int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    if (listener < 0) die("socket");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) die("bind");
    if (::listen(listener, 4096) < 0) die("listen");
    socklen_t len = sizeof addr;
    getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);

    int pipe_fds[2];
    if (::pipe(pipe_fds) < 0) die("pipe");
    pid_t child = fork();
    if (child < 0) die("fork");
    if (child == 0) {
        ::close(pipe_fds[0]);
        ::close(listener);
        drain(ntohs(addr.sin_port), sockets, sockets * frame.size(), rounds, pipe_fds[1]);
    }
    ::close(pipe_fds[1]);
    std::vector<int> fds;
    fds.reserve(sockets);
    while (fds.size() < sockets) {
        int fd = ::accept(listener, nullptr, nullptr);
        if (fd < 0) die("accept");
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // as wolfpack's sockets
        fds.push_back(fd);
    }
    char ready = 0;
    read_all(pipe_fds[0], &ready, 1);

    // The first round warms the sockets (and the caches) and is left out of every figure.
    std::vector<double> round_ms, write_ms;
    double cpu_measured = 0;
    for (std::size_t r = 0; r < rounds; ++r) {
        double c0 = cpu_s(RUSAGE_SELF);
        auto t0 = now_ns();
        for (int fd : fds) write_all(fd, frame.data(), frame.size());
        auto t1 = now_ns();
        double c1 = cpu_s(RUSAGE_SELF);
        std::int64_t last = 0;
        read_all(pipe_fds[0], &last, sizeof last);
        if (r == 0) continue;
        cpu_measured += c1 - c0;
        write_ms.push_back(static_cast<double>(t1 - t0) / 1e6);
        round_ms.push_back(static_cast<double>(std::max(last, t1) - t0) / 1e6);
    }
    double drainer_cpu = 0;
    read_all(pipe_fds[0], &drainer_cpu, sizeof drainer_cpu);
    waitpid(child, nullptr, 0);

    double frames = static_cast<double>(sockets) * static_cast<double>(rounds - 1);
    double us_per_frame = cpu_measured / frames * 1e6;
    char json[1024];
    std::snprintf(json, sizeof json,
                  "{\"scenario\":\"floor\",\"sockets\":%zu,\"payload_bytes\":%zu,\"frame_bytes\":%zu,\"rounds\":%zu,"
                  "\"cpu_us_per_frame\":%.3f,\"frames_per_cpu_s\":%.0f,\"round_ms\":{\"p50_ms\":%.2f,\"p99_ms\":%.2f,"
                  "\"max_ms\":%.2f},\"write_ms\":{\"p50_ms\":%.2f,\"p99_ms\":%.2f},\"drainer_cpu_s\":%.3f}\n",
                  sockets, bytes, frame.size(), rounds - 1, us_per_frame, 1e6 / us_per_frame, percentile(round_ms, 0.5),
                  percentile(round_ms, 0.99), percentile(round_ms, 1.0), percentile(write_ms, 0.5),
                  percentile(write_ms, 0.99), drainer_cpu);
    if (!out.empty()) {
        std::ofstream f(out);
        f << json;
        if (!f) die("writing --out");
    }
    std::fprintf(stderr, "floor: %zu sockets, %zu-byte frame: %.2f us of CPU per frame, one round %.1f ms (p50), %.1f ms (p99)\n",
                 sockets, frame.size(), us_per_frame, percentile(round_ms, 0.5), percentile(round_ms, 0.99));
    return 0;
}
