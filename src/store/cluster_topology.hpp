#pragma once
// Which primary serves each of the 16,384 slots, read from CLUSTER SHARDS (Redis >= 7.0).
// Pure data: parsed and queried without a socket.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "store/redis_reply.hpp"
#include "store/slot.hpp"

namespace wp::store {

struct NodeAddress {
    std::string host;
    int port = 0;
    std::string text() const { return host + ":" + std::to_string(port); }  // "127.0.0.1:7001"
    bool operator==(const NodeAddress&) const = default;
    // "host:port" as a MOVED or ASK error names it; an IPv6 host keeps its colons.
    static std::optional<NodeAddress> parse(std::string_view text);
};

class SlotTable {
public:
    static constexpr int none = -1;
    SlotTable() { owner_.fill(none); }

    // The index into nodes() of the primary serving `slot`, or none.
    int owner(std::uint16_t slot) const { return owner_[slot]; }
    const std::vector<NodeAddress>& nodes() const { return nodes_; }
    // Adds the node if new; returns its index.
    int node_index(const NodeAddress& node);
    void assign(std::uint16_t first, std::uint16_t last, int node);
    // A MOVED answer: `slot` is served by `node` from now on.
    void move(std::uint16_t slot, const NodeAddress& node) { owner_[slot] = node_index(node); }
    bool covers_all() const;  // every slot has an owner
    std::size_t unserved() const;

private:
    std::array<int, slot_count> owner_;
    std::vector<NodeAddress> nodes_;
};

// CLUSTER SHARDS: per shard its slot ranges and its nodes; the primary ("role" "master")
// serves the ranges. A primary whose health is not "online" serves nothing here, so its
// slots count as unserved.
domain::Result<SlotTable> parse_cluster_shards(const RedisReply& reply);

}  // namespace wp::store
