#pragma once
// A minimal HTTP/1.1 receiver for webhook tests, on a free loopback port: records each request
// body; answers 500 to the first `fail_first` requests, 200 after; with `hang_first`, never
// answers the first one at all.
#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace wp::e2e {

class Receiver {
public:
    explicit Receiver(int fail_first = 0, bool hang_first = false);
    ~Receiver();
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hooks/wolfpack"; }
    std::vector<nlohmann::json> bodies();
    int requests() const { return requests_; }
    bool target_ok() const { return target_ok_; }

private:
    void serve();

    int fd_ = -1, port_ = 0, fail_first_, hung_ = -1;
    bool hang_first_;
    std::atomic<bool> stop_{false}, target_ok_{false};
    std::atomic<int> requests_{0};
    std::mutex mutex_;
    std::vector<nlohmann::json> bodies_;
    std::thread thread_;
};

}  // namespace wp::e2e
