#include "net/static_files.hpp"

#include <algorithm>
#include <boost/beast/core/file_posix.hpp>

#include "net/static_path.hpp"

namespace wp::net {

StaticFiles::StaticFiles(const std::string& web_root, std::string_view frame_ancestors)
    : policy_(page_security_policy(frame_ancestors)) {
    std::error_code ec;
    root_ = std::filesystem::weakly_canonical(web_root, ec);
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

Response StaticFiles::answer(const Request& req) const {
    if (req.method() != http::verb::get && req.method() != http::verb::head)
        return error_response(req, domain::Errc::not_found, "static files answer GET and HEAD");
    auto full = resolve(req.target());
    if (!full) return error_response(req, domain::Errc::not_found, "no such file");
    boost::beast::file_posix file;
    boost::beast::error_code ec;
    file.open(full->c_str(), boost::beast::file_mode::scan, ec);
    if (ec) return error_response(req, domain::Errc::not_found, "no such file");
    auto size = file.size(ec);
    std::string body(size, '\0');
    if (size) file.read(body.data(), size, ec);
    auto res = json_response(req, http::status::ok, std::move(body), content_type(full->filename().string()));
    res.set(http::field::cache_control, "no-cache");
    res.set("Content-Security-Policy", policy_);
    if (req.method() == http::verb::head) {
        auto length = res.body().size();
        res.body().clear();
        res.content_length(length);
    }
    return res;
}

}  // namespace wp::net
