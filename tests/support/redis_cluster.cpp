#include "support/redis_cluster.hpp"

#include "support/redis_query.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <thread>

namespace wp::test {

using nlohmann::json;

namespace {

bool port_free(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

// A free port whose cluster bus port (+10000) is free too.
int free_cluster_port() {
    for (int i = 0; i < 200; ++i) {
        int p = free_port();
        if (p + 10000 <= 65535 && port_free(p + 10000)) return p;
    }
    throw std::runtime_error("no free port pair for a cluster node");
}

json must(json reply, const std::string& what) {
    if (reply.is_object() && reply.contains("error"))
        throw std::runtime_error(what + ": " + reply["error"].get<std::string>());
    return reply;
}

template <class Pred>
void wait_until(Pred pred, const std::string& what, std::chrono::seconds within = std::chrono::seconds(20)) {
    auto deadline = std::chrono::steady_clock::now() + within;
    while (!pred()) {
        if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("cluster: " + what);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

}  // namespace

RedisCluster::RedisCluster(int primaries) {
    for (int i = 0; i < primaries; ++i) {
        ports_.push_back(free_cluster_port());
        dirs_.push_back(temp_dir("wp-cluster"));
        processes_.push_back(std::make_unique<ChildProcess>());
        processes_.back()->start({"redis-server", "--port", std::to_string(ports_.back()), "--bind", "127.0.0.1",
                                  "--cluster-enabled", "yes", "--cluster-config-file", dirs_.back() + "/nodes.conf",
                                  "--cluster-node-timeout", "15000", "--save", "", "--appendonly", "no", "--dir",
                                  dirs_.back(), "--daemonize", "no"},
                                 dirs_.back() + "/redis.log");
    }
    for (int i = 0; i < primaries; ++i)
        wait_until([&] {
            try {
                return redis_query(port(i), {"PING"}) == "PONG";
            } catch (...) {
                return false;
            }
        }, "node " + std::to_string(i) + " did not start");
    for (int i = 0; i < primaries; ++i) {
        must(command(i, {"CLUSTER", "SET-CONFIG-EPOCH", std::to_string(i + 1)}), "SET-CONFIG-EPOCH");
        int first = 16384 * i / primaries, last = 16384 * (i + 1) / primaries - 1;
        must(command(i, {"CLUSTER", "ADDSLOTSRANGE", std::to_string(first), std::to_string(last)}), "ADDSLOTSRANGE");
    }
    for (int i = 1; i < primaries; ++i)
        must(command(i, {"CLUSTER", "MEET", "127.0.0.1", std::to_string(port(0))}), "MEET");
    wait_ok();
}

RedisCluster::~RedisCluster() {
    for (auto& p : processes_) {
        p->signal(SIGCONT);
        p->signal(SIGKILL);
        p->wait(std::chrono::seconds(5));
    }
    std::error_code ignored;
    for (const auto& d : dirs_) std::filesystem::remove_all(d, ignored);
}

std::string RedisCluster::seeds() const {
    std::string out;
    for (int p : ports_) out += (out.empty() ? "" : ",") + std::string("127.0.0.1:") + std::to_string(p);
    return out;
}

json RedisCluster::command(int node, const std::vector<std::string>& args) const { return redis_query(port(node), args); }

json RedisCluster::asking(int node, const std::vector<std::string>& args) const {
    return redis_query(port(node), args, true);
}

json RedisCluster::command_for(const std::string& key, const std::vector<std::string>& args) const {
    int slot = static_cast<int>(must(command(0, {"CLUSTER", "KEYSLOT", key}), "KEYSLOT").get<long long>());
    auto reply = command(owner(slot), args);
    if (reply.is_object() && reply.contains("error") && reply["error"].get<std::string>().starts_with("MOVED")) {
        auto text = reply["error"].get<std::string>();
        auto port_text = text.substr(text.rfind(':') + 1);
        return redis_query(std::stoi(port_text), args);
    }
    return reply;
}

std::string RedisCluster::id(int node) const { return must(command(node, {"CLUSTER", "MYID"}), "MYID").get<std::string>(); }

int RedisCluster::owner(int slot) const {
    auto shards = must(command(0, {"CLUSTER", "SHARDS"}), "SHARDS");
    for (const auto& shard : shards) {
        const auto& slots = shard[1];
        for (std::size_t i = 0; i + 1 < slots.size(); i += 2)
            if (slots[i].get<int>() <= slot && slot <= slots[i + 1].get<int>())
                for (const auto& node : shard[3]) {
                    std::map<std::string, json> fields;
                    for (std::size_t f = 0; f + 1 < node.size(); f += 2) fields[node[f].get<std::string>()] = node[f + 1];
                    if (fields["role"] != "master") continue;
                    for (int n = 0; n < size(); ++n)
                        if (fields["port"].get<int>() == port(n)) return n;
                }
    }
    throw std::runtime_error("cluster: nobody serves slot " + std::to_string(slot));
}

void RedisCluster::flushall() {
    for (int i = 0; i < size(); ++i) must(command(i, {"FLUSHALL"}), "FLUSHALL");
}

int RedisCluster::migrate_slot(int slot, int to, const std::function<void(int)>& between, int batch) {
    int from = owner(slot);
    if (from == to) return 0;
    auto s = std::to_string(slot);
    must(command(to, {"CLUSTER", "SETSLOT", s, "IMPORTING", id(from)}), "SETSLOT IMPORTING");
    must(command(from, {"CLUSTER", "SETSLOT", s, "MIGRATING", id(to)}), "SETSLOT MIGRATING");
    int moved = 0;
    for (;;) {
        auto keys = must(command(from, {"CLUSTER", "GETKEYSINSLOT", s, std::to_string(batch)}), "GETKEYSINSLOT");
        if (keys.empty()) break;
        std::vector<std::string> migrate{"MIGRATE", "127.0.0.1", std::to_string(port(to)), "", "0", "5000", "KEYS"};
        for (const auto& k : keys) migrate.push_back(k.get<std::string>());
        auto reply = command(from, migrate);
        if (reply.is_object() && reply.contains("error") && reply["error"].get<std::string>() != "NOKEY")
            throw std::runtime_error("MIGRATE: " + reply["error"].get<std::string>());
        moved += static_cast<int>(keys.size());
        if (between) between(moved);
    }
    // The target first, then the source, then the others: as redis-cli --cluster does.
    must(command(to, {"CLUSTER", "SETSLOT", s, "NODE", id(to)}), "SETSLOT NODE (target)");
    must(command(from, {"CLUSTER", "SETSLOT", s, "NODE", id(to)}), "SETSLOT NODE (source)");
    for (int n = 0; n < size(); ++n)
        if (n != to && n != from) must(command(n, {"CLUSTER", "SETSLOT", s, "NODE", id(to)}), "SETSLOT NODE");
    return moved;
}

void RedisCluster::wait_ok() const {
    wait_until([&] {
        for (int i = 0; i < size(); ++i) {
            auto info = command(i, {"CLUSTER", "INFO"});
            if (!info.is_string()) return false;
            auto text = info.get<std::string>();
            if (text.find("cluster_state:ok") == std::string::npos ||
                text.find("cluster_slots_ok:16384") == std::string::npos ||
                text.find("cluster_known_nodes:" + std::to_string(size())) == std::string::npos)
                return false;
        }
        return true;
    }, "not ok within 20 s");
}

void RedisCluster::pause(int node) { processes_[static_cast<std::size_t>(node)]->signal(SIGSTOP); }
void RedisCluster::resume(int node) { processes_[static_cast<std::size_t>(node)]->signal(SIGCONT); }

}  // namespace wp::test
