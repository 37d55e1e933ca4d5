// live::Connections: the connections of a rep, and an entry taken over at the same address.
#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <algorithm>
#include <memory>

#include "fakes.hpp"
#include "live/connections.hpp"

using wp::live::Connections;
using wp::live::Subscriber;
using wp::live::testing::FakeSubscriber;

namespace {
std::vector<std::string> sessions_of(const Connections& c, const std::string& team, const std::string& rep) {
    std::vector<std::string> out;
    c.for_rep(team, rep, [&](const std::shared_ptr<Subscriber>& s) { out.push_back(s->session()); });
    std::sort(out.begin(), out.end());
    return out;
}
}  // namespace

TEST_CASE("connections: every connection of a rep, of its own team only, until removed") {
    boost::asio::io_context io;
    auto phone = std::make_shared<FakeSubscriber>(io, "t1", "ann", "phone");
    auto desk = std::make_shared<FakeSubscriber>(io, "t1", "ann", "desk");
    auto other_team = std::make_shared<FakeSubscriber>(io, "t2", "ann", "tv");
    Connections c;
    CHECK_FALSE(c.add(phone));
    CHECK_FALSE(c.add(desk));
    CHECK_FALSE(c.add(other_team));
    CHECK(c.size() == 3);
    CHECK(sessions_of(c, "t1", "ann") == std::vector<std::string>{"desk", "phone"});
    CHECK(sessions_of(c, "t2", "ann") == std::vector<std::string>{"tv"});
    CHECK(sessions_of(c, "t1", "bob").empty());
    CHECK(c.remove(phone.get()) == "t1");
    CHECK_FALSE(c.remove(phone.get()));  // removed once
    CHECK(sessions_of(c, "t1", "ann") == std::vector<std::string>{"desk"});
    CHECK(c.size() == 2);
}

TEST_CASE("connections: a gone connection is skipped, and an address added again takes its entry over") {
    boost::asio::io_context io;
    Connections c;
    auto gone = std::make_shared<FakeSubscriber>(io, "t1", "ann", "a");
    c.add(gone);
    gone.reset();  // gone before its removal came through
    CHECK(sessions_of(c, "t1", "ann").empty());
    CHECK(c.size() == 1);  // until removed

    // The allocator may give a new connection the address of one whose removal is still on its
    // way: the new one takes the entry over, and the old one's team is handed back to uncount.
    auto desk = std::make_shared<FakeSubscriber>(io, "t1", "ann", "desk");
    c.add(desk);
    CHECK(c.add(desk) == "t1");
    CHECK(c.size() == 2);
    CHECK(sessions_of(c, "t1", "ann") == std::vector<std::string>{"desk"});
}
