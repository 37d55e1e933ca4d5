#pragma once
// Real clients for tests: HTTP requests and WebSocket connections over loopback, with
// deadlines (never sleeps), and a check of every server frame against proto/.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "support/wait.hpp"

namespace wp::test {

using nlohmann::json;
using namespace std::chrono_literals;

struct HttpResult {
    int status = 0;  // 0: no answer
    std::string body;
    std::map<std::string, std::string> headers;
    json json_body() const { return json::parse(body, nullptr, false); }
};

HttpResult http_request(int port, const std::string& method, const std::string& target, const std::string& body = "",
                        const std::string& bearer = "", std::map<std::string, std::string> headers = {});

// Validates a server frame against proto/ (the envelope by type, the topic data by topic).
// Returns an empty string when valid, else what is wrong.
std::string frame_violation(const json& frame);

// Where a WebSocket client puts its token: ?token= (scripts), Authorization (servers), or the
// subprotocol wolfpack.token.TOKEN (the pages).
enum class TokenIn { query, header, subprotocol };

class WsClient {
public:
    // Connects to /ws?token=... (or with a header when `use_header`); throws on failure.
    WsClient(int port, const std::string& token, bool use_header = false)
        : WsClient(port, token, use_header ? TokenIn::header : TokenIn::query) {}
    WsClient(int port, const std::string& token, TokenIn where);
    ~WsClient();
    WsClient(const WsClient&) = delete;
    WsClient& operator=(const WsClient&) = delete;

    void send(const json& message);
    void send_text(const std::string& text);
    // The next frame within the timeout (checked against proto/: a violation throws), or nullopt.
    std::optional<json> read(std::chrono::milliseconds timeout = 2000ms);
    // Reads until a frame satisfies `match`; frames before it are dropped. Throws on timeout.
    json wait_for(const std::function<bool(const json&)>& match, std::chrono::milliseconds timeout = 3000ms);
    // The ack or error for req; the frames before it are kept for the next reads.
    json wait_ack(const json& req, std::chrono::milliseconds timeout = 3000ms);
    json request(json message, std::chrono::milliseconds timeout = 3000ms);     // sends with a fresh req, waits
    bool is_open() const;
    // A read ran out of time (the stream is then unusable and is_open false, but the server
    // did not close it).
    bool timed_out() const;
    // The close code the server sent, once the connection ended (0 if none / still open).
    int close_code() const;
    const json& welcome() const { return welcome_; }
    const std::string& subprotocol() const { return subprotocol_; }  // what the server selected

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    json welcome_;
    std::string subprotocol_;
    int next_req_ = 1;
};

// Waits (with a deadline) until the server has closed the client's connection; true if it did.
bool closes(WsClient& ws, std::chrono::milliseconds timeout = 3000ms);

// Subscribes and returns the topic's snapshot; throws when the subscribe is refused.
json subscribe_snapshot(WsClient& ws, const std::string& topic);

// A metric's value from GET /metrics, or -1 when it is not there.
long long metric(int port, const std::string& name);

// Opens a WebSocket upgrade and returns the HTTP status the server answered (101 on success).
int ws_upgrade_status(int port, const std::string& target, const std::string& bearer = "");

}  // namespace wp::test
