// The test clock offset of domain/time.hpp: set once at start, read by every now().
#include <atomic>

#include "domain/time.hpp"

namespace wp::domain {
namespace {
std::atomic<long long> offset_ms{0};
}  // namespace

void set_clock_offset(std::chrono::milliseconds offset) { offset_ms.store(offset.count(), std::memory_order_relaxed); }

std::chrono::milliseconds clock_offset() { return std::chrono::milliseconds(offset_ms.load(std::memory_order_relaxed)); }

}  // namespace wp::domain
