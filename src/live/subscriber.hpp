#pragma once
// What the hub sends to: a connection, seen only through this interface (live/ never sees
// a net/ type).
#include <boost/asio/any_io_executor.hpp>
#include <memory>
#include <string>
#include <string_view>

namespace wp::live {

using Frame = std::shared_ptr<const std::string>;  // serialised once, shared by all

class Subscriber {
public:
    virtual ~Subscriber() = default;
    // Both are called on executor(), the subscriber's own loop.
    virtual void deliver(Frame frame) = 0;
    virtual void close(std::string_view reason) = 0;  // e.g. its token was revoked
    virtual boost::asio::any_io_executor executor() const = 0;

    virtual const std::string& team() const = 0;
    virtual const std::string& rep() const = 0;
    // Which sign-in of the rep this connection came from (a revoke notice may name one).
    virtual const std::string& session() const = 0;
};

}  // namespace wp::live
