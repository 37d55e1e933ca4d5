#pragma once
// A real Redis Cluster for tests: N primaries (redis-server --cluster-enabled yes) on free
// loopback ports, slots split evenly with CLUSTER ADDSLOTSRANGE, joined with CLUSTER MEET,
// ready once every node says cluster_state:ok. Slots are moved key by key as an operator
// would (CLUSTER SETSLOT IMPORTING / MIGRATING, MIGRATE ... KEYS, SETSLOT NODE).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/processes.hpp"

namespace wp::test {

class RedisCluster {
public:
    explicit RedisCluster(int primaries = 3);
    ~RedisCluster();
    RedisCluster(const RedisCluster&) = delete;
    RedisCluster& operator=(const RedisCluster&) = delete;

    int size() const { return static_cast<int>(ports_.size()); }
    int port(int node) const { return ports_[static_cast<std::size_t>(node)]; }
    // "127.0.0.1:P1,127.0.0.1:P2,...": redis.cluster's seed list.
    std::string seeds() const;
    // A command to one node, no redirect followed; the reply as JSON (strings, integers, null,
    // arrays; an error as {"error": "..."}).
    nlohmann::json command(int node, const std::vector<std::string>& args) const;
    // ASKING and the command on one connection: what an importing node holds of a moving slot.
    nlohmann::json asking(int node, const std::vector<std::string>& args) const;
    // A command to the node that owns the key's slot (following MOVED once).
    nlohmann::json command_for(const std::string& key, const std::vector<std::string>& args) const;
    std::string id(int node) const;
    int owner(int slot) const;  // the node serving `slot`, as node 0 sees it
    void flushall();

    // Moves `slot` to node `to` key by key, `batch` keys per MIGRATE; between(moved) runs after
    // each batch, while the slot is half moved. Returns how many keys moved.
    int migrate_slot(int slot, int to, const std::function<void(int moved)>& between = {}, int batch = 1);
    // Waits until every node agrees the cluster is ok and on who serves every slot.
    void wait_ok() const;

    // Node processes, for faults (pause, kill).
    void pause(int node);
    void resume(int node);

private:
    std::vector<int> ports_;
    std::vector<std::string> dirs_;
    std::vector<std::unique_ptr<ChildProcess>> processes_;
};

}  // namespace wp::test
