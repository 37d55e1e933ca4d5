#pragma once
// Clients on a bare socket, for what a well-behaved client library will not do: send half a
// request and stop, never read, never answer a ping, connect from another loopback address,
// send any Origin.
#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "support/clients.hpp"

namespace wp::test {

class RawTcp {
public:
    using Clock = std::chrono::steady_clock;
    // Connects to 127.0.0.1:port from `source` (any 127.0.0.0/8 address: another client
    // address); `receive_buffer` > 0 sets SO_RCVBUF first. Throws when it cannot connect.
    explicit RawTcp(int port, const std::string& source = "127.0.0.1", int receive_buffer = 0);
    ~RawTcp();
    RawTcp(const RawTcp&) = delete;
    RawTcp& operator=(const RawTcp&) = delete;

    void write_all(const std::string& data);
    // An HTTP response (head, then Content-Length bytes of body); status 0 when none came
    // within the time or the server closed first.
    HttpResult read_response(std::chrono::milliseconds within);
    // Reads (and drops) until the server closes the socket; false if still open at the deadline.
    bool closed_by_server_within(std::chrono::milliseconds within);

    bool closed = false;  // the server closed it (or a write failed)

protected:
    bool fill(Clock::time_point deadline);  // one recv within the deadline; false on timeout or close
    int fd_ = -1;
    std::string buffer_;
};

// A WebSocket client on a bare socket.
class RawWs : public RawTcp {
public:
    struct Options {
        std::string source = "127.0.0.1";
        std::map<std::string, std::string> headers;
        int receive_buffer = 0;  // SO_RCVBUF before connecting; 0 leaves the default
    };
    static Options from(std::string source);
    static Options with_origin(std::string origin);
    static Options with_receive_buffer(int bytes);
    struct Frame {
        int opcode = 0;
        std::string payload;
    };

    // Sends the upgrade for `target` and reads the answer: `status` is 101 when it opened.
    RawWs(int port, const std::string& target, Options options);

    bool has_header(const std::string& name) const { return answer_.headers.contains(name); }
    void send_frame(int opcode, const std::string& payload);
    void send_text(const std::string& text) { send_frame(0x1, text); }
    // The next frame, or nullopt when the deadline passes or the server closed the socket
    // (then `closed` is set).
    std::optional<Frame> read_frame(std::chrono::milliseconds within);

    int status = 0;
    std::string body;

private:
    HttpResult answer_;
};

}  // namespace wp::test
