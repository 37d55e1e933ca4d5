#include "net/descriptors.hpp"

#include <sys/resource.h>

namespace wp::net {

std::size_t raise_open_file_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    // RLIM_INFINITY is not a real bound: the kernel's nr_open caps it far lower.
    if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur > (1u << 20)) return 1u << 20;
    return static_cast<std::size_t>(limit.rlim_cur);
}

}  // namespace wp::net
