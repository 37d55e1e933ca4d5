// The static files' answers on the wire: gzip by Accept-Encoding with Vary, strong ETags and
// If-None-Match -> 304 carrying the same headers as the 200, an edit served at once, Range
// still ignored (the whole file), and the Link: rel=modulepreload list of a page read from its
// modules' imports.
#include <doctest/doctest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "net/content_coding.hpp"
#include "net/static_files.hpp"

using namespace wp::net;
namespace fs = std::filesystem;

namespace {

Request get(std::string target, std::string accept_encoding = "", std::string if_none_match = "",
            http::verb verb = http::verb::get) {
    Request req{verb, target, 11};
    if (!accept_encoding.empty()) req.set(http::field::accept_encoding, accept_encoding);
    if (!if_none_match.empty()) req.set(http::field::if_none_match, if_none_match);
    return req;
}

std::string gunzip(const std::string& data) {
    z_stream z{};
    REQUIRE(inflateInit2(&z, 15 + 16) == Z_OK);
    std::string out(64 * 1024, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    CHECK(inflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(z.total_out);
    inflateEnd(&z);
    return out;
}

struct WebRoot {
    fs::path dir = fs::temp_directory_path() / ("wp-static-cache-" + std::to_string(::getpid()));
    WebRoot() {
        fs::remove_all(dir);
        fs::create_directories(dir / "js" / "views");
    }
    ~WebRoot() { fs::remove_all(dir); }
    void write(const std::string& rel, const std::string& text) const {
        // A new file each time (as editors and deploys do): a new inode even within one mtime tick.
        fs::remove(dir / rel);
        std::ofstream(dir / rel, std::ios::binary) << text;
    }
};

std::string big_js() {
    std::string js;
    for (int i = 0; i < 200; ++i) js += "export const value" + std::to_string(i) + " = 'a repeated line';\n";
    return js;
}

void check_security_headers(const Response& res) {
    CHECK(res["Content-Security-Policy"] ==
          "default-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'");
    CHECK(res["X-Content-Type-Options"] == "nosniff");
    CHECK(res["Referrer-Policy"] == "no-referrer");
}

}  // namespace

TEST_CASE("Accept-Encoding: gzip, x-gzip or * with a weight above 0") {
    for (std::string yes : {"gzip", "gzip, deflate, br, zstd", "br;q=1.0, GZIP;q=0.5", "x-gzip", "*", "identity, *;q=0.1",
                            "gzip;q=0.001", " gzip ; q=1"}) {
        CAPTURE(yes);
        CHECK(accepts_gzip(yes));
    }
    for (std::string no : {"", "identity", "br", "gzip;q=0", "gzip;q=0.000", "*;q=0", "gzip;q=0, *", "gzipx",
                           "gzip;q=x"}) {
        CAPTURE(no);
        CHECK_FALSE(accepts_gzip(no));
    }
}

TEST_CASE("static files: gzip when the request takes it, with Vary, never for tiny files or images") {
    WebRoot root;
    auto js = big_js();
    root.write("app.js", js);
    root.write("tiny.js", "export {};");
    root.write("logo.png", std::string(4096, 'x'));  // compressible bytes, but png is compressed already
    StaticFiles files(root.dir.string(), "'none'");

    auto packed = files.answer(get("/app.js", "gzip, deflate, br"));
    CHECK(packed.result_int() == 200);
    CHECK(packed[http::field::content_encoding] == "gzip");
    CHECK(packed[http::field::vary] == "Accept-Encoding");
    CHECK(packed.body().size() * 5 < js.size());
    CHECK(gunzip(packed.body()) == js);
    check_security_headers(packed);

    for (std::string refuses : {"", "br", "gzip;q=0"}) {
        CAPTURE(refuses);
        auto plain = files.answer(get("/app.js", refuses));
        CHECK(plain[http::field::content_encoding].empty());
        CHECK(plain[http::field::vary] == "Accept-Encoding");  // a cache must not hand this to a gzip client
        CHECK(plain.body() == js);
    }
    for (std::string target : {"/tiny.js", "/logo.png"}) {
        CAPTURE(target);
        auto res = files.answer(get(target, "gzip"));
        CHECK(res[http::field::content_encoding].empty());
        CHECK(res[http::field::vary].empty());
    }
    // HEAD: the length of what GET would send, no body.
    auto head = files.answer(get("/app.js", "gzip", "", http::verb::head));
    CHECK(head[http::field::content_encoding] == "gzip");
    CHECK(head[http::field::content_length] == std::to_string(packed.body().size()));
    CHECK(head.body().empty());
}

TEST_CASE("static files: a strong ETag per representation, If-None-Match answers 304 with every header") {
    WebRoot root;
    root.write("app.js", big_js());
    root.write("index.html", R"(<script type="module" src="/app.js"></script>)");
    StaticFiles files(root.dir.string(), "'none'");

    auto plain = files.answer(get("/app.js"));
    auto packed = files.answer(get("/app.js", "gzip"));
    auto etag = std::string(plain[http::field::etag]), gzip_etag = std::string(packed[http::field::etag]);
    CHECK(etag.size() == 24);
    CHECK(etag.front() == '"');
    CHECK(etag.back() == '"');
    CHECK(gzip_etag != etag);
    CHECK(plain[http::field::cache_control] == "no-cache");

    auto again = files.answer(get("/app.js", "gzip", gzip_etag));
    CHECK(again.result_int() == 304);
    CHECK(again.body().empty());
    CHECK(again[http::field::content_length].empty());
    CHECK(again[http::field::etag] == gzip_etag);
    CHECK(again[http::field::vary] == "Accept-Encoding");
    CHECK(again[http::field::cache_control] == "no-cache");
    check_security_headers(again);
    // Weak comparison, lists and "*"; another representation's tag is not a match.
    CHECK(files.answer(get("/app.js", "gzip", "W/" + gzip_etag)).result_int() == 304);
    CHECK(files.answer(get("/app.js", "gzip", "\"old\", " + gzip_etag)).result_int() == 304);
    CHECK(files.answer(get("/app.js", "", "*")).result_int() == 304);
    CHECK(files.answer(get("/app.js", "", gzip_etag)).result_int() == 200);
    CHECK(files.answer(get("/app.js", "gzip", etag)).result_int() == 200);
    CHECK(files.answer(get("/app.js", "gzip", gzip_etag, http::verb::head)).result_int() == 304);
    // A page's 304 still names what to preload.
    auto page = files.answer(get("/"));
    auto page_again = files.answer(get("/", "", std::string(page[http::field::etag])));
    CHECK(page_again.result_int() == 304);
    CHECK(page_again[http::field::link] == "</app.js>; rel=modulepreload");
    check_security_headers(page_again);

    // An edit is served at once, under a new tag.
    root.write("app.js", big_js() + "export const more = 1;\n");
    auto edited = files.answer(get("/app.js", "gzip", gzip_etag));
    CHECK(edited.result_int() == 200);
    CHECK(edited[http::field::etag] != gzip_etag);
    CHECK(gunzip(edited.body()).ends_with("export const more = 1;\n"));
}

TEST_CASE("static files: Range is ignored as before, the whole file answers 200") {
    WebRoot root;
    root.write("app.js", big_js());
    StaticFiles files(root.dir.string(), "'none'");
    auto req = get("/app.js");
    req.set(http::field::range, "bytes=0-9");
    auto res = files.answer(req);
    CHECK(res.result_int() == 200);
    CHECK(res.body() == big_js());
    CHECK(res[http::field::content_range].empty());
}

TEST_CASE("static files: a page preloads its whole module graph, and a module added to it at once") {
    WebRoot root;
    root.write("index.html", "<!doctype html><link rel=stylesheet href=/s.css>\n"
                             "<script type=\"module\" src=\"/app.js\"></script><script src=\"/classic.js\"></script>");
    root.write("app.js", "import { a } from './js/a.js';\nimport './js/views/side.js';\n");
    root.write("js/a.js", "export { b } from './b.js';\nimport {\n  c,\n} from \"./views/c.js\";\nexport const a = 1;\n");
    root.write("js/b.js", "import { a } from './a.js';  // a cycle\nexport const b = 2;\n");
    root.write("js/views/c.js", "import { missing } from '../missing.js';\nexport const c = import('../lazy.js');\n");
    root.write("js/views/side.js", "export {};\n");
    root.write("js/lazy.js", "export {};\n");
    StaticFiles files(root.dir.string(), "'none'");

    std::vector<std::string> graph = {"/app.js", "/js/a.js", "/js/views/side.js", "/js/b.js", "/js/views/c.js"};
    CHECK(files.module_graph("/") == graph);
    auto link = std::string(files.answer(get("/")).at(http::field::link));
    CHECK(link == "</app.js>; rel=modulepreload, </js/a.js>; rel=modulepreload, </js/views/side.js>; rel=modulepreload, "
                  "</js/b.js>; rel=modulepreload, </js/views/c.js>; rel=modulepreload");
    CHECK(files.answer(get("/app.js"))[http::field::link].empty());  // only pages carry it

    root.write("js/b.js", "import { a } from './a.js';\nimport { d } from './d.js';\nexport const b = 2;\n");
    root.write("js/d.js", "export const d = 4;\n");
    graph.push_back("/js/d.js");
    CHECK(files.module_graph("/index.html") == graph);
    CHECK(std::string(files.answer(get("/")).at(http::field::link)).ends_with(", </js/d.js>; rel=modulepreload"));
}
