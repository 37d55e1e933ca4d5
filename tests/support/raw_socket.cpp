#include "support/raw_socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

namespace wp::test {

RawTcp::RawTcp(int port, const std::string& source, int receive_buffer) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    if (receive_buffer > 0) ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    sockaddr_in from{};
    from.sin_family = AF_INET;
    ::inet_pton(AF_INET, source.c_str(), &from.sin_addr);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
        ::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
        ::close(fd_);
        throw std::runtime_error("cannot connect from " + source + " to port " + std::to_string(port));
    }
}

RawTcp::~RawTcp() {
    if (fd_ >= 0) ::close(fd_);
}

void RawTcp::write_all(const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
        auto n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
            closed = true;
            return;
        }
        sent += static_cast<std::size_t>(n);
    }
}

bool RawTcp::fill(Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0 || closed) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    char chunk[65536];
    auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) {
        closed = true;
        return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
}

HttpResult RawTcp::read_response(std::chrono::milliseconds within) {
    HttpResult result;
    auto deadline = Clock::now() + within;
    while (buffer_.find("\r\n\r\n") == std::string::npos)
        if (!fill(deadline)) return result;
    auto end = buffer_.find("\r\n\r\n") + 4;
    auto head = buffer_.substr(0, end);
    buffer_.erase(0, end);
    if (head.size() < 12) return result;
    result.status = std::stoi(head.substr(9, 3));
    for (std::size_t at = head.find("\r\n") + 2; at + 2 < head.size();) {
        auto eol = head.find("\r\n", at);
        auto line = head.substr(at, eol - at);
        if (auto colon = line.find(':'); colon != std::string::npos)
            result.headers[line.substr(0, colon)] = line.substr(line.find_first_not_of(' ', colon + 1));
        at = eol + 2;
    }
    std::size_t length = 0;
    for (const auto& [name, value] : result.headers) {
        std::string lower(name);
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        if (lower == "content-length") length = std::stoul(value);
    }
    if (result.status != 101) {
        while (buffer_.size() < length)
            if (!fill(deadline)) break;
        result.body = buffer_.substr(0, length);
        buffer_.erase(0, std::min(length, buffer_.size()));
    }
    return result;
}

bool RawTcp::closed_by_server_within(std::chrono::milliseconds within) {
    auto deadline = Clock::now() + within;
    while (!closed) {
        buffer_.clear();
        if (!fill(deadline) && !closed) return false;
    }
    return true;
}

RawWs::Options RawWs::from(std::string source) {
    Options o;
    o.source = std::move(source);
    return o;
}

RawWs::Options RawWs::with_origin(std::string origin) {
    Options o;
    o.headers["Origin"] = std::move(origin);
    return o;
}

RawWs::Options RawWs::with_receive_buffer(int bytes) {
    Options o;
    o.receive_buffer = bytes;
    return o;
}

RawWs::RawWs(int port, const std::string& target, Options options)
    : RawTcp(port, options.source, options.receive_buffer) {
    std::string req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                      "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    for (const auto& [k, v] : options.headers) req += k + ": " + v + "\r\n";
    req += "\r\n";
    write_all(req);
    answer_ = read_response(std::chrono::seconds(5));
    status = answer_.status;
    body = answer_.body;
}

void RawWs::send_frame(int opcode, const std::string& payload) {
    std::string f;
    f += static_cast<char>(0x80 | opcode);
    const unsigned char mask[4] = {0x12, 0x34, 0x56, 0x78};
    if (payload.size() < 126) {
        f += static_cast<char>(0x80 | payload.size());
    } else if (payload.size() < 65536) {
        f += static_cast<char>(0x80 | 126);
        f += static_cast<char>(payload.size() >> 8);
        f += static_cast<char>(payload.size() & 0xff);
    } else {
        f += static_cast<char>(0x80 | 127);
        for (int i = 7; i >= 0; --i) f += static_cast<char>((payload.size() >> (8 * i)) & 0xff);
    }
    f.append(reinterpret_cast<const char*>(mask), 4);
    for (std::size_t i = 0; i < payload.size(); ++i) f += static_cast<char>(payload[i] ^ mask[i % 4]);
    write_all(f);
}

std::optional<RawWs::Frame> RawWs::read_frame(std::chrono::milliseconds within) {
    auto deadline = Clock::now() + within;
    while (true) {
        if (buffer_.size() >= 2) {
            auto b1 = static_cast<unsigned char>(buffer_[1]);
            std::size_t length = b1 & 0x7f, at = 2;
            if (length == 126 && buffer_.size() >= 4) {
                length = (static_cast<unsigned char>(buffer_[2]) << 8) | static_cast<unsigned char>(buffer_[3]);
                at = 4;
            } else if (length == 127 && buffer_.size() >= 10) {
                length = 0;
                for (int i = 2; i < 10; ++i) length = (length << 8) | static_cast<unsigned char>(buffer_[i]);
                at = 10;
            }
            if ((length < 126 || at > 2) && buffer_.size() >= at + length) {
                Frame f{static_cast<unsigned char>(buffer_[0]) & 0x0f, buffer_.substr(at, length)};
                buffer_.erase(0, at + length);
                return f;
            }
        }
        if (!fill(deadline)) return std::nullopt;
    }
}

}  // namespace wp::test
