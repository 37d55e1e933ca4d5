// A connection's send queue without a socket: the caps in frames and bytes, latest-wins for a
// topic's updates, and what is never replaced (snapshots, events, a frame being written).
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "net/outbox.hpp"

using namespace wp::net;
using wp::live::Frame;
using wp::live::Topical;

namespace {
Frame frame(std::string s) { return std::make_shared<const std::string>(std::move(s)); }
std::string front_text(const Outbox& o) { return *o.front().frame; }
}  // namespace

TEST_CASE("outbox: a topic's queued update is replaced by its newer one, in place") {
    Outbox o(16, 1 << 20);
    CHECK(o.push(frame("ack")) == Outbox::Push::queued);
    CHECK(o.push(frame("board 1"), ws::Opcode::text, Topical{7, true}) == Outbox::Push::queued);
    CHECK(o.push(frame("event"), ws::Opcode::text, Topical{}) == Outbox::Push::queued);
    CHECK(o.push(frame("board 2!"), ws::Opcode::text, Topical{7, true}) == Outbox::Push::replaced);
    CHECK(o.push(frame("other 1"), ws::Opcode::text, Topical{8, true}) == Outbox::Push::queued);
    CHECK(o.size() == 4);
    CHECK(o.bytes() == 3 + 8 + 5 + 7);
    CHECK(front_text(o) == "ack");
    o.pop();
    CHECK(front_text(o) == "board 2!");  // where board 1 stood: before the event it preceded
    o.pop();
    CHECK(front_text(o) == "event");
    o.pop();
    CHECK(front_text(o) == "other 1");
}

TEST_CASE("outbox: a snapshot is never replaced, and an update after it queues behind it") {
    Outbox o(16, 1 << 20);
    CHECK(o.push(frame("update 1"), ws::Opcode::text, Topical{3, true}) == Outbox::Push::queued);
    CHECK(o.push(frame("snapshot"), ws::Opcode::text, Topical{3, false}) == Outbox::Push::queued);
    CHECK(o.push(frame("update 2"), ws::Opcode::text, Topical{3, true}) == Outbox::Push::queued);
    CHECK(o.push(frame("update 3"), ws::Opcode::text, Topical{3, true}) == Outbox::Push::replaced);
    CHECK(o.size() == 3);
    CHECK(front_text(o) == "update 1");  // before the snapshot: its order with the ack is kept
    o.pop();
    CHECK(front_text(o) == "snapshot");
    o.pop();
    CHECK(front_text(o) == "update 3");
}

TEST_CASE("outbox: the frame being written is never replaced") {
    Outbox o(16, 1 << 20);
    CHECK(o.push(frame("update 1"), ws::Opcode::text, Topical{3, true}) == Outbox::Push::queued);
    o.wrote(2);  // part of its header went out
    CHECK(o.push(frame("update 2"), ws::Opcode::text, Topical{3, true}) == Outbox::Push::queued);
    CHECK(o.size() == 2);
    CHECK(front_text(o) == "update 1");
    CHECK(o.written() == 2);
    CHECK(o.push(frame("update 3"), ws::Opcode::text, Topical{3, true}) == Outbox::Push::replaced);
    o.pop();
    CHECK(o.written() == 0);
    CHECK(front_text(o) == "update 3");
}

TEST_CASE("outbox: full in frames or in bytes, whichever comes first, and a replacement still fits") {
    Outbox frames(2, 1 << 20);
    CHECK(frames.push(frame("a")) == Outbox::Push::queued);
    CHECK(frames.push(frame("b"), ws::Opcode::text, Topical{1, true}) == Outbox::Push::queued);
    CHECK(frames.push(frame("c")) == Outbox::Push::full);
    CHECK(frames.push(frame("b2"), ws::Opcode::text, Topical{1, true}) == Outbox::Push::replaced);

    Outbox bytes(100, 10);
    CHECK(bytes.push(frame("123456")) == Outbox::Push::queued);
    CHECK(bytes.push(frame("7890")) == Outbox::Push::queued);
    CHECK(bytes.push(frame("x")) == Outbox::Push::full);
    bytes.pop();
    CHECK(bytes.bytes() == 4);
    CHECK(bytes.push(frame("x")) == Outbox::Push::queued);

    Outbox empty(100, 10);
    CHECK(empty.push(frame(std::string(50, 'z'))) == Outbox::Push::queued);  // alone, it goes
    CHECK(empty.push(frame("y")) == Outbox::Push::full);
}

TEST_CASE("outbox: after finish only the close frame is taken, after close nothing") {
    Outbox o(4, 1 << 20);
    CHECK(o.push(frame("a")) == Outbox::Push::queued);
    o.push_close(frame("\x03\xe9"));
    CHECK(o.closed());
    CHECK_FALSE(o.stopped());
    CHECK(o.push(frame("late")) == Outbox::Push::full);
    CHECK(o.size() == 2);
    o.pop();
    CHECK(o.front().op == ws::Opcode::close);
    o.close();
    CHECK(o.stopped());
    CHECK(o.size() == 0);
}
