#include "domain/histogram.hpp"

#include <cstdio>

namespace wp::domain {

void Histogram::observe(double seconds) {
    for (std::size_t i = 0; i < bounds.size(); ++i)
        if (seconds <= bounds[i]) {
            buckets_[i].fetch_add(1, std::memory_order_relaxed);
            break;
        }
    count_.fetch_add(1, std::memory_order_relaxed);
    sum_ns_.fetch_add(static_cast<std::uint64_t>(seconds > 0 ? seconds * 1e9 : 0), std::memory_order_relaxed);
}

std::string Histogram::render(std::string_view name, std::string_view help) const {
    std::string out;
    std::string n(name);
    out += "# HELP " + n + " " + std::string(help) + "\n# TYPE " + n + " histogram\n";
    std::uint64_t cumulative = 0;
    char le[32];
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        cumulative += buckets_[i].load(std::memory_order_relaxed);
        std::snprintf(le, sizeof le, "%g", bounds[i]);
        out += n + "_bucket{le=\"" + le + "\"} " + std::to_string(cumulative) + "\n";
    }
    auto total = count_.load(std::memory_order_relaxed);
    out += n + "_bucket{le=\"+Inf\"} " + std::to_string(total) + "\n";
    char sum[40];
    std::snprintf(sum, sizeof sum, "%.6f", static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9);
    out += n + "_sum " + sum + "\n" + n + "_count " + std::to_string(total) + "\n";
    return out;
}

}  // namespace wp::domain
