#pragma once
// What the fuzz targets check besides crashes and sanitizer reports: the promises the code
// under test makes. A broken one aborts, which libFuzzer reports as a finding.
#include <cstdlib>
#include <string>
#include <string_view>

namespace wp::fuzz {

inline void require(bool ok) {
    if (!ok) std::abort();
}

// A path static_path() accepted names a file inside the web root: relative, no NUL or
// backslash, and no segment empty, "." or "..", or hidden.
inline void require_inside_root(const std::string& path) {
    require(!path.empty() && path.front() != '/');
    require(path.find('\0') == std::string::npos && path.find('\\') == std::string::npos);
    std::string_view rest = path;
    while (true) {
        auto slash = rest.find('/');
        auto segment = rest.substr(0, slash);
        require(!segment.empty() && segment.front() != '.');
        if (slash == std::string_view::npos) break;
        rest.remove_prefix(slash + 1);
    }
}

}  // namespace wp::fuzz
