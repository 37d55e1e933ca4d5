#include "store/cluster_topology.hpp"

#include <algorithm>
#include <charconv>

namespace wp::store {

namespace {
domain::Error bad(std::string why) {
    return {domain::Errc::unavailable, "CLUSTER SHARDS answered unexpectedly: " + std::move(why)};
}

// Redis writes numbers in CLUSTER SHARDS as integers; accept their text too. -1: not a number.
std::int64_t number(const RedisReply* r) {
    if (!r) return -1;
    if (r->kind == RedisReply::Kind::integer) return r->integer;
    std::int64_t v = 0;
    if (r->kind != RedisReply::Kind::string && r->kind != RedisReply::Kind::status) return -1;
    auto [p, ec] = std::from_chars(r->str.data(), r->str.data() + r->str.size(), v);
    if (ec != std::errc{} || p != r->str.data() + r->str.size()) return -1;
    return v;
}

// A flat [name, value, name, value, ...] map's value, or nullptr.
const RedisReply* field(const RedisReply& map, std::string_view name) {
    if (map.kind != RedisReply::Kind::array) return nullptr;
    for (std::size_t i = 0; i + 1 < map.elements.size(); i += 2)
        if (map.elements[i].str == name) return &map.elements[i + 1];
    return nullptr;
}
}  // namespace

std::optional<NodeAddress> NodeAddress::parse(std::string_view text) {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    NodeAddress a;
    auto port = text.substr(colon + 1);
    // Redis may append "@busport" in some outputs.
    if (auto at = port.find('@'); at != std::string_view::npos) port = port.substr(0, at);
    auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), a.port);
    if (ec != std::errc{} || p != port.data() + port.size() || a.port <= 0 || a.port > 65535) return std::nullopt;
    a.host = std::string(text.substr(0, colon));
    return a;
}

int SlotTable::node_index(const NodeAddress& node) {
    auto it = std::find(nodes_.begin(), nodes_.end(), node);
    if (it != nodes_.end()) return static_cast<int>(it - nodes_.begin());
    nodes_.push_back(node);
    return static_cast<int>(nodes_.size() - 1);
}

void SlotTable::assign(std::uint16_t first, std::uint16_t last, int node) {
    for (unsigned s = first; s <= last && s < slot_count; ++s) owner_[s] = node;
}

bool SlotTable::covers_all() const { return unserved() == 0; }

std::size_t SlotTable::unserved() const {
    return static_cast<std::size_t>(std::count(owner_.begin(), owner_.end(), none));
}

domain::Result<SlotTable> parse_cluster_shards(const RedisReply& reply) {
    if (reply.is_error()) return bad(reply.str);
    if (reply.kind != RedisReply::Kind::array) return bad("not an array");
    SlotTable table;
    for (const auto& shard : reply.elements) {
        const auto* slots = field(shard, "slots");
        const auto* nodes = field(shard, "nodes");
        if (!slots || !nodes || slots->kind != RedisReply::Kind::array || nodes->kind != RedisReply::Kind::array)
            return bad("a shard without slots or nodes");
        if (slots->elements.size() % 2) return bad("an odd slot range list");
        std::optional<NodeAddress> primary;
        for (const auto& node : nodes->elements) {
            const auto* role = field(node, "role");
            if (!role || role->str != "master") continue;
            const auto* health = field(node, "health");
            if (health && health->str != "online") continue;
            const auto* ip = field(node, "ip");
            const auto* endpoint = field(node, "endpoint");
            auto port = number(field(node, "port"));
            // "endpoint" is what clients should use; "?" or empty when unknown.
            std::string host = endpoint && !endpoint->str.empty() && endpoint->str != "?" ? endpoint->str
                               : ip ? ip->str : std::string();
            if (port <= 0 || port > 65535 || host.empty()) return bad("a primary without an address");
            primary = NodeAddress{host, static_cast<int>(port)};
        }
        if (!primary) continue;  // no healthy primary: its slots stay unserved
        int index = table.node_index(*primary);
        for (std::size_t i = 0; i + 1 < slots->elements.size(); i += 2) {
            auto first = number(&slots->elements[i]), last = number(&slots->elements[i + 1]);
            if (first < 0 || last < 0 || last >= slot_count || first > last) return bad("a bad slot range");
            table.assign(static_cast<std::uint16_t>(first), static_cast<std::uint16_t>(last), index);
        }
    }
    return table;
}

}  // namespace wp::store
