#pragma once
// What the hub sends to: a connection, seen only through this interface (live/ never sees
// a net/ type).
#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "domain/team.hpp"

namespace wp::live {

using Frame = std::shared_ptr<const std::string>;  // serialised once, shared by all

// Which topic a frame is of. An update carries the topic's full state, so it may replace the
// same topic's earlier update that is still queued, unsent: a slow reader gets the newest state.
struct Topical {
    std::uint64_t topic = 0;  // the hub's id of the topic (0: none)
    bool update = false;      // true: an `update`, replaceable by a newer one
};

class Subscriber {
public:
    virtual ~Subscriber() = default;
    // Both are called on executor(), the subscriber's own loop.
    virtual void deliver(Frame frame, Topical of) = 0;
    void deliver(Frame frame) { deliver(std::move(frame), Topical{}); }
    virtual void close(std::string_view reason) = 0;  // e.g. its token was revoked
    virtual boost::asio::any_io_executor executor() const = 0;

    virtual const std::string& team() const = 0;
    virtual const std::string& rep() const = 0;
    // Which sign-in of the rep this connection came from (store::TokenOwner::session; a revoke
    // notice may name its first 16 hex digits), and the role it was signed in with.
    virtual const std::string& session() const = 0;
    virtual domain::Role role() const = 0;
};

}  // namespace wp::live
