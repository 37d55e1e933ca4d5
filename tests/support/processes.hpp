#pragma once
// Real processes for tests: a redis-server on a free port, and the wolfpack binary.
#include <chrono>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace wp::test {

int free_port();
std::string temp_dir(const std::string& prefix);  // a fresh directory under /tmp
std::string slurp(const std::string& path);       // a file's text ("" when unreadable)
// The server under test: $WOLFPACK_BINARY when set, else the one built beside the tests. CI runs
// the end-to-end tests a second time against the sanitizers' build of the server this way,
// without building the tests themselves twice.
const std::string& wolfpack_binary();

class ChildProcess {
public:
    ChildProcess() = default;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess();
    // Starts argv with extra environment; its stdout+stderr go to log_file. open_files > 0:
    // the child's open-file limit (soft and hard), as `prlimit --nofile` would set it.
    void start(std::vector<std::string> argv, const std::string& log_file,
               std::map<std::string, std::string> env = {}, int open_files = 0);
    void signal(int sig);
    // Waits for exit; returns the exit status (or -1 on timeout, after SIGKILL).
    int wait(std::chrono::milliseconds timeout);
    bool running();
    pid_t pid() const { return pid_; }

private:
    pid_t pid_ = -1;
};

// `redis-server --port <free> --save ""`, started and answering PING.
class RedisServer {
public:
    RedisServer();
    ~RedisServer();
    void start();  // also restarts after stop()/kill on the same port
    void stop();   // SIGTERM
    void kill9();
    void pause();   // SIGSTOP
    void resume();  // SIGCONT
    int port() const { return port_; }
    std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
    // A synchronous command for assertions and FLUSHALL.
    std::string command(const std::vector<std::string>& args);
    void flushall() { command({"FLUSHALL"}); }

private:
    int port_;
    std::string dir_;
    std::vector<std::string> extra_;
    ChildProcess process_;
};

// How the test starts `wolfpack serve` beyond its arguments.
struct ServeOptions {
    std::string web_root;  // empty: the source tree's web/
    int open_files = 0;    // the process's open-file limit; 0: inherited
};

// The real `wolfpack serve` as a child process.
class WolfpackServer {
public:
    static constexpr const char* admin_token = "test-admin-token-0123456789";
    // redis: a redis:// or unix:// URL, or a cluster's seed list host:port,host:port.
    explicit WolfpackServer(std::string redis, std::vector<std::string> extra_args = {}, ServeOptions options = {});
    ~WolfpackServer();
    void start();
    int stop(int sig = 15);  // returns the exit status
    int port() const { return port_; }
    pid_t pid() const { return process_.pid(); }
    std::string log() const;  // what it printed

private:
    std::string redis_url_;
    std::vector<std::string> extra_args_;
    ServeOptions options_;
    int port_;
    std::string dir_;
    ChildProcess process_;
};

}  // namespace wp::test
