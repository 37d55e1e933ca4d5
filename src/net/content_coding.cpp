#include "net/content_coding.hpp"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <stdexcept>

#include "net/header_text.hpp"

namespace wp::net {

namespace {
bool iequals(std::string_view a, std::string_view b) {
    return std::ranges::equal(a, b, [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) ==
                                                                std::tolower(static_cast<unsigned char>(y)); });
}

// The weight of one list member ("gzip;q=0.5"): 1 without a q, 0 for "q=0", "q=0.0" or junk.
bool weight_positive(std::string_view params) {
    while (!params.empty()) {
        auto semi = params.find(';');
        auto param = trim_ows(params.substr(0, semi));
        if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
            auto value = param.substr(2);
            if (value.empty() || (value[0] != '0' && value[0] != '1')) return false;
            return value.find_first_not_of("0.") != std::string_view::npos;
        }
        if (semi == std::string_view::npos) break;
        params.remove_prefix(semi + 1);
    }
    return true;
}
}  // namespace

bool accepts_gzip(std::string_view accept_encoding) {
    std::optional<bool> gzip_named, star;
    while (!accept_encoding.empty()) {
        auto comma = accept_encoding.find(',');
        auto member = accept_encoding.substr(0, comma);
        auto semi = member.find(';');
        auto coding = trim_ows(member.substr(0, semi));
        bool positive = weight_positive(semi == std::string_view::npos ? std::string_view{} : member.substr(semi + 1));
        if (iequals(coding, "gzip") || iequals(coding, "x-gzip"))
            gzip_named = gzip_named.value_or(false) || positive;
        else if (coding == "*")
            star = positive;
        if (comma == std::string_view::npos) break;
        accept_encoding.remove_prefix(comma + 1);
    }
    return gzip_named ? *gzip_named : star.value_or(false);
}

bool worth_gzip(std::string_view content_type, std::size_t size) {
    if (size < min_gzip_bytes) return false;
    for (std::string_view text : {"text/", "javascript", "json", "svg", "xml", "image/x-icon"})
        if (content_type.find(text) != std::string_view::npos) return true;
    return false;
}

std::string gzip(std::string_view data) {
    z_stream z{};
    // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
    if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
    return out;
}

}  // namespace wp::net
