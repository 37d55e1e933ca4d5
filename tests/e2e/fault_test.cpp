// Faults inflicted on real processes: Redis stopped (SIGSTOP), killed (-9) and restarted, the
// embedded Redis killed under an appendfsync=always server, a server stopped with SIGTERM
// while a client is logging, and a token revoked on another instance. Each case ends by
// asserting the final counts exactly.
#include <doctest/doctest.h>
#include <hiredis/hiredis.h>

#include <csignal>
#include <fstream>
#include <future>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "e2e/fixture.hpp"

using namespace wp::e2e;
using wp::test::WsClient;

namespace {
using Clock = std::chrono::steady_clock;

// Polls `ready` until it holds or `within` passes (a deadline, not a sleep to wait out).
template <class Pred>
bool poll_until(Pred ready, std::chrono::milliseconds within) {
    auto deadline = Clock::now() + within;
    while (Clock::now() < deadline) {
        if (ready()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return ready();
}

int readyz(int port) { return wp::test::http_request(port, "GET", "/readyz").status; }

json log_message(const std::string& id, const json& req = json()) {
    json m = {{"type", "log"}, {"metric", "calls"}, {"id", id}};
    if (!req.is_null()) m["req"] = req;
    return m;
}

json subscribe(WsClient& ws, const std::string& topic) {
    auto ack = ws.request({{"type", "subscribe"}, {"topic", topic}});
    INFO(ack.dump());
    REQUIRE(ack["type"] == "ack");
    return ws.wait_for([&](const json& f) { return f["type"] == "snapshot" && f["topic"] == topic; });
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A redis-server on a free port with an append-only file fsynced on every write, so a
// kill -9 and a restart on the same directory keep everything it acknowledged.
class DurableRedis {
public:
    DurableRedis() : port_(wp::test::free_port()), dir_(wp::test::temp_dir("wp-durable")) { start(); }
    ~DurableRedis() {
        process_.signal(SIGCONT);
        process_.signal(SIGKILL);
        process_.wait(10s);
    }
    void start() {
        process_.start({"redis-server", "--port", std::to_string(port_), "--bind", "127.0.0.1", "--save", "",
                        "--appendonly", "yes", "--appendfsync", "always", "--dir", dir_, "--daemonize", "no"},
                       dir_ + "/redis.log");
        REQUIRE(poll_until([&] { return pings(); }, 10s));
    }
    void kill9() {
        process_.signal(SIGKILL);
        process_.wait(10s);
    }
    void pause() { process_.signal(SIGSTOP); }
    void resume() { process_.signal(SIGCONT); }
    std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

private:
    bool pings() const {
        timeval tv{0, 500000};
        redisContext* c = redisConnectWithTimeout("127.0.0.1", port_, tv);
        bool ok = false;
        if (c && !c->err) {
            redisSetTimeout(c, tv);
            auto* r = static_cast<redisReply*>(redisCommand(c, "PING"));
            ok = r && r->type == REDIS_REPLY_STATUS;
            if (r) freeReplyObject(r);
        }
        if (c) redisFree(c);
        return ok;
    }
    int port_;
    std::string dir_;
    wp::test::ChildProcess process_;
};

}  // namespace

TEST_CASE("Redis stopped then killed: unavailable at once, connections stay, fresh snapshots, retries count once") {
    DurableRedis redis;
    wp::test::WolfpackServer server(redis.url(), {"--set", "live.coalesce_ms=20"});
    const int port = server.port();
    auto team = make_team(port, "alpha");
    WsClient natalie(port, team.tokens["natalie"]);
    WsClient jake(port, team.tokens["jake"]);
    subscribe(jake, "leaderboard:calls:day");
    REQUIRE(natalie.request(log_message("before-1"))["type"] == "ack");

    // --- SIGSTOP: Redis keeps its sockets open and answers nothing.
    redis.pause();
    // Sent before the server can know: it waits for the 3 s command timeout, then answers. The
    // command still sits in the stopped Redis's socket buffer and runs when it resumes, but
    // after its deadline: the script then writes nothing, as the client was told.
    auto on_the_wire = natalie.request(log_message("frozen-1"), 6s);
    CHECK(on_the_wire["type"] == "error");
    CHECK(on_the_wire["code"] == "unavailable");
    REQUIRE(poll_until([&] { return readyz(port) == 503; }, 10s));
    // Now the server knows: a log is refused at once and never reaches Redis.
    auto refused = natalie.request(log_message("frozen-2"), 1s);
    CHECK(refused["type"] == "error");
    CHECK(refused["code"] == "unavailable");
    auto over_http = wp::test::http_request(port, "POST", "/api/v1/activities", log_message("frozen-3").dump(),
                                            team.tokens["natalie"]);
    CHECK(over_http.status == 503);
    CHECK(over_http.json_body()["error"]["code"] == "unavailable");
    CHECK(natalie.is_open());
    CHECK(jake.is_open());

    redis.resume();
    REQUIRE(poll_until([&] { return readyz(port) == 200; }, 15s));
    auto fresh = jake.wait_for(
        [](const json& f) { return f["type"] == "snapshot" && f["topic"] == "leaderboard:calls:day"; }, 5s);
    // Only before-1: frozen-1 expired in Redis, frozen-2 and frozen-3 never reached it.
    CHECK(count_of(fresh["data"], "natalie") == 1);
    CHECK(count_of(leaderboard(port, team.tokens["natalie"], "calls", "all"), "natalie") == 1);
    // The client retries every refused id: each counts exactly once.
    for (const char* id : {"frozen-1", "frozen-2", "frozen-3"}) {
        CAPTURE(id);
        auto a = natalie.request(log_message(id));
        REQUIRE(a["type"] == "ack");
        CHECK_FALSE(a["result"].value("duplicate", false));
    }
    CHECK(count_of(leaderboard(port, team.tokens["natalie"], "calls", "all"), "natalie") == 4);

    // --- kill -9: the connection resets, so the server knows at once.
    redis.kill9();
    REQUIRE(poll_until([&] { return readyz(port) == 503; }, 5s));
    auto gone = natalie.request(log_message("killed-1"), 1s);
    CHECK(gone["type"] == "error");
    CHECK(gone["code"] == "unavailable");
    CHECK(natalie.is_open());
    CHECK(jake.is_open());

    redis.start();  // same directory: the append-only file is replayed
    REQUIRE(poll_until([&] { return readyz(port) == 200; }, 15s));
    // A restore may send more than one round of snapshots (the command connection's and the
    // notices' each say Redis is back), so one of the first outage's may still be queued: the
    // restart's is the one that shows the four acknowledged before it.
    CHECK_NOTHROW(jake.wait_for([](const json& f) {
        return f["type"] == "snapshot" && f["topic"] == "leaderboard:calls:day" && count_of(f["data"], "natalie") == 4;
    }, 5s));
    auto retried = natalie.request(log_message("killed-1"));
    REQUIRE(retried["type"] == "ack");
    CHECK_FALSE(retried["result"].value("duplicate", false));
    CHECK(retried["result"]["counts"]["all"] == 5);
    auto again = natalie.request(log_message("killed-1"));
    CHECK(again["result"]["duplicate"] == true);
    auto update = jake.wait_for([](const json& f) { return f["type"] == "update" && count_of(f["data"], "natalie") == 5; }, 3s);
    CHECK(update["data"]["total"] == 5);
    auto board = leaderboard(port, team.tokens["natalie"], "calls", "all");
    CHECK(count_of(board, "natalie") == 5);
    CHECK(board["total"] == 5);
    CHECK(wp::test::http_request(port, "GET", "/healthz").status == 200);
}

TEST_CASE("embedded Redis killed with -9 under appendfsync=always: no acknowledged activity is lost") {
    auto data = wp::test::temp_dir("wp-kill9");
    const int port = wp::test::free_port();
    const std::vector<std::string> serve{wp::test::wolfpack_binary(), "serve", "--data-dir", data, "--port", std::to_string(port),
                                         "--address", "127.0.0.1", "--admin-token", wp::test::WolfpackServer::admin_token,
                                         "--web-root", std::string(WOLFPACK_SOURCE_DIR) + "/web",
                                         "--set", "redis.appendfsync=always", "--set", "threads=2",
                                         "--set", "limits.rate_burst=100000", "--set", "limits.rate_per_second=100000"};
    constexpr int sequential = 200, pipelined = 100;
    std::string token;
    std::set<std::string> acked;
    {
        wp::test::ChildProcess first;
        first.start(serve, data + "/first.log");
        REQUIRE(poll_until([&] { return readyz(port) == 200; }, 15s));
        auto team = make_team(port, "alpha");
        token = team.tokens["natalie"];
        WsClient natalie(port, token);
        for (int i = 0; i < sequential; ++i) {
            auto id = "seq-" + std::to_string(i);
            auto a = natalie.request(log_message(id));
            REQUIRE(a["type"] == "ack");
            acked.insert(id);
        }
        std::smatch m;
        auto log = slurp(data + "/first.log");
        REQUIRE(std::regex_search(log, m, std::regex(R"(redis\.embedded_started pid=(\d+))")));
        const pid_t redis_pid = std::stoi(m[1]);
        // A burst on the wire, and Redis dies in the middle of it: right after its first ack.
        for (int i = 0; i < pipelined; ++i) natalie.send(log_message("burst-" + std::to_string(i), "burst-" + std::to_string(i)));
        int answered = 0;
        bool killed = false;
        while (answered < pipelined) {
            auto f = natalie.read(5s);
            if (!f) break;
            if ((*f)["type"] == "ack") acked.insert((*f)["req"].get<std::string>());
            if ((*f)["type"] == "ack" || (*f)["type"] == "error") ++answered;
            if (!killed) {
                REQUIRE(::kill(redis_pid, SIGKILL) == 0);
                killed = true;
            }
        }
        CHECK(answered == pipelined);
        MESSAGE("acknowledged before the kill -9: " << acked.size() << " of " << sequential + pipelined);
        first.signal(SIGTERM);
        CHECK(first.wait(10s) == 0);
    }
    wp::test::ChildProcess second;
    second.start(serve, data + "/second.log");
    REQUIRE(poll_until([&] { return readyz(port) == 200; }, 15s));
    auto recovered = count_of(leaderboard(port, token, "calls", "all"), "natalie");
    MESSAGE("recovered after the restart: " << recovered);
    CHECK(recovered >= static_cast<long long>(acked.size()));
    // Every acknowledged id was persisted: sent again, it is a duplicate. Every other id
    // counts once now, so the total is exact.
    WsClient natalie(port, token);
    int duplicates = 0;
    for (int i = 0; i < sequential + pipelined; ++i) {
        auto id = (i < sequential ? "seq-" : "burst-") + std::to_string(i < sequential ? i : i - sequential);
        CAPTURE(id);
        auto a = natalie.request(log_message(id));
        REQUIRE(a["type"] == "ack");
        bool duplicate = a["result"].value("duplicate", false);
        if (acked.contains(id)) CHECK(duplicate);
        duplicates += duplicate;
    }
    CHECK(duplicates == recovered);
    CHECK(count_of(leaderboard(port, token, "calls", "all"), "natalie") == sequential + pipelined);
    second.signal(SIGTERM);
    CHECK(second.wait(10s) == 0);
}

TEST_CASE("embedded Redis killed with -9 while serving: the server starts it again, nothing acknowledged lost") {
    auto data = wp::test::temp_dir("wp-respawn");
    const int port = wp::test::free_port();
    wp::test::ChildProcess server;
    server.start({wp::test::wolfpack_binary(), "serve", "--data-dir", data, "--port", std::to_string(port), "--address", "127.0.0.1",
                  "--admin-token", wp::test::WolfpackServer::admin_token, "--web-root",
                  std::string(WOLFPACK_SOURCE_DIR) + "/web", "--set", "redis.appendfsync=always"},
                 data + "/server.log");
    REQUIRE(poll_until([&] { return readyz(port) == 200; }, 15s));
    auto team = make_team(port, "alpha");
    WsClient natalie(port, team.tokens["natalie"]);
    WsClient jake(port, team.tokens["jake"]);
    subscribe(jake, "leaderboard:calls:day");
    for (int i = 0; i < 5; ++i) REQUIRE(natalie.request(log_message("before-" + std::to_string(i)))["type"] == "ack");
    auto pid_of = [&](const std::string& event) -> pid_t {
        std::smatch m;
        auto log = slurp(data + "/server.log");
        if (!std::regex_search(log, m, std::regex("redis\\." + event + R"( pid=(\d+))"))) return -1;
        return std::stoi(m[1]);
    };
    const pid_t first = pid_of("embedded_started");
    REQUIRE(first > 0);
    REQUIRE(::kill(first, SIGKILL) == 0);
    // No restart of the server: it notices, starts Redis again, and reconnects.
    REQUIRE(poll_until([&] { return pid_of("embedded_restarted") > 0; }, 10s));
    CHECK(pid_of("embedded_restarted") != first);
    REQUIRE(poll_until([&] { return readyz(port) == 200; }, 15s));
    CHECK(slurp(data + "/server.log").find("redis.embedded_exited how=\"signal 9\"") != std::string::npos);
    // The same connections go on: a fresh snapshot holds the 5, and new logs count.
    auto fresh = jake.wait_for(
        [](const json& f) { return f["type"] == "snapshot" && f["topic"] == "leaderboard:calls:day"; }, 10s);
    CHECK(count_of(fresh["data"], "natalie") == 5);
    for (int i = 0; i < 5; ++i) {
        auto a = natalie.request(log_message("after-" + std::to_string(i)));
        REQUIRE(a["type"] == "ack");
        CHECK_FALSE(a["result"].value("duplicate", false));
    }
    CHECK(natalie.request(log_message("before-0"))["result"]["duplicate"] == true);
    CHECK(count_of(leaderboard(port, team.tokens["natalie"], "calls", "all"), "natalie") == 10);
    server.signal(SIGTERM);
    CHECK(server.wait(10s) == 0);
}

TEST_CASE("SIGTERM: 1001 to every session, exit 0 within 5 s: the client moves to another instance, counts exact") {
    shared_redis().flushall();
    auto a = std::make_unique<wp::test::WolfpackServer>(shared_redis().url());
    wp::test::WolfpackServer b(shared_redis().url(), {"--set", "live.coalesce_ms=20"});
    auto team = make_team(a->port(), "alpha");
    WsClient jake_b(b.port(), team.tokens["jake"]);
    subscribe(jake_b, "leaderboard:calls:all");
    WsClient natalie_a(a->port(), team.tokens["natalie"]);
    WsClient wall_a(a->port(), team.tokens["wall"]);
    subscribe(wall_a, "leaderboard:calls:all");
    constexpr int total = 40;
    std::set<std::string> acked;
    for (int i = 0; i < total / 2; ++i) {
        auto id = "t-" + std::to_string(i);
        REQUIRE(natalie_a.request(log_message(id))["type"] == "ack");
        acked.insert(id);
    }
    // The second half is on the wire when the signal arrives.
    for (int i = total / 2; i < total; ++i) natalie_a.send(log_message("t-" + std::to_string(i), "t-" + std::to_string(i)));
    auto started = Clock::now();
    auto exited = std::async(std::launch::async, [&] { return a->stop(SIGTERM); });
    while (natalie_a.is_open()) {
        auto f = natalie_a.read(6s);
        if (f && (*f)["type"] == "ack") acked.insert((*f)["req"].get<std::string>());
    }
    while (wall_a.is_open()) (void)wall_a.read(6s);
    CHECK(natalie_a.close_code() == 1001);
    CHECK(wall_a.close_code() == 1001);
    CHECK(exited.get() == 0);
    CHECK(Clock::now() - started < 5s);

    // The client reconnects to B and sends again every id it holds no ack for; to show that
    // acknowledged ones are safe too, it sends those again as well.
    WsClient natalie_b(b.port(), team.tokens["natalie"]);
    for (int i = 0; i < total; ++i) {
        auto id = "t-" + std::to_string(i);
        CAPTURE(id);
        auto ack = natalie_b.request(log_message(id));
        REQUIRE(ack["type"] == "ack");
        if (acked.contains(id)) CHECK(ack["result"]["duplicate"] == true);
    }
    REQUIRE(natalie_b.request(log_message("t-after"))["type"] == "ack");
    auto update = jake_b.wait_for(
        [&](const json& f) { return f["type"] == "update" && count_of(f["data"], "natalie") == total + 1; }, 3s);
    CHECK(update["data"]["total"] == total + 1);
    CHECK(count_of(leaderboard(b.port(), team.tokens["jake"], "calls", "all"), "natalie") == total + 1);
}

TEST_CASE("a token rotated or a rep deleted on instance A closes its connections on instance B within a second") {
    shared_redis().flushall();
    wp::test::WolfpackServer a(shared_redis().url()), b(shared_redis().url());
    auto team = make_team(a.port(), "alpha");
    WsClient natalie_b(b.port(), team.tokens["natalie"]);
    WsClient natalie_b2(b.port(), team.tokens["natalie"], true);
    WsClient jake_b(b.port(), team.tokens["jake"]);
    WsClient priya_b(b.port(), team.tokens["priya"]);
    auto closed_within = [](WsClient& ws, std::chrono::milliseconds within) {
        auto deadline = Clock::now() + within;
        while (ws.is_open() && Clock::now() < deadline)
            (void)ws.read(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()) + 1ms);
        return !ws.is_open();
    };

    auto rotated = wp::test::http_request(a.port(), "POST", "/api/v1/teams/alpha/reps/natalie/token", "",
                                          wp::test::WolfpackServer::admin_token);
    REQUIRE(rotated.status == 201);
    CHECK(closed_within(natalie_b, 1s));
    CHECK(closed_within(natalie_b2, 1s));
    CHECK(natalie_b.close_code() == 1008);
    CHECK(natalie_b2.close_code() == 1008);
    CHECK(wp::test::ws_upgrade_status(b.port(), "/ws?token=" + team.tokens["natalie"]) == 401);
    CHECK(wp::test::http_request(b.port(), "POST", "/api/v1/activities", log_message("old-token").dump(),
                                 team.tokens["natalie"]).status == 401);
    WsClient natalie_new(b.port(), rotated.json_body()["token"].get<std::string>());
    REQUIRE(natalie_new.request(log_message("new-token"))["type"] == "ack");

    auto deleted = wp::test::http_request(a.port(), "DELETE", "/api/v1/teams/alpha/reps/jake", "",
                                          wp::test::WolfpackServer::admin_token);
    REQUIRE(deleted.status == 204);
    CHECK(closed_within(jake_b, 1s));
    CHECK(jake_b.close_code() == 1008);
    CHECK(wp::test::ws_upgrade_status(b.port(), "/ws?token=" + team.tokens["jake"]) == 401);
    CHECK(wp::test::http_request(b.port(), "POST", "/api/v1/activities", log_message("deleted").dump(),
                                 team.tokens["jake"]).status == 401);

    // Everyone else is untouched.
    CHECK(priya_b.is_open());
    REQUIRE(priya_b.request(log_message("still-here"))["type"] == "ack");
    auto board = leaderboard(b.port(), team.tokens["priya"], "calls", "all");
    CHECK(count_of(board, "natalie") == 1);
    CHECK(count_of(board, "jake") == 0);
    CHECK(count_of(board, "priya") == 1);
    CHECK(board["total"] == 2);
}
