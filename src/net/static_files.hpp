#pragma once
// The pages and their assets from the web root. static_path() refuses any target that could
// name a file outside it; a symlink inside the root could still point out of it, so the file
// is resolved (symlinks followed) and served only when the result is still inside the root.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "net/responses.hpp"

namespace wp::net {

class StaticFiles {
public:
    StaticFiles(const std::string& web_root, std::string_view frame_ancestors);

    // The regular file `target` names, resolved, inside the root; nullopt answers 404.
    std::optional<std::filesystem::path> resolve(std::string_view target) const;
    // GET or HEAD of a page or asset, with the pages' security headers.
    Response answer(const Request& req) const;

private:
    std::filesystem::path root_;  // canonical
    std::string policy_;          // Content-Security-Policy
};

}  // namespace wp::net
