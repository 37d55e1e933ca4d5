#pragma once
// A Prometheus histogram of durations: fixed buckets, lock-free counts, so any thread may
// observe while /metrics reads.
#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace wp::domain {

class Histogram {
public:
    // Upper bounds in seconds: 0.25 ms .. 2.5 s, then +Inf.
    static constexpr std::array<double, 12> bounds{0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                   0.025,   0.05,   0.1,   0.25,   0.5,   2.5};
    void observe(double seconds);
    // "# HELP", "# TYPE" and the _bucket, _sum and _count lines.
    std::string render(std::string_view name, std::string_view help) const;
    std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }

private:
    std::array<std::atomic<std::uint64_t>, bounds.size()> buckets_{};  // not cumulative
    std::atomic<std::uint64_t> count_{0};
    std::atomic<std::uint64_t> sum_ns_{0};
};

}  // namespace wp::domain
