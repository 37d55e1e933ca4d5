#include "support/processes.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/clients.hpp"
#include "support/redis_query.hpp"

namespace wp::test {

int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("bind failed");
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

std::string temp_dir(const std::string& prefix) {
    std::string tmpl = "/tmp/" + prefix + "-XXXXXX";
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    return tmpl;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const std::string& wolfpack_binary() {
    static const std::string binary = [] {
        const char* chosen = std::getenv("WOLFPACK_BINARY");
        return std::string(chosen && *chosen ? chosen : WOLFPACK_BUILT_BINARY);
    }();
    return binary;
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0) {
        signal(SIGKILL);
        wait(std::chrono::seconds(5));
    }
}

void ChildProcess::start(std::vector<std::string> argv, const std::string& log_file,
                         std::map<std::string, std::string> env, int open_files) {
    pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(1);
        int fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            ::dup2(fd, 1);
            ::dup2(fd, 2);
            ::close(fd);
        }
        for (auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
        if (open_files > 0) {
            rlimit limit{static_cast<rlim_t>(open_files), static_cast<rlim_t>(open_files)};
            if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) ::_exit(126);
        }
        std::vector<char*> args;
        for (auto& a : argv) args.push_back(a.data());
        args.push_back(nullptr);
        ::execvp(args[0], args.data());
        ::_exit(127);
    }
}

void ChildProcess::signal(int sig) {
    if (pid_ > 0) ::kill(pid_, sig);
}

bool ChildProcess::running() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
    }
    return true;
}

int ChildProcess::wait(std::chrono::milliseconds timeout) {
    if (pid_ <= 0) return -1;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return -1;
}

RedisServer::RedisServer() : port_(free_port()), dir_(temp_dir("wp-redis")) { start(); }

RedisServer::~RedisServer() { stop(); }

void RedisServer::start() {
    process_.start({"redis-server", "--port", std::to_string(port_), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--dir", dir_, "--daemonize", "no"},
                   dir_ + "/redis.log");
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        try {
            if (command({"PING"}) == "PONG") return;
        } catch (...) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("redis-server did not start on port " + std::to_string(port_));
}

void RedisServer::stop() {
    process_.signal(SIGCONT);
    process_.signal(SIGTERM);
    process_.wait(std::chrono::seconds(10));
}

void RedisServer::kill9() {
    process_.signal(SIGKILL);
    process_.wait(std::chrono::seconds(10));
}

void RedisServer::pause() { process_.signal(SIGSTOP); }
void RedisServer::resume() { process_.signal(SIGCONT); }

std::string RedisServer::command(const std::vector<std::string>& args) {
    auto reply = redis_query(port_, args);
    if (reply.is_string()) return reply.get<std::string>();
    if (reply.is_object()) return reply["error"].get<std::string>();
    if (reply.is_number_integer()) return std::to_string(reply.get<long long>());
    if (reply.is_array()) return std::to_string(reply.size());
    return "";
}

WolfpackServer::WolfpackServer(std::string redis_url, std::vector<std::string> extra_args, ServeOptions options)
    : redis_url_(std::move(redis_url)), extra_args_(std::move(extra_args)), options_(std::move(options)),
      port_(free_port()),
      dir_(temp_dir("wp-server")) {
    start();
}

WolfpackServer::~WolfpackServer() { stop(SIGKILL); }

void WolfpackServer::start() {
    bool url = redis_url_.starts_with("redis://") || redis_url_.starts_with("unix://");
    std::vector<std::string> argv{wolfpack_binary(), "serve", "--port", std::to_string(port_), "--address",
                                  "127.0.0.1", url ? "--redis-url" : "--redis-cluster", redis_url_,
                                  "--admin-token", admin_token, "--web-root",
                                  options_.web_root.empty() ? std::string(WOLFPACK_SOURCE_DIR) + "/web" : options_.web_root,
                                  "--data-dir", dir_,
                                  "--set", "threads=2"};
    argv.insert(argv.end(), extra_args_.begin(), extra_args_.end());
    process_.start(argv, dir_ + "/server.log", {}, options_.open_files);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
        if (!process_.running()) throw std::runtime_error("wolfpack exited at start:\n" + log());
        auto r = http_request(port_, "GET", "/readyz");
        if (r.status == 200) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("wolfpack not ready within 15 s:\n" + log());
}

int WolfpackServer::stop(int sig) {
    if (!process_.running()) return -1;
    process_.signal(sig);
    return process_.wait(std::chrono::seconds(10));
}

std::string WolfpackServer::log() const {
    std::ifstream in(dir_ + "/server.log");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace wp::test
