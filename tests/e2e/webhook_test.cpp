// Outgoing webhooks against a local HTTP receiver: each event once across two instances,
// Slack-compatible text, retried after a failure.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "domain/time.hpp"
#include "e2e/fixture.hpp"

using namespace wp::e2e;
using wp::test::WsClient;

namespace {

// A minimal HTTP/1.1 receiver: records each request body; answers 500 to the first
// `fail_first` requests, 200 after.
class Receiver {
public:
    explicit Receiver(int fail_first = 0) : fail_first_(fail_first) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        socklen_t len = sizeof addr;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        ::listen(fd_, 16);
        thread_ = std::thread([this] { serve(); });
    }
    ~Receiver() {
        stop_ = true;
        ::shutdown(fd_, SHUT_RDWR);
        ::close(fd_);
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hooks/wolfpack"; }
    std::vector<json> bodies() {
        std::lock_guard lock(mutex_);
        return bodies_;
    }
    int requests() const { return requests_; }

private:
    void serve() {
        while (!stop_) {
            int c = ::accept(fd_, nullptr, nullptr);
            if (c < 0) return;
            std::string data;
            char buf[4096];
            std::size_t need = std::string::npos;
            while (true) {
                auto n = ::read(c, buf, sizeof buf);
                if (n <= 0) break;
                data.append(buf, static_cast<std::size_t>(n));
                auto head_end = data.find("\r\n\r\n");
                if (head_end != std::string::npos && need == std::string::npos) {
                    auto cl = data.find("Content-Length: ");
                    if (cl == std::string::npos) cl = data.find("content-length: ");
                    std::size_t length = cl == std::string::npos ? 0 : std::stoul(data.substr(cl + 16));
                    need = head_end + 4 + length;
                }
                if (need != std::string::npos && data.size() >= need) break;
            }
            int n = ++requests_;
            bool fail = n <= fail_first_;
            if (!fail && need != std::string::npos) {
                std::lock_guard lock(mutex_);
                bodies_.push_back(json::parse(data.substr(data.find("\r\n\r\n") + 4), nullptr, false));
                target_ok_ = data.starts_with("POST /hooks/wolfpack HTTP/1.1");
            }
            std::string answer = fail ? "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                      : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            (void)::write(c, answer.data(), answer.size());
            ::close(c);
        }
    }

    int fd_ = -1, port_ = 0, fail_first_;
    std::atomic<bool> stop_{false};
    std::atomic<int> requests_{0};
    std::mutex mutex_;
    std::vector<json> bodies_;

public:
    std::atomic<bool> target_ok_{false};

private:
    std::thread thread_;
};

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds within) {
    auto deadline = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < deadline) {
        if (pred()) return true;
        std::this_thread::sleep_for(50ms);
    }
    return pred();
}

}  // namespace

TEST_CASE("webhooks: a finished challenge and milestones are posted once across two instances") {
    shared_redis().flushall();
    Receiver receiver;
    std::vector<std::string> args{"--set", "webhooks.urls=" + receiver.url(), "--set", "challenges.finisher_ms=100"};
    wp::test::WolfpackServer a(shared_redis().url(), args), b(shared_redis().url(), args);
    auto team = make_team(a.port(), "alpha");
    WsClient jake(a.port(), team.tokens["jake"]);
    WsClient natalie(b.port(), team.tokens["natalie"]);
    auto end = wp::domain::format_rfc3339(wp::domain::now() + std::chrono::milliseconds(2000));
    auto start = wp::domain::format_rfc3339(wp::domain::now() - std::chrono::milliseconds(1000));
    auto created = jake.request({{"type", "challenge.create"}, {"metric", "calls"}, {"kind", "most"},
                                 {"participants", {"natalie"}}, {"window", {{"start", start}, {"end", end}}}});
    REQUIRE(created["type"] == "ack");
    auto id = created["result"]["challenge"]["id"].get<std::string>();
    REQUIRE(natalie.request({{"type", "challenge.accept"}, {"challenge", id}})["type"] == "ack");
    REQUIRE(natalie.request({{"type", "log"}, {"metric", "calls"}, {"id", "n1"}, {"delta", 10}})["type"] == "ack");

    // The milestone (10 today; this week's 10 is the same tap, so not announced again) and the
    // challenge's finish: two posts, no more.
    CHECK(eventually([&] { return receiver.bodies().size() >= 2; }, 8000ms));
    std::this_thread::sleep_for(700ms);  // both instances heard every notice by now
    auto bodies = receiver.bodies();
    CHECK(bodies.size() == 2);
    CHECK(receiver.target_ok_);
    int finished = 0, milestones = 0;
    for (const auto& body : bodies) {
        REQUIRE(body.is_object());
        CHECK(body["text"].is_string());
        CHECK(body["team"] == "alpha");
        auto kind = body["event"]["kind"];
        if (kind == "challenge.finished") {
            ++finished;
            CHECK(body["event"]["winner"] == "natalie");
            CHECK(body["text"].get<std::string>().find("natalie won") != std::string::npos);
        }
        if (kind == "milestone") {
            ++milestones;
            CHECK(body["text"].get<std::string>().find("reached 10 calls") != std::string::npos);
        }
    }
    CHECK(finished == 1);
    CHECK(milestones == 1);
}

TEST_CASE("webhooks: a failing receiver is retried with backoff, off the live path") {
    shared_redis().flushall();
    Receiver receiver(1);  // the first attempt gets a 500
    wp::test::WolfpackServer server(shared_redis().url(), {"--set", "webhooks.urls=" + receiver.url()});
    auto team = make_team(server.port(), "alpha");
    WsClient priya(server.port(), team.tokens["priya"]);
    auto ack = priya.request({{"type", "log"}, {"metric", "calls"}, {"id", "p1"}, {"delta", 25}});
    REQUIRE(ack["type"] == "ack");  // answered at once, whatever the receiver does
    REQUIRE(priya.request({{"type", "log"}, {"metric", "calls"}, {"id", "p2"}, {"delta", 25}})["type"] == "ack");
    // One milestone per log, the highest: 25 today, then 50 today.
    CHECK(eventually([&] { return receiver.bodies().size() == 2; }, 6000ms));
    CHECK(receiver.requests() == 3);  // one failure, then each delivered once
    CHECK(server.log().find("webhook.delivered") != std::string::npos);
}

TEST_CASE("webhooks: a bad URL stops the start and names the key") {
    shared_redis().flushall();
    CHECK_THROWS_WITH_AS(wp::test::WolfpackServer(shared_redis().url(), {"--set", "webhooks.urls=https://example.com/x"}),
                         doctest::Contains("webhooks.urls"), std::runtime_error);
}
