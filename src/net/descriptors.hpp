#pragma once
// How many descriptors the server may spend on connections: the process's open-file limit
// less a reserve for what else it opens (Redis connections, the log, static files, webhook
// connections, the event loops' own). HTTP and WebSocket connections together stay within it,
// so the process never runs out of descriptors whatever its clients do.
#include <cstddef>

namespace wp::net {

// The reserve: 64, or a quarter of a limit under 256.
constexpr std::size_t connection_descriptors(std::size_t open_file_limit) {
    std::size_t reserve = open_file_limit / 4 < 64 ? open_file_limit / 4 : 64;
    return open_file_limit - reserve;
}

// Raises the soft open-file limit (RLIMIT_NOFILE) to the hard one and returns the limit in
// force afterwards.
std::size_t raise_open_file_limit();

}  // namespace wp::net
