#pragma once
// The counts /metrics shows for the protocol front ends: WebSocket messages by type and errors
// answered by code. Counted from every loop (a message is decoded on its session's loop, handled
// on the home loop), so they sit behind one lock; a count is a map increment, so the lock is
// held for well under a microsecond.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace wp::api {

class MessageCounts {
public:
    void message(std::string_view type) { add(messages_by_type_, type); }
    void error(std::string_view code) { add(errors_by_code_, code); }
    // Counts the error an answer carries, if it is one: `head` is what precedes the code in
    // that kind of answer (nlohmann sorts keys, so an error's JSON always starts the same way).
    void error_in(std::string_view answer, std::string_view head) {
        if (!answer.starts_with(head)) return;
        auto end = answer.find('"', head.size());
        if (end != std::string_view::npos) error(answer.substr(head.size(), end - head.size()));
    }
    // Prometheus text of both counters.
    std::string render() const {
        std::lock_guard lock(mutex_);
        std::string m;
        m += "# HELP wolfpack_ws_messages_total WebSocket messages handled, by type.\n"
             "# TYPE wolfpack_ws_messages_total counter\n";
        for (const auto& [type, n] : messages_by_type_)
            m += "wolfpack_ws_messages_total{type=\"" + type + "\"} " + std::to_string(n) + "\n";
        m += "# HELP wolfpack_errors_total Errors answered (WebSocket and HTTP API), by protocol code.\n"
             "# TYPE wolfpack_errors_total counter\n";
        for (const auto& [code, n] : errors_by_code_)
            m += "wolfpack_errors_total{code=\"" + code + "\"} " + std::to_string(n) + "\n";
        return m;
    }
    std::uint64_t messages(std::string_view type) const { return get(messages_by_type_, type); }
    std::uint64_t errors(std::string_view code) const { return get(errors_by_code_, code); }

private:
    using Counts = std::map<std::string, std::uint64_t, std::less<>>;
    void add(Counts& counts, std::string_view key) {
        std::lock_guard lock(mutex_);
        auto it = counts.find(key);
        if (it == counts.end()) it = counts.emplace(std::string(key), 0).first;
        ++it->second;
    }
    std::uint64_t get(const Counts& counts, std::string_view key) const {
        std::lock_guard lock(mutex_);
        auto it = counts.find(key);
        return it == counts.end() ? 0 : it->second;
    }

    mutable std::mutex mutex_;
    Counts messages_by_type_;
    Counts errors_by_code_;
};

}  // namespace wp::api
