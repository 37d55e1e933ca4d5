// The server's WebSocket framing without a socket: headers of each length form, a client's
// masked frames in any pieces, fragments, control frames, and every violation closing with the
// code RFC 6455 gives it.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "net/ws_frames.hpp"

using namespace wp::net::ws;
using Kind = FrameReader::Event::Kind;

namespace {
// A client frame: masked with a fixed key.
std::string client_frame(std::uint8_t first, std::string_view payload, bool masked = true) {
    std::string f;
    f += static_cast<char>(first);
    auto mask_bit = masked ? 0x80 : 0;
    if (payload.size() <= 125) {
        f += static_cast<char>(mask_bit | static_cast<int>(payload.size()));
    } else if (payload.size() <= 0xffff) {
        f += static_cast<char>(mask_bit | 126);
        f += static_cast<char>(payload.size() >> 8);
        f += static_cast<char>(payload.size() & 0xff);
    } else {
        f += static_cast<char>(mask_bit | 127);
        for (int i = 7; i >= 0; --i) f += static_cast<char>((payload.size() >> (8 * i)) & 0xff);
    }
    const char key[4] = {0x12, 0x34, 0x56, 0x78};
    if (masked) f.append(key, 4);
    for (std::size_t i = 0; i < payload.size(); ++i) f += masked ? static_cast<char>(payload[i] ^ key[i % 4]) : payload[i];
    return f;
}

std::vector<FrameReader::Event> read_all(FrameReader& r, std::string_view bytes, std::size_t piece = 1 << 20) {
    std::vector<FrameReader::Event> out;
    while (!bytes.empty()) {
        auto chunk = bytes.substr(0, piece);
        while (!chunk.empty()) {
            FrameReader::Event ev;
            auto n = r.feed(chunk, ev);
            chunk.remove_prefix(n);
            bytes.remove_prefix(n);
            if (ev.kind != Kind::none) out.push_back(std::move(ev));
        }
    }
    return out;
}
}  // namespace

TEST_CASE("ws frames: a server header takes 2, 4 or 10 bytes") {
    std::uint8_t h[max_header];
    CHECK(write_header(h, Opcode::text, 125) == 2);
    CHECK(h[0] == 0x81);
    CHECK(h[1] == 125);
    CHECK(write_header(h, Opcode::text, 126) == 4);
    CHECK(h[1] == 126);
    CHECK(h[2] == 0);
    CHECK(h[3] == 126);
    CHECK(write_header(h, Opcode::ping, 70000) == 10);
    CHECK(h[0] == 0x89);
    CHECK(h[1] == 127);
    CHECK(h[7] == 0x01);  // 70000 = 0x011170
    CHECK(h[8] == 0x11);
    CHECK(h[9] == 0x70);
}

TEST_CASE("ws frames: masked messages of every length form, whole or a byte at a time") {
    std::string big(70000, 'x'), mid(300, 'y');
    auto bytes = client_frame(0x81, "hello") + client_frame(0x81, mid) + client_frame(0x82, big) + client_frame(0x81, "");
    for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 20}) {
        FrameReader r(1 << 20);
        auto events = read_all(r, bytes, piece);
        REQUIRE(events.size() == 4);
        CHECK(events[0].payload == "hello");
        CHECK(events[1].payload == mid);
        CHECK(events[2].payload == big);
        CHECK(events[3].kind == Kind::message);
        CHECK(events[3].payload.empty());
    }
}

TEST_CASE("ws frames: fragments join into one message, with a ping between them") {
    FrameReader r(1024);
    auto events = read_all(r, client_frame(0x01, "hel") + client_frame(0x89, "p") + client_frame(0x80, "lo"));
    REQUIRE(events.size() == 2);
    CHECK(events[0].kind == Kind::ping);
    CHECK(events[0].payload == "p");
    CHECK(events[1].kind == Kind::message);
    CHECK(events[1].payload == "hello");
}

TEST_CASE("ws frames: a close frame gives its code and reason, an empty one no status") {
    FrameReader r(1024);
    auto events = read_all(r, client_frame(0x88, std::string("\x03\xe8") + "bye"));
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == Kind::close);
    CHECK(events[0].code == 1000);
    CHECK(events[0].payload == "bye");
    FrameReader empty(1024);
    auto none = read_all(empty, client_frame(0x88, ""));
    REQUIRE(none.size() == 1);
    CHECK(none[0].code == close_code::no_status);
    CHECK(close_payload(1001, std::string(200, 'r')).size() == 125);
}

TEST_CASE("ws frames: violations fail with the code to close with, and nothing more is read") {
    struct Case {
        const char* what;
        std::string bytes;
        std::uint16_t code;
    };
    std::vector<Case> cases = {
        {"unmasked", client_frame(0x81, "x", false), close_code::protocol_error},
        {"reserved bit", client_frame(0xc1, "x"), close_code::protocol_error},
        {"unknown opcode", client_frame(0x83, "x"), close_code::protocol_error},
        {"fragmented ping", client_frame(0x09, "x"), close_code::protocol_error},
        {"long ping", client_frame(0x89, std::string(126, 'p')), close_code::protocol_error},
        {"continuation first", client_frame(0x80, "x"), close_code::protocol_error},
        {"text inside a message", client_frame(0x01, "a") + client_frame(0x81, "b"), close_code::protocol_error},
        {"too big", client_frame(0x81, std::string(101, 'b')), close_code::too_big},
        {"too big in fragments", client_frame(0x01, std::string(60, 'b')) + client_frame(0x80, std::string(60, 'b')),
         close_code::too_big},
        {"invalid UTF-8", client_frame(0x81, "\xc3\x28"), close_code::invalid_payload},
        {"overlong UTF-8", client_frame(0x81, "\xc0\xaf"), close_code::invalid_payload},
        {"surrogate", client_frame(0x81, "\xed\xa0\x80"), close_code::invalid_payload},
        {"bad close code", client_frame(0x88, "\x03\xed"), close_code::protocol_error},
        {"one-byte close", client_frame(0x88, "\x03"), close_code::protocol_error},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        FrameReader r(100);
        auto events = read_all(r, c.bytes + client_frame(0x81, "after"));
        REQUIRE(events.size() == 1);
        CHECK(events[0].kind == Kind::fail);
        CHECK(events[0].code == c.code);
        CHECK(r.failed());
    }
}

TEST_CASE("ws frames: UTF-8 of every length is valid, cut short it is not") {
    CHECK(valid_utf8("plain"));
    CHECK(valid_utf8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x90\xba"));  // é € 🐺
    CHECK_FALSE(valid_utf8("\xe2\x82"));
    CHECK_FALSE(valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
}
