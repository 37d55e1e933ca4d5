// Connection limits over real sockets: caps per address and in total, the Origin check,
// keep-alive pings and silence, idle and half-sent HTTP requests, and the check of their
// configuration.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

#include "e2e/fixture.hpp"
#include "support/raw_socket.hpp"
#include "support/wait.hpp"

using namespace wp::e2e;

namespace {
using Clock = std::chrono::steady_clock;
using wp::test::metric;
using wp::test::poll_until;
using wp::test::RawWs;
using wp::test::slurp;

}  // namespace
TEST_CASE("connection caps: per address and in total: excess upgrades get 503 with a JSON error") {
    shared_redis().flushall();
    wp::test::WolfpackServer server(shared_redis().url(), {"--set", "limits.max_connections_per_ip=3", "--set",
                                                           "limits.max_connections=5"});
    const int port = server.port();
    auto team = make_team(port, "alpha");
    const auto target = "/ws?token=" + team.tokens["natalie"];
    std::vector<std::unique_ptr<RawWs>> open;
    for (int i = 0; i < 3; ++i) {
        open.push_back(std::make_unique<RawWs>(port, target, RawWs::Options{}));
        REQUIRE(open.back()->status == 101);
    }
    RawWs fourth(port, target, {});
    CHECK(fourth.status == 503);
    CHECK(fourth.has_header("Retry-After"));
    auto body = json::parse(fourth.body, nullptr, false);
    CHECK(body["error"]["code"] == "unavailable");
    CHECK(body["error"]["message"].get<std::string>().find("max_connections_per_ip") != std::string::npos);

    // Other addresses still get in, up to the total.
    for (const char* source : {"127.0.0.2", "127.0.0.3"}) {
        open.push_back(std::make_unique<RawWs>(port, target, RawWs::from(source)));
        CHECK(open.back()->status == 101);
    }
    RawWs over_total(port, target, RawWs::from("127.0.0.4"));
    CHECK(over_total.status == 503);
    CHECK(json::parse(over_total.body, nullptr, false)["error"]["message"].get<std::string>().find("max_connections") !=
          std::string::npos);
    CHECK(metric(port, "wolfpack_ws_connections") == 5);
    CHECK(wp::test::http_request(port, "GET", "/healthz").status == 200);  // plain HTTP is not capped

    // A closed connection frees its slot.
    open.erase(open.begin());
    REQUIRE(poll_until([&] { return metric(port, "wolfpack_ws_connections") == 4; }, 3s));
    RawWs back_in(port, target, {});
    CHECK(back_in.status == 101);
}

TEST_CASE_FIXTURE(ServerCase, "WebSocket upgrades from another site's page are refused 403 (allowed_origins)") {
    auto team = make_team(port(), "alpha");
    const auto target = "/ws?token=" + team.tokens["natalie"];
    const auto self = "http://127.0.0.1:" + std::to_string(port());
    CHECK(RawWs(port(), target, {}).status == 101);  // no Origin: not a browser
    CHECK(RawWs(port(), target, RawWs::with_origin(self)).status == 101);
    for (const std::string& other : std::vector<std::string>{"http://evil.example", "null", "http://127.0.0.1:1",
                                                           "https://127.0.0.1.evil.example:" + std::to_string(port()), "garbage"}) {
        CAPTURE(other);
        RawWs refused(port(), target, RawWs::with_origin(other));
        CHECK(refused.status == 403);
        CHECK(json::parse(refused.body, nullptr, false)["error"]["code"] == "forbidden");
    }

    wp::test::WolfpackServer listed(shared_redis().url(),
                                    {"--set", "allowed_origins=https://wall.example.com, http://10.0.0.5:8080"});
    CHECK(RawWs(listed.port(), target, RawWs::with_origin("https://wall.example.com")).status == 101);
    CHECK(RawWs(listed.port(), target, RawWs::with_origin("HTTPS://Wall.Example.com:443")).status == 101);
    CHECK(RawWs(listed.port(), target, RawWs::with_origin("http://10.0.0.5:8080")).status == 101);
    CHECK(RawWs(listed.port(), target, RawWs::with_origin("http://wall.example.com")).status == 403);
    CHECK(RawWs(listed.port(), target,
                RawWs::with_origin("http://127.0.0.1:" + std::to_string(listed.port()))).status == 101);
}

TEST_CASE("keep-alive: a ping every ws_ping_seconds: a peer that answers stays, a silent one is closed") {
    shared_redis().flushall();
    wp::test::WolfpackServer server(shared_redis().url(), {"--set", "limits.ws_ping_seconds=1", "--set",
                                                           "limits.ws_idle_seconds=3"});
    const int port = server.port();
    auto team = make_team(port, "alpha");
    RawWs answering(port, "/ws?token=" + team.tokens["jake"], {});
    RawWs silent(port, "/ws?token=" + team.tokens["priya"], {});
    REQUIRE(answering.status == 101);
    REQUIRE(silent.status == 101);

    // Twice the idle time: the answering peer sends nothing but pongs.
    int pings = 0;
    auto until = Clock::now() + 6s;
    while (Clock::now() < until) {
        auto f = answering.read_frame(std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()));
        if (!f) break;
        if (f->opcode == 0x9) {
            ++pings;
            answering.send_frame(0xA, f->payload);
        }
    }
    CHECK_FALSE(answering.closed);
    CHECK(pings >= 3);
    answering.send_text(R"({"type":"subscribe","req":"still-here","topic":"leaderboard:calls:day"})");
    bool acked = false;
    for (auto f = answering.read_frame(3s); f && !acked; f = answering.read_frame(3s))
        acked = f->opcode == 0x1 && f->payload.find("still-here") != std::string::npos;
    CHECK(acked);

    // The silent one saw the same pings and was cut off (it had 6 s, the limit is 3 s).
    int silent_pings = 0;
    while (auto f = silent.read_frame(5s))
        if (f->opcode == 0x9) ++silent_pings;
    CHECK(silent.closed);
    CHECK(silent_pings >= 1);
    CHECK(server.log().find("ws.silent_closed") != std::string::npos);
}

TEST_CASE("idle and half-sent HTTP requests are cut off after limits.http_idle_seconds") {
    shared_redis().flushall();
    wp::test::WolfpackServer server(shared_redis().url(), {"--set", "limits.http_idle_seconds=1"});
    auto connect = [&] {
        int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(static_cast<std::uint16_t>(server.port()));
        ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
        REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0);
        return fd;
    };
    auto closed_within = [](int fd, std::chrono::milliseconds within) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(within.count())) <= 0) return false;
        char c;
        return ::recv(fd, &c, 1, 0) <= 0;
    };
    int idle = connect();
    int half = connect();
    std::string partial = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
    REQUIRE(::send(half, partial.data(), partial.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(partial.size()));
    CHECK(closed_within(idle, 5s));
    CHECK(closed_within(half, 5s));
    ::close(idle);
    ::close(half);
    CHECK(wp::test::http_request(server.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("configuration of the new limits is checked") {
    auto dir = wp::test::temp_dir("wp-limits-cfg");
    auto run = [&](std::vector<std::string> args) {
        args.insert(args.begin(), wp::test::wolfpack_binary());
        args.push_back("config");
        wp::test::ChildProcess p;
        p.start(args, dir + "/out.log");
        int status = p.wait(10s);
        auto out = slurp(dir + "/out.log");
        std::ofstream(dir + "/out.log", std::ios::trunc).close();
        return std::pair{status, out};
    };
    auto [status, out] = run({"--set", "allowed_origins=ftp://x"});
    CHECK(status == 2);
    CHECK(out.find("allowed_origins") != std::string::npos);
    std::tie(status, out) = run({"--set", "limits.ws_ping_seconds=60"});
    CHECK(status == 2);
    CHECK(out.find("limits.ws_ping_seconds") != std::string::npos);
    std::tie(status, out) = run({"--set", "limits.max_connections=0"});
    CHECK(status == 2);
    CHECK(out.find("limits.max_connections") != std::string::npos);
    for (std::string key : {"limits.max_http_connections", "limits.max_http_connections_per_ip", "limits.max_subscriptions"}) {
        CAPTURE(key);
        std::tie(status, out) = run({"--set", key + "=0"});
        CHECK(status == 2);
        CHECK(out.find("config " + key + ": 1..") != std::string::npos);
    }
    std::tie(status, out) = run({"--set", "allowed_origins=https://a.example, http://b.example:8080"});
    CHECK(status == 0);
}
