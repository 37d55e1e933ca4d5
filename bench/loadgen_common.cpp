// The parts of bench_loadgen that setup, ingest and fan-out share (loadgen_common.hpp).
#include "loadgen_common.hpp"

#include <sys/resource.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <boost/beast/http.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace wp::bench {

namespace http = beast::http;

namespace {
double ms_of(std::int64_t ns) { return static_cast<double>(ns) / 1e6; }
}  // namespace

// ---- /proc -----------------------------------------------------------------------------

ProcSample sample(long pid) {
    ProcSample s;
    if (pid <= 0) return s;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), {});
    auto close = text.rfind(')');
    if (close != std::string::npos) {
        std::istringstream rest(text.substr(close + 2));
        std::string field;
        std::vector<std::string> f;
        while (rest >> field) f.push_back(field);
        // After the command: state is field 3, utime 14 and stime 15 (1-based) -> index 11, 12.
        if (f.size() > 12) s.cpu_s = static_cast<double>(std::stoll(f[11]) + std::stoll(f[12])) / static_cast<double>(sysconf(_SC_CLK_TCK));
    }
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
        if (line.starts_with("VmRSS:")) s.rss_kib = std::stol(line.substr(6));
        if (line.starts_with("VmHWM:")) s.hwm_kib = std::stol(line.substr(6));
    }
    return s;
}

double self_cpu_s() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// ---- percentiles -----------------------------------------------------------------------

json summary_ms(std::vector<std::int64_t> v) {
    json j = {{"n", v.size()}};
    if (v.empty()) return j;
    std::sort(v.begin(), v.end());
    auto at = [&](double q) { return ms_of(v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5))]); };
    j["p50_ms"] = at(0.50);
    j["p90_ms"] = at(0.90);
    j["p99_ms"] = at(0.99);
    j["max_ms"] = ms_of(v.back());
    return j;
}

// ---- connecting --------------------------------------------------------------------------

Target target_of(const Args& a) {
    Target t;
    t.address = asio::ip::make_address(a.get("host", "127.0.0.1"));
    t.port = static_cast<unsigned short>(a.num("port", 8080));
    auto n = a.num("local-ips", 8);
    if (t.address.is_loopback())
        for (long long i = 0; i < n; ++i) t.locals.push_back(asio::ip::make_address_v4("127.0.0." + std::to_string(2 + i)));
    return t;
}

asio::awaitable<Opened> open_ws(const Target& t, std::size_t index, std::string token) {
    auto ex = co_await asio::this_coro::executor;
    tcp::socket sock(ex);
    boost::system::error_code ec;
    sock.open(tcp::v4(), ec);
    if (ec) co_return Opened{nullptr, "socket: " + ec.message()};
    if (!t.locals.empty()) {
#ifdef IP_BIND_ADDRESS_NO_PORT
        int one = 1;  // the port is chosen at connect(), per destination: far more of them
        ::setsockopt(sock.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
#endif
        sock.bind(tcp::endpoint(t.locals[index % t.locals.size()], 0), ec);
        if (ec) co_return Opened{nullptr, "bind: " + ec.message()};
    }
    auto [cec] = co_await sock.async_connect(tcp::endpoint(t.address, t.port), nothrow);
    if (cec) co_return Opened{nullptr, "connect: " + cec.message()};
    sock.set_option(tcp::no_delay(true), ec);
    auto ws = std::make_unique<Ws>(std::move(sock));
    beast::get_lowest_layer(*ws).expires_after(30s);
    ws->set_option(websocket::stream_base::decorator([token](websocket::request_type& r) {
        r.set(http::field::authorization, "Bearer " + token);
    }));
    websocket::response_type res;
    auto [hec] = co_await ws->async_handshake(res, t.address.to_string() + ":" + std::to_string(t.port), "/ws", nothrow);
    if (hec) co_return Opened{nullptr, "handshake: " + hec.message() + " (HTTP " + std::to_string(res.result_int()) + ")"};
    beast::get_lowest_layer(*ws).expires_never();
    ws->text(true);
    beast::flat_buffer buf;
    auto [rec, n] = co_await ws->async_read(buf, nothrow);
    if (rec) co_return Opened{nullptr, "welcome: " + rec.message()};
    auto text = beast::buffers_to_string(buf.data());
    if (text.find("\"welcome\"") == std::string::npos) co_return Opened{nullptr, "first frame is not welcome: " + text.substr(0, 200)};
    co_return Opened{std::move(ws), {}};
}

// ---- frames, by substring ----------------------------------------------------------------

std::string_view type_of(std::string_view f) {
    auto p = f.find("\"type\":\"");
    if (p == std::string_view::npos) return {};
    p += 8;
    auto e = f.find('"', p);
    return f.substr(p, e - p);
}

std::optional<std::int64_t> int_after(std::string_view f, std::string_view key, bool last) {
    std::string k = "\"" + std::string(key) + "\":";
    auto p = last ? f.rfind(k) : f.find(k);
    if (p == std::string_view::npos) return std::nullopt;
    p += k.size();
    std::int64_t v = 0;
    bool neg = false, any = false;
    if (p < f.size() && f[p] == '-') neg = true, ++p;
    for (; p < f.size() && f[p] >= '0' && f[p] <= '9'; ++p) v = v * 10 + (f[p] - '0'), any = true;
    if (!any) return std::nullopt;
    return neg ? -v : v;
}

// ---- ids and inputs ----------------------------------------------------------------------

std::string run_tag() {
    static const char* digits = "0123456789abcdefghijklmnopqrstuvwxyz";
    auto t = static_cast<unsigned long long>(std::chrono::system_clock::now().time_since_epoch().count()) ^
             (static_cast<unsigned long long>(getpid()) << 40);
    std::string s;
    for (int i = 0; i < 10; ++i, t /= 36) s += digits[t % 36];
    return s;
}

std::vector<std::string> read_lines(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    if (out.empty()) throw std::runtime_error(path + " is empty");
    return out;
}

// ---- the admin API and Redis -------------------------------------------------------------

json http_json(const Target& t, const std::string& method, const std::string& path, const std::string& bearer,
               const json& body, int& status) {
    asio::io_context io;
    beast::tcp_stream s(io);
    s.connect(tcp::endpoint(t.address, t.port));
    http::request<http::string_body> req{http::string_to_verb(method), path, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::authorization, "Bearer " + bearer);
    req.set(http::field::content_type, "application/json");
    if (!body.is_null()) req.body() = body.dump();
    req.prepare_payload();
    http::write(s, req);
    beast::flat_buffer b;
    http::response<http::string_body> res;
    http::read(s, b, res);
    status = static_cast<int>(res.result_int());
    return json::parse(res.body(), nullptr, false);
}

std::map<std::string, long long> redis_calls(const std::string& sock) {
    std::map<std::string, long long> calls;
    if (sock.empty()) return calls;
    std::string cmd = "redis-cli -s '" + sock + "' info commandstats";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return calls;
    char line[1024];
    while (std::fgets(line, sizeof line, p)) {
        std::string_view l(line);
        auto colon = l.find(':'), at = l.find("calls=");
        if (!l.starts_with("cmdstat_") || colon == std::string_view::npos || at == std::string_view::npos) continue;
        calls[std::string(l.substr(8, colon - 8))] = std::atoll(std::string(l.substr(at + 6)).c_str());
    }
    pclose(p);
    return calls;
}

}  // namespace wp::bench
