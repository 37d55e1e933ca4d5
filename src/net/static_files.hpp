#pragma once
// The pages and their assets from the web root. static_path() refuses any target that could
// name a file outside it; a symlink inside the root could still point out of it, so the file
// is resolved (symlinks followed) and served only when the result is still inside the root.
//
// Each file is read once per version (inode, size, mtime: an edit is served at once) and kept
// with its gzip, when worth it, and a strong ETag per representation, so a revalidation costs a
// stat and a 304. A page (HTML) answers with a Link: rel=modulepreload header for every module
// its scripts import, directly or not, read from the files: the browser fetches the whole graph
// at once instead of discovering it one import level per round trip.
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/responses.hpp"

namespace wp::net {

class StaticFiles {
public:
    StaticFiles(const std::string& web_root, std::string_view frame_ancestors);

    // The regular file `target` names, resolved, inside the root; nullopt answers 404.
    std::optional<std::filesystem::path> resolve(std::string_view target) const;
    // GET or HEAD of a page or asset, with the pages' security headers, gzip when the request
    // accepts it, and 304 when If-None-Match names the current ETag.
    Response answer(const Request& req) const;
    // The URL paths a page at `url` preloads (its module scripts first, then breadth first).
    std::vector<std::string> module_graph(std::string_view url) const;

    struct File {
        long long inode = 0, size = 0, mtime_ns = 0;
        std::string content_type;
        std::string body, gzip;  // gzip empty when not worth it
        std::string etag, gzip_etag;
        bool page = false;
        std::vector<std::string> imports;  // specifiers: a page's module scripts, a module's imports
    };

private:
    std::shared_ptr<const File> file(const std::filesystem::path& path) const;

    std::filesystem::path root_;  // canonical
    std::string policy_;          // Content-Security-Policy
    mutable std::mutex mutex_;    // answers come from every io loop
    mutable std::map<std::filesystem::path, std::shared_ptr<const File>> files_;
};

}  // namespace wp::net
