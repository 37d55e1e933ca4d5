#include "e2e/receiver.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace wp::e2e {

Receiver::Receiver(int fail_first, bool hang_first) : fail_first_(fail_first), hang_first_(hang_first) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    ::listen(fd_, 16);
    thread_ = std::thread([this] { serve(); });
}

Receiver::~Receiver() {
    stop_ = true;
    if (hung_ >= 0) ::close(hung_);
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
}

std::vector<nlohmann::json> Receiver::bodies() {
    std::lock_guard lock(mutex_);
    return bodies_;
}

void Receiver::serve() {
    while (!stop_) {
        int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        std::string data;
        char buf[4096];
        std::size_t need = std::string::npos;
        while (true) {
            auto n = ::read(c, buf, sizeof buf);
            if (n <= 0) break;
            data.append(buf, static_cast<std::size_t>(n));
            auto head_end = data.find("\r\n\r\n");
            if (head_end != std::string::npos && need == std::string::npos) {
                auto cl = data.find("Content-Length: ");
                if (cl == std::string::npos) cl = data.find("content-length: ");
                std::size_t length = cl == std::string::npos ? 0 : std::stoul(data.substr(cl + 16));
                need = head_end + 4 + length;
            }
            if (need != std::string::npos && data.size() >= need) break;
        }
        int n = ++requests_;
        if (n == 1 && hang_first_) {
            hung_ = c;  // held open, unanswered, until the receiver goes
            continue;
        }
        bool fail = n <= fail_first_;
        if (!fail && need != std::string::npos) {
            std::lock_guard lock(mutex_);
            bodies_.push_back(nlohmann::json::parse(data.substr(data.find("\r\n\r\n") + 4), nullptr, false));
            target_ok_ = data.starts_with("POST /hooks/wolfpack HTTP/1.1");
        }
        std::string answer = fail ? "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                  : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        (void)::write(c, answer.data(), answer.size());
        ::close(c);
    }
}

}  // namespace wp::e2e
