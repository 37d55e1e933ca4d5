#pragma once
// Files compiled into the binary (proto/ schemas, store Lua scripts); see scripts/cmake/embed.cmake.
#include <optional>
#include <span>
#include <string_view>

namespace wp::store {

struct EmbeddedFile {
    std::string_view path;  // relative to the repository root, e.g. "proto/ws/log.json"
    std::string_view text;
};

std::span<const EmbeddedFile> embedded_files();

inline std::optional<std::string_view> embedded_file(std::string_view path) {
    for (const auto& f : embedded_files())
        if (f.path == path) return f.text;
    return std::nullopt;
}

}  // namespace wp::store
