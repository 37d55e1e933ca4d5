#pragma once
// RFC 6455 framing, the server's side, without a stream around it: the session owns its socket
// and writes a frame's header (2-10 bytes, built on the stack) and the shared payload with one
// sendmsg, and reads every connection's bytes into one buffer per loop. Beast's stream kept
// about 4 KiB per connection (its read buffer, timer, saved handlers) and ran a composed
// operation per frame written.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wp::net::ws {

enum class Opcode : std::uint8_t { continuation = 0, text = 1, binary = 2, close = 8, ping = 9, pong = 10 };

namespace close_code {
constexpr std::uint16_t normal = 1000, going_away = 1001, protocol_error = 1002, no_status = 1005,
                        invalid_payload = 1007, policy = 1008, too_big = 1009;
}

constexpr std::size_t max_header = 10;

// The header of one unmasked, final server frame of `payload` bytes; returns its length.
std::size_t write_header(std::uint8_t (&out)[max_header], Opcode op, std::size_t payload);

// A close frame's payload: the code, then the reason cut to what fits a control frame (123
// bytes, at a character boundary).
std::string close_payload(std::uint16_t code, std::string_view reason);

bool valid_utf8(std::string_view s);

// Reads a client's frames as they arrive, in any pieces. Clients must mask; control frames are
// final and at most 125 bytes; a message (its fragments together) is at most max_message bytes.
class FrameReader {
public:
    struct Event {
        enum class Kind { none, message, ping, pong, close, fail } kind = Kind::none;
        std::string payload;     // message: the text; ping/pong: the payload; close/fail: the reason
        std::uint16_t code = 0;  // close: the peer's code; fail: the code to close with
    };

    explicit FrameReader(std::size_t max_message) : max_message_(max_message) {}

    // Consumes bytes of `data` until one event is complete (then `ev` holds it) or all are used.
    // Returns how many were consumed. After a `fail`, nothing more is read.
    std::size_t feed(std::string_view data, Event& ev);
    bool failed() const { return failed_; }

private:
    std::size_t fail(Event& ev, std::uint16_t code, std::string reason, std::size_t used);
    bool header_complete(Event& ev);
    void finish_frame(Event& ev);

    std::size_t max_message_;
    std::uint8_t header_[14]{};
    std::size_t header_len_ = 0;
    bool in_payload_ = false;
    bool fin_ = false;
    Opcode op_ = Opcode::text;
    std::uint8_t mask_[4]{};
    std::uint64_t remaining_ = 0;
    std::uint64_t offset_ = 0;    // into the frame's payload: the mask's phase
    bool in_message_ = false;     // fragments of a text or binary message so far
    std::string message_;         // released as soon as the message is handed over
    std::string control_;         // a ping, pong or close payload being read
    bool failed_ = false;
};

}  // namespace wp::net::ws
