#include "net/static_files.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <boost/beast/core/file_posix.hpp>
#include <deque>
#include <set>

#include "net/content_coding.hpp"
#include "net/module_imports.hpp"
#include "net/static_path.hpp"
#include "net/validators.hpp"

namespace wp::net {

namespace {

// Only the files the web root holds are read, and each is kept once: web/ is about half a
// megabyte, a third of that in gzip.
std::optional<std::string> read_whole(const std::filesystem::path& path) {
    boost::beast::file_posix file;
    boost::beast::error_code ec;
    file.open(path.c_str(), boost::beast::file_mode::scan, ec);
    if (ec) return std::nullopt;
    auto size = file.size(ec);
    if (ec) return std::nullopt;
    std::string body(size, '\0');
    if (size) file.read(body.data(), size, ec);
    if (ec) return std::nullopt;
    return body;
}

std::string preload_header(const std::vector<std::string>& urls) {
    std::string link;
    for (const auto& url : urls) link += (link.empty() ? "<" : ", <") + url + ">; rel=modulepreload";
    return link;
}

}  // namespace

StaticFiles::StaticFiles(const std::string& web_root, std::string_view frame_ancestors)
    : policy_(page_security_policy(frame_ancestors)) {
    std::error_code ec;
    root_ = std::filesystem::weakly_canonical(web_root, ec);
    // The pages' graphs read at the start, so the first visitor waits for no compression.
    std::size_t pages = 0, modules = 0;
    for (const auto& entry : std::filesystem::directory_iterator(root_, ec))
        if (entry.path().extension() == ".html") {
            ++pages;
            modules += module_graph("/" + entry.path().filename().string()).size();
        }
    if (pages) spdlog::info("static.preload pages={} modules={}", pages, modules);
}

std::optional<std::filesystem::path> StaticFiles::resolve(std::string_view target) const {
    auto rel = static_path(target);
    if (!rel || root_.empty()) return std::nullopt;
    std::error_code ec;
    auto file = std::filesystem::canonical(root_ / *rel, ec);
    if (ec || !std::filesystem::is_regular_file(file, ec)) return std::nullopt;
    // Inside the root: the root's components are the first ones of the file's.
    auto [root_end, file_at] = std::mismatch(root_.begin(), root_.end(), file.begin(), file.end());
    if (root_end != root_.end() || file_at == file.end()) return std::nullopt;
    return file;
}

std::shared_ptr<const StaticFiles::File> StaticFiles::file(const std::filesystem::path& path) const {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return nullptr;
    long long mtime = static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    {
        std::lock_guard lock(mutex_);
        auto it = files_.find(path);
        if (it != files_.end() && it->second->inode == static_cast<long long>(st.st_ino) &&
            it->second->size == st.st_size && it->second->mtime_ns == mtime)
            return it->second;
    }
    auto body = read_whole(path);
    if (!body) return nullptr;
    auto f = std::make_shared<File>();
    f->inode = static_cast<long long>(st.st_ino);
    f->size = st.st_size;
    f->mtime_ns = mtime;
    f->content_type = content_type(path.filename().string());
    f->etag = content_etag(*body);
    if (worth_gzip(f->content_type, body->size())) {
        auto packed = gzip(*body);
        // Kept only when it saves a tenth: otherwise every client pays the inflate for nothing.
        if (packed.size() * 10 < body->size() * 9) {
            f->gzip = std::move(packed);
            f->gzip_etag = content_etag(*body, "gzip");
        }
    }
    f->page = f->content_type.starts_with("text/html");
    if (f->page)
        f->imports = page_module_scripts(*body);
    else if (f->content_type.starts_with("text/javascript"))
        f->imports = module_imports(*body);
    f->body = std::move(*body);
    std::lock_guard lock(mutex_);
    files_[path] = f;
    return f;
}

std::vector<std::string> StaticFiles::module_graph(std::string_view url) const {
    std::vector<std::string> graph;
    auto page_path = resolve(url);
    auto page = page_path ? file(*page_path) : nullptr;
    if (!page || !page->page) return graph;
    std::set<std::string, std::less<>> seen;
    std::deque<std::pair<std::string, std::shared_ptr<const File>>> todo{{std::string(url), page}};
    while (!todo.empty()) {
        auto [base, at] = std::move(todo.front());
        todo.pop_front();
        for (const auto& specifier : at->imports) {
            auto module = module_url(base, specifier);
            if (!module || !seen.insert(*module).second) continue;
            auto path = resolve(*module);
            auto next = path ? file(*path) : nullptr;
            if (!next || next->page) continue;
            graph.push_back(*module);
            todo.emplace_back(*module, std::move(next));
        }
    }
    return graph;
}

Response StaticFiles::answer(const Request& req) const {
    if (req.method() != http::verb::get && req.method() != http::verb::head)
        return error_response(req, domain::Errc::not_found, "static files answer GET and HEAD");
    auto full = resolve(req.target());
    auto f = full ? file(*full) : nullptr;
    if (!f) return error_response(req, domain::Errc::not_found, "no such file");
    bool gzipped = !f->gzip.empty() && accepts_gzip(req[http::field::accept_encoding]);
    const auto& etag = gzipped ? f->gzip_etag : f->etag;
    bool unchanged = none_match_hits(req[http::field::if_none_match], etag);
    // The unversioned URLs (every page and module today) are revalidated on each use: a 304
    // costs one small round trip, and a deploy is seen at once.
    auto res = json_response(req, unchanged ? http::status::not_modified : http::status::ok,
                             unchanged || req.method() == http::verb::head ? "" : (gzipped ? f->gzip : f->body),
                             f->content_type);
    res.set(http::field::cache_control, "no-cache");
    res.set("Content-Security-Policy", policy_);
    res.set(http::field::etag, etag);
    if (!f->gzip.empty()) res.set(http::field::vary, "Accept-Encoding");
    if (f->page)
        if (auto graph = module_graph(split_target(req.target()).path); !graph.empty())
            res.set(http::field::link, preload_header(graph));
    if (unchanged) {
        res.erase(http::field::content_type);
        res.erase(http::field::content_length);
        return res;
    }
    if (gzipped) res.set(http::field::content_encoding, "gzip");
    if (req.method() == http::verb::head) res.content_length((gzipped ? f->gzip : f->body).size());
    return res;
}

}  // namespace wp::net
