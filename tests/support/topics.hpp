#pragma once
// Topic helpers over a WsClient: subscribe and get the snapshot, wait for an update whose data
// matches, log and require the ack, and poll a condition with a deadline (never a fixed sleep).
#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "support/clients.hpp"

namespace wp::test {

inline json subscribe_to(WsClient& ws, const std::string& topic) {
    auto ack = ws.request({{"type", "subscribe"}, {"topic", topic}});
    INFO(topic << ": " << ack.dump());
    REQUIRE(ack["type"] == "ack");
    return ws.wait_for([&](const json& f) { return f["type"] == "snapshot" && f["topic"] == topic; });
}

// The first snapshot or update of `topic` whose data matches (frames of other topics are dropped).
inline json data_when(WsClient& ws, const std::string& topic, const std::function<bool(const json&)>& matches,
                      std::chrono::milliseconds within = 3000ms) {
    return ws.wait_for([&](const json& f) {
        return (f["type"] == "update" || f["type"] == "snapshot") && f["topic"] == topic && matches(f["data"]);
    }, within)["data"];
}

inline json log_on(WsClient& ws, const std::string& metric, const std::string& id, int delta = 1) {
    auto a = ws.request({{"type", "log"}, {"metric", metric}, {"id", id}, {"delta", delta}});
    INFO(a.dump());
    REQUIRE(a["type"] == "ack");
    return a;
}

// Polls until `done` is true or the deadline passes; returns whether it became true.
inline bool eventually(const std::function<bool()>& done, std::chrono::milliseconds within = 5000ms) {
    auto deadline = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return done();
}

}  // namespace wp::test
