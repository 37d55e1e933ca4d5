#include "net/ws_frames.hpp"

#include <algorithm>

namespace wp::net::ws {

std::size_t write_header(std::uint8_t (&out)[max_header], Opcode op, std::size_t payload) {
    out[0] = static_cast<std::uint8_t>(0x80 | static_cast<std::uint8_t>(op));
    if (payload <= 125) {
        out[1] = static_cast<std::uint8_t>(payload);
        return 2;
    }
    if (payload <= 0xffff) {
        out[1] = 126;
        out[2] = static_cast<std::uint8_t>(payload >> 8);
        out[3] = static_cast<std::uint8_t>(payload);
        return 4;
    }
    out[1] = 127;
    auto n = static_cast<std::uint64_t>(payload);
    for (int i = 0; i < 8; ++i) out[2 + i] = static_cast<std::uint8_t>(n >> (56 - 8 * i));
    return 10;
}

bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t n;
        std::uint32_t cp;
        if (c >= 0xc2 && c <= 0xdf) n = 1, cp = c & 0x1fu;
        else if (c >= 0xe0 && c <= 0xef) n = 2, cp = c & 0x0fu;
        else if (c >= 0xf0 && c <= 0xf4) n = 3, cp = c & 0x07u;
        else return false;
        if (i + n >= s.size()) return false;  // cut short
        for (std::size_t k = 1; k <= n; ++k) {
            auto d = static_cast<unsigned char>(s[i + k]);
            if ((d & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (d & 0x3fu);
        }
        // Overlong forms, surrogates and code points past U+10FFFF.
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += n + 1;
    }
    return true;
}

std::string close_payload(std::uint16_t code, std::string_view reason) {
    std::string p;
    p += static_cast<char>(code >> 8);
    p += static_cast<char>(code & 0xff);
    if (reason.size() > 123) {
        auto cut = std::size_t{123};
        while (cut > 0 && (static_cast<unsigned char>(reason[cut]) & 0xc0) == 0x80) --cut;
        reason = reason.substr(0, cut);
    }
    p.append(reason);
    return p;
}

std::size_t FrameReader::fail(Event& ev, std::uint16_t code, std::string reason, std::size_t used) {
    failed_ = true;
    ev.kind = Event::Kind::fail;
    ev.code = code;
    ev.payload = std::move(reason);
    message_ = {};
    control_ = {};
    return used;
}

namespace {
bool is_control(Opcode op) { return static_cast<std::uint8_t>(op) >= 8; }
bool close_code_allowed(std::uint16_t c) {
    return (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1011) || (c >= 3000 && c <= 4999);
}
}  // namespace

// Validates the header just completed; false when it failed `ev`.
bool FrameReader::header_complete(Event& ev) {
    auto b0 = header_[0], b1 = header_[1];
    fin_ = (b0 & 0x80) != 0;
    auto op = b0 & 0x0f;
    if ((b0 & 0x70) != 0) return fail(ev, close_code::protocol_error, "reserved bits set", 0), false;
    if ((b1 & 0x80) == 0) return fail(ev, close_code::protocol_error, "unmasked client frame", 0), false;
    if (!(op <= 2 || (op >= 8 && op <= 10))) return fail(ev, close_code::protocol_error, "unknown opcode", 0), false;
    op_ = static_cast<Opcode>(op);
    std::uint64_t len = b1 & 0x7f;
    std::size_t at = 2;
    if (len == 126) {
        len = (std::uint64_t{header_[2]} << 8) | header_[3];
        at = 4;
    } else if (len == 127) {
        len = 0;
        for (int i = 0; i < 8; ++i) len = (len << 8) | header_[2 + i];
        at = 10;
        if (len >> 63) return fail(ev, close_code::protocol_error, "frame length", 0), false;
    }
    std::copy_n(header_ + at, 4, mask_);
    if (is_control(op_)) {
        if (!fin_ || len > 125) return fail(ev, close_code::protocol_error, "fragmented or long control frame", 0), false;
    } else if (op_ == Opcode::continuation ? !in_message_ : in_message_) {
        return fail(ev, close_code::protocol_error, "unexpected continuation", 0), false;
    } else if (message_.size() + len > max_message_) {
        return fail(ev, close_code::too_big, "message too big", 0), false;
    }
    if (!is_control(op_)) in_message_ = true;
    remaining_ = len;
    offset_ = 0;
    in_payload_ = true;
    return true;
}

void FrameReader::finish_frame(Event& ev) {
    in_payload_ = false;
    header_len_ = 0;
    switch (op_) {
        case Opcode::ping:
            ev.kind = Event::Kind::ping;
            ev.payload = std::move(control_);
            break;
        case Opcode::pong:
            ev.kind = Event::Kind::pong;
            ev.payload = std::move(control_);
            break;
        case Opcode::close: {
            auto body = std::move(control_);
            if (body.empty()) {
                ev.kind = Event::Kind::close;
                ev.code = close_code::no_status;
                break;
            }
            std::string_view text(body);
            std::uint16_t code = 0;
            if (text.size() >= 2)
                code = static_cast<std::uint16_t>((static_cast<unsigned char>(text[0]) << 8) | static_cast<unsigned char>(text[1]));
            if (text.size() < 2 || !close_code_allowed(code) || !valid_utf8(text.substr(2))) {
                fail(ev, close_code::protocol_error, "bad close frame", 0);
                break;
            }
            ev.kind = Event::Kind::close;
            ev.code = code;
            ev.payload = std::string(text.substr(2));
            break;
        }
        default:
            if (!fin_) break;
            in_message_ = false;
            if (!valid_utf8(message_)) {  // binary frames are read as text too: the protocol has no other
                fail(ev, close_code::invalid_payload, "invalid UTF-8", 0);
                break;
            }
            ev.kind = Event::Kind::message;
            ev.payload = std::move(message_);
            message_ = {};
    }
    control_ = {};
}

std::size_t FrameReader::feed(std::string_view data, Event& ev) {
    ev = {};
    if (failed_) return data.size();
    std::size_t used = 0;
    while (used < data.size()) {
        if (!in_payload_) {
            header_[header_len_++] = static_cast<std::uint8_t>(data[used++]);
            if (header_len_ < 2) continue;
            auto len7 = header_[1] & 0x7f;
            std::size_t need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + 4;
            if (header_len_ < need) continue;
            if (!header_complete(ev)) return data.size();
            if (remaining_ > 0) continue;
        }
        auto take = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, data.size() - used));
        std::string& into = is_control(op_) ? control_ : message_;
        auto start = into.size();
        into.append(data.substr(used, take));
        for (std::size_t i = 0; i < take; ++i) into[start + i] = static_cast<char>(into[start + i] ^ mask_[(offset_ + i) & 3]);
        used += take;
        offset_ += take;
        remaining_ -= take;
        if (remaining_ == 0) {
            finish_frame(ev);
            if (ev.kind != Event::Kind::none) return used;
        }
    }
    return used;
}

}  // namespace wp::net::ws
