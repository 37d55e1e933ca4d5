#include "app/embedded_redis.hpp"

#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

namespace wp::app {

namespace fs = std::filesystem;

namespace {
bool answers_ping(const std::string& socket_path) {
    timeval tv{0, 200000};
    redisContext* c = redisConnectUnixWithTimeout(socket_path.c_str(), tv);
    if (!c) return false;
    bool ok = false;
    if (!c->err) {
        auto* r = static_cast<redisReply*>(redisCommand(c, "PING"));
        ok = r && r->type == REDIS_REPLY_STATUS;
        if (r) freeReplyObject(r);
    }
    redisFree(c);
    return ok;
}
}  // namespace

EmbeddedRedis::EmbeddedRedis(EmbeddedRedisOptions options) : options_(std::move(options)) {}

EmbeddedRedis::~EmbeddedRedis() { stop(); }

std::string EmbeddedRedis::socket_path_for(const std::string& data_dir) {
    std::error_code ec;
    return (fs::absolute(data_dir, ec) / "redis.sock").lexically_normal().string();
}

domain::Status EmbeddedRedis::start() {
    std::error_code ec;
    fs::create_directories(options_.data_dir, ec);
    if (ec)
        return domain::bad_request("data_dir " + options_.data_dir + ": cannot be created (" + ec.message() +
                                   "); set data_dir to a writable directory");
    auto dir = fs::absolute(options_.data_dir).lexically_normal();
    socket_path_ = socket_path_for(options_.data_dir);
    if (socket_path_.size() >= 100)
        return domain::bad_request("data_dir " + dir.string() + ": path too long for a Unix socket; use a shorter data_dir");

    auto lock_path = (dir / "wolfpack.lock").string();
    lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock_fd_ < 0) return domain::bad_request("data_dir: cannot open " + lock_path);
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(lock_fd_);
        lock_fd_ = -1;
        return domain::Error{domain::Errc::conflict,
                             "another wolfpack server already uses data_dir " + dir.string() +
                                 " (its lock is held); stop it, or give this one another --data-dir, or point "
                                 "both at one Redis with redis.url"};
    }
    fs::remove(socket_path_, ec);

    if (auto spawned = spawn(); !spawned) return spawned;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (::waitpid(child_, &status, WNOHANG) == child_) {
            child_ = -1;
            return domain::Error{domain::Errc::unavailable,
                                 "redis-server exited at start (status " + std::to_string(status) + "); see " +
                                     (dir / "redis.log").string() + "; is `" + options_.binary +
                                     "` installed (apt-get install redis-server)?"};
        }
        if (answers_ping(socket_path_)) {
            spdlog::info("redis.embedded_started pid={} socket={} appendfsync={}", child_, socket_path_,
                         options_.appendfsync);
            return domain::ok();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    stop();
    return domain::Error{domain::Errc::unavailable, "redis-server did not answer within 15 s; see " +
                                                        (dir / "redis.log").string()};
}

domain::Status EmbeddedRedis::spawn() {
    auto dir = fs::absolute(options_.data_dir).lexically_normal();
    std::error_code ec;
    fs::remove(socket_path_, ec);  // a killed Redis leaves its socket file behind
    std::vector<std::string> args{options_.binary,
                                  "--port", "0",
                                  "--unixsocket", socket_path_,
                                  "--unixsocketperm", "700",
                                  "--dir", dir.string(),
                                  "--appendonly", "yes",
                                  "--appendfsync", options_.appendfsync,
                                  "--save", "",
                                  "--daemonize", "no",
                                  "--logfile", (dir / "redis.log").string(),
                                  "--loglevel", "warning"};
    const pid_t parent = ::getpid();
    child_ = ::fork();
    if (child_ < 0) return domain::Error{domain::Errc::unavailable, "fork failed: cannot start redis-server"};
    if (child_ == 0) {
        // Redis must not outlive us, even if we are killed with -9.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent) ::_exit(1);
        ::setpgid(0, 0);  // a Ctrl-C in the terminal reaches us, and we stop Redis in order
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execvp(argv[0], argv.data());
        ::_exit(127);
    }
    started_at_ = std::chrono::steady_clock::now();
    return domain::ok();
}

void EmbeddedRedis::restart_if_exited() {
    if (child_ <= 0) {
        if (lock_fd_ < 0 || std::chrono::steady_clock::now() < next_restart_) return;
    } else {
        int status = 0;
        if (::waitpid(child_, &status, WNOHANG) != child_) return;
        child_ = -1;
        auto dir = fs::absolute(options_.data_dir).lexically_normal();
        auto how = WIFSIGNALED(status) ? "signal " + std::to_string(WTERMSIG(status))
                                       : "status " + std::to_string(WEXITSTATUS(status));
        // One that dies soon after starting again (a bad append-only file, no memory) is
        // started again less and less often, so the log says why instead of filling up.
        bool soon = std::chrono::steady_clock::now() - started_at_ < std::chrono::seconds(10);
        restart_backoff_ = soon ? std::min(std::max(restart_backoff_ * 2, std::chrono::milliseconds(500)),
                                           std::chrono::milliseconds(30000))
                                : std::chrono::milliseconds(0);
        next_restart_ = std::chrono::steady_clock::now() + restart_backoff_;
        spdlog::error("redis.embedded_exited how=\"{}\" restart_in_ms={} log={} "
                      "fix=\"see the Redis log; the server starts it again and reconnects\"",
                      how, restart_backoff_.count(), (dir / "redis.log").string());
        if (restart_backoff_.count() > 0) return;
    }
    if (auto spawned = spawn(); !spawned) {
        spdlog::error("redis.embedded_restart_failed cause=\"{}\"", spawned.error().message);
        return;
    }
    spdlog::warn("redis.embedded_restarted pid={} socket={}", child_, socket_path_);
}

void EmbeddedRedis::stop() {
    if (child_ > 0) {
        ::kill(child_, SIGTERM);  // Redis flushes the append-only file on SIGTERM
        int status = 0;
        for (int i = 0; i < 200; ++i) {
            if (::waitpid(child_, &status, WNOHANG) == child_) {
                child_ = -1;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        if (child_ > 0) {
            ::kill(child_, SIGKILL);
            ::waitpid(child_, &status, 0);
            child_ = -1;
        }
        spdlog::info("redis.embedded_stopped");
    }
    if (lock_fd_ >= 0) {
        ::close(lock_fd_);
        lock_fd_ = -1;
    }
}

}  // namespace wp::app
