#pragma once
// The embedded default: a redis-server child on a Unix socket in the data directory, with
// append-only persistence, owned by one wolfpack process at a time (a lock file says which).
#include <chrono>
#include <string>
#include <sys/types.h>

#include "domain/result.hpp"

namespace wp::app {

struct EmbeddedRedisOptions {
    std::string data_dir;
    std::string binary = "redis-server";
    std::string appendfsync = "everysec";
};

class EmbeddedRedis {
public:
    explicit EmbeddedRedis(EmbeddedRedisOptions options);
    ~EmbeddedRedis();  // stops the child
    EmbeddedRedis(const EmbeddedRedis&) = delete;
    EmbeddedRedis& operator=(const EmbeddedRedis&) = delete;

    // Takes the data directory's lock, starts redis-server and waits until it answers PING.
    domain::Status start();
    void stop();
    // Called every half second while serving: starts redis-server again if it exited (killed,
    // crashed, out of memory), without waiting for it; the connections reconnect by themselves.
    void restart_if_exited();
    std::string url() const { return "unix://" + socket_path_; }
    static std::string socket_path_for(const std::string& data_dir);

private:
    domain::Status spawn();  // fork and exec redis-server on socket_path_

    EmbeddedRedisOptions options_;
    std::string socket_path_;
    int lock_fd_ = -1;
    pid_t child_ = -1;
    std::chrono::steady_clock::time_point started_at_{};
    std::chrono::steady_clock::time_point next_restart_{};
    std::chrono::milliseconds restart_backoff_{0};
};

}  // namespace wp::app
