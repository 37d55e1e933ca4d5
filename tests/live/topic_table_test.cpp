// live::TopicTable: who is subscribed to what, both ways, the dirty list, and a topic's death
// with its last subscriber (unless held).
#include <doctest/doctest.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <memory>

#include "fakes.hpp"
#include "live/topic_table.hpp"

using wp::live::TopicMembers;
using wp::live::TopicTable;
using wp::live::testing::FakeSubscriber;

namespace {
struct State : TopicMembers {
    int reads = 0;
};
using Table = TopicTable<State>;

struct Scene {
    boost::asio::io_context io;
    Table table;
    std::vector<std::string> died;
    std::shared_ptr<FakeSubscriber> sub(const std::string& rep) {
        return std::make_shared<FakeSubscriber>(io, "t1", rep);
    }
    auto dying() {
        return [this](Table::iterator it) { died.push_back(it->first); };
    }
    std::vector<std::string> dirty() {
        std::vector<std::string> keys;
        for (auto it : table.take_dirty()) keys.push_back(it->first);
        std::sort(keys.begin(), keys.end());
        return keys;
    }
};
}  // namespace

TEST_CASE("topic table: a join makes the topic once, and the subscriber awaits its snapshot") {
    Scene s;
    auto ann = s.sub("ann"), bob = s.sub("bob");
    auto [first, created] = s.table.join("board", ann, 0);
    CHECK(created);
    auto [again, made_again] = s.table.join("board", bob, 1);
    CHECK_FALSE(made_again);
    CHECK(first == again);
    CHECK(first->second.subscribers.size() == 2);
    CHECK(first->second.subscribers.at(bob.get()).lane == 1);
    CHECK(first->second.awaiting_snapshot.size() == 2);
    CHECK(s.table.subscriptions() == 2);
}

TEST_CASE("topic table: subscribing again re-arms the snapshot and keeps the lane") {
    Scene s;
    auto ann = s.sub("ann");
    auto [it, _] = s.table.join("board", ann, 1);
    it->second.subscribers.at(ann.get()).needs_snapshot = false;
    it->second.awaiting_snapshot.clear();
    s.table.join("board", ann, 0);
    CHECK(it->second.subscribers.size() == 1);
    CHECK(it->second.subscribers.at(ann.get()).needs_snapshot);
    CHECK(it->second.subscribers.at(ann.get()).lane == 1);
    CHECK(it->second.awaiting_snapshot.size() == 1);
    CHECK(s.table.subscriptions() == 1);
}

TEST_CASE("topic table: a topic dies with its last subscriber, and leave_all leaves every topic") {
    Scene s;
    auto ann = s.sub("ann"), bob = s.sub("bob");
    s.table.join("board", ann, 0);
    s.table.join("feed", ann, 0);
    s.table.join("board", bob, 0);
    s.table.leave_all(ann.get(), s.dying());
    CHECK(s.died == std::vector<std::string>{"feed"});  // the board still has bob
    CHECK(s.table.find("board") != s.table.end());
    CHECK(s.table.find("feed") == s.table.end());
    s.table.leave(bob.get(), "board", s.dying());
    CHECK(s.died == std::vector<std::string>{"feed", "board"});
    CHECK(s.table.topics().empty());
    CHECK(s.table.subscriptions() == 0);
    s.table.leave_all(bob.get(), s.dying());  // nothing left: nothing happens
    CHECK(s.died.size() == 2);
}

TEST_CASE("topic table: a held topic outlives its last subscriber until erased") {
    Scene s;
    auto ann = s.sub("ann");
    auto [it, _] = s.table.join("board", ann, 0);
    it->second.held = true;  // a read in flight
    s.table.leave(ann.get(), "board", s.dying());
    CHECK(s.died.empty());
    REQUIRE(s.table.find("board") != s.table.end());
    CHECK(s.table.find("board")->second.subscribers.empty());
    s.table.erase(s.table.find("board"), s.dying());
    CHECK(s.died == std::vector<std::string>{"board"});
    CHECK(s.table.topics().empty());
}

TEST_CASE("topic table: the dirty list holds each marked topic once, and a dead one not at all") {
    Scene s;
    auto ann = s.sub("ann");
    auto [board, _1] = s.table.join("board", ann, 0);
    auto [feed, _2] = s.table.join("feed", ann, 0);
    s.table.join("pair", ann, 0);
    s.table.mark_dirty(board);
    s.table.mark_dirty(board);
    s.table.mark_dirty(feed);
    s.table.leave(ann.get(), "feed", s.dying());
    CHECK(s.dirty() == std::vector<std::string>{"board"});
    CHECK_FALSE(s.table.find("board")->second.listed);
    CHECK(s.table.find("board")->second.dirty);  // still stale: the hub clears it when it reads
    CHECK(s.dirty().empty());  // taken: listed again only when marked again
    s.table.mark_dirty(s.table.find("pair"));
    s.table.mark_dirty(s.table.find("board"));
    CHECK(s.dirty() == std::vector<std::string>{"board", "pair"});
}
