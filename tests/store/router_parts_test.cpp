// The cluster router's sans-io parts, without a socket: the slot function, the CLUSTER SHARDS
// parser, redirect decisions, RESP encoding and reading, the clocks' offset.
#include <doctest/doctest.h>

#include "store/clock_offset.hpp"
#include "store/cluster_topology.hpp"
#include "store/redirect.hpp"
#include "store/resp.hpp"
#include "store/slot.hpp"

using namespace wp::store;
using namespace std::chrono_literals;

namespace {

RedisReply str(std::string s) {
    RedisReply r;
    r.kind = RedisReply::Kind::string;
    r.str = std::move(s);
    return r;
}
RedisReply num(std::int64_t v) {
    RedisReply r;
    r.kind = RedisReply::Kind::integer;
    r.integer = v;
    return r;
}
RedisReply arr(std::vector<RedisReply> e) {
    RedisReply r;
    r.kind = RedisReply::Kind::array;
    r.elements = std::move(e);
    return r;
}
RedisReply err(std::string s) {
    RedisReply r;
    r.kind = RedisReply::Kind::error;
    r.str = std::move(s);
    return r;
}

// One node of a CLUSTER SHARDS answer, as Redis 7.0 writes it.
RedisReply shard_node(std::string ip, int port, std::string role, std::string health = "online") {
    return arr({str("id"), str("07c37dfeb235213a872192d90877d0cd55635b91"), str("port"), num(port), str("ip"), str(ip),
                str("endpoint"), str(ip), str("role"), str(role), str("replication-offset"), num(72156),
                str("health"), str(health)});
}
RedisReply shard(std::vector<RedisReply> ranges, std::vector<RedisReply> nodes) {
    return arr({str("slots"), arr(std::move(ranges)), str("nodes"), arr(std::move(nodes))});
}

}  // namespace

TEST_CASE("slot function: CRC16 (XMODEM) and hash tags, as Redis Cluster defines them") {
    CHECK(crc16("123456789") == 0x31C3);  // the XMODEM check value
    CHECK(key_slot("foo") == 12182);       // the cluster specification's examples
    CHECK(key_slot("bar") == 5061);
    CHECK(key_slot("{user1000}.following") == key_slot("{user1000}.followers"));
    CHECK(key_slot("{user1000}.following") == key_slot("user1000"));
    CHECK(key_slot("foo{}{bar}") == crc16("foo{}{bar}") % 16384);  // an empty tag: the whole key
    CHECK(key_slot("foo{{bar}}zap") == key_slot("{bar"));          // from the first '{' to the next '}'
    CHECK(key_slot("foo{bar}{zap}") == key_slot("bar"));
    CHECK(key_slot("{unclosed") == crc16("{unclosed") % 16384);
    CHECK(key_slot("") == 0);
    // Every key of a team shares its slot.
    CHECK(key_slot("wp:{t:north}:lb:calls:w:2026-W48") == key_slot("wp:{t:north}:chg"));
    CHECK(key_slot("wp:{t:north}:team") == key_slot("t:north"));
}

TEST_CASE("topology: CLUSTER SHARDS into a slot table") {
    auto reply = arr({
        shard({num(0), num(5460)}, {shard_node("127.0.0.1", 7001, "master"), shard_node("127.0.0.1", 7004, "replica")}),
        shard({num(5461), num(10922)}, {shard_node("127.0.0.1", 7005, "replica"), shard_node("127.0.0.1", 7002, "master")}),
        // Ranges may come as text; a shard may own several ranges.
        shard({str("10923"), str("16000"), num(16001), num(16383)}, {shard_node("127.0.0.1", 7003, "master")}),
    });
    auto table = parse_cluster_shards(reply);
    REQUIRE(table);
    CHECK(table->covers_all());
    auto at = [&](std::uint16_t slot) { return table->nodes()[static_cast<std::size_t>(table->owner(slot))].text(); };
    CHECK(at(0) == "127.0.0.1:7001");
    CHECK(at(5460) == "127.0.0.1:7001");
    CHECK(at(5461) == "127.0.0.1:7002");  // the primary, not the replica listed first
    CHECK(at(10923) == "127.0.0.1:7003");
    CHECK(at(16383) == "127.0.0.1:7003");

    SUBCASE("a MOVED answer moves one slot") {
        table->move(5460, NodeAddress{"127.0.0.1", 7002});
        CHECK(at(5460) == "127.0.0.1:7002");
        CHECK(at(5459) == "127.0.0.1:7001");
    }
    SUBCASE("a failed primary's slots are unserved") {
        auto failed = arr({shard({num(0), num(99)}, {shard_node("127.0.0.1", 7001, "master", "failed")}),
                           shard({num(100), num(16383)}, {shard_node("127.0.0.1", 7002, "master")})});
        auto t = parse_cluster_shards(failed);
        REQUIRE(t);
        CHECK_FALSE(t->covers_all());
        CHECK(t->unserved() == 100);
        CHECK(t->owner(0) == SlotTable::none);
    }
    SUBCASE("slots no shard lists are unserved") {
        auto partial = arr({shard({num(0), num(8191)}, {shard_node("10.0.0.1", 6379, "master")})});
        auto t = parse_cluster_shards(partial);
        REQUIRE(t);
        CHECK(t->unserved() == 8192);
    }
    SUBCASE("what is not a CLUSTER SHARDS answer is refused") {
        CHECK_FALSE(parse_cluster_shards(err("ERR This instance has cluster support disabled")));
        CHECK_FALSE(parse_cluster_shards(str("OK")));
        CHECK_FALSE(parse_cluster_shards(arr({arr({str("slots"), arr({num(0)}), str("nodes"), arr({})})})));
        CHECK_FALSE(parse_cluster_shards(arr({shard({num(5), num(2)}, {shard_node("h", 1, "master")})})));
        CHECK_FALSE(parse_cluster_shards(arr({shard({num(0), num(16384)}, {shard_node("h", 1, "master")})})));
        CHECK_FALSE(parse_cluster_shards(arr({shard({num(0), num(1)}, {shard_node("h", 0, "master")})})));
    }
}

TEST_CASE("redirects: MOVED, ASK, TRYAGAIN and CLUSTERDOWN are read from error replies") {
    auto moved = parse_redirect(err("MOVED 3999 127.0.0.1:6381"));
    CHECK(moved.kind == Redirect::Kind::moved);
    CHECK(moved.slot == 3999);
    CHECK(moved.node == NodeAddress{"127.0.0.1", 6381});
    auto ask = parse_redirect(err("ASK 12182 ::1:7002"));
    CHECK(ask.kind == Redirect::Kind::ask);
    CHECK(ask.node == NodeAddress{"::1", 7002});  // an IPv6 host keeps its colons
    CHECK(parse_redirect(err("TRYAGAIN Multiple keys request during rehashing of slot")).kind ==
          Redirect::Kind::try_again);
    CHECK(parse_redirect(err("CLUSTERDOWN Hash slot not served")).kind == Redirect::Kind::cluster_down);
    CHECK(parse_redirect(err("ERR unknown command")).kind == Redirect::Kind::none);
    CHECK(parse_redirect(err("MOVED 99999 127.0.0.1:6381")).kind == Redirect::Kind::none);
    CHECK(parse_redirect(err("MOVED 12 nowhere")).kind == Redirect::Kind::none);
    CHECK(parse_redirect(str("MOVED 1 h:1")).kind == Redirect::Kind::none);  // not an error
}

TEST_CASE("redirect handling: resend, ask, back off within the timeout, give up") {
    using K = RouteDecider::Step::Kind;
    RouteDecider route;
    SUBCASE("an answer is done") { CHECK(route.decide(str("OK"), 3000ms, 10ms).kind == K::done); }
    SUBCASE("a script's own error is done too (it is the answer)") {
        CHECK(route.decide(err("ERR expired"), 3000ms, 10ms).kind == K::done);
    }
    SUBCASE("MOVED resends to the new owner and refreshes the table") {
        auto step = route.decide(err("MOVED 7 127.0.0.1:7002"), 3000ms, 10ms);
        CHECK(step.kind == K::resend);
        CHECK(step.node.text() == "127.0.0.1:7002");
        CHECK(step.refresh_topology);
    }
    SUBCASE("ASK resends once with ASKING, and the table stays") {
        auto step = route.decide(err("ASK 7 127.0.0.1:7003"), 3000ms, 10ms);
        CHECK(step.kind == K::resend_asking);
        CHECK(step.node.text() == "127.0.0.1:7003");
        CHECK_FALSE(step.refresh_topology);
    }
    SUBCASE("redirect hops are bounded") {
        for (int i = 0; i < 5; ++i) CHECK(route.decide(err("MOVED 7 127.0.0.1:7002"), 3000ms, 10ms).kind == K::resend);
        auto step = route.decide(err("MOVED 7 127.0.0.1:7001"), 3000ms, 10ms);
        CHECK(step.kind == K::give_up);
        CHECK(step.why.find("redirects") != std::string::npos);
    }
    SUBCASE("TRYAGAIN waits while the timeout allows, then gives up") {
        auto step = route.decide(err("TRYAGAIN Multiple keys request during rehashing of slot"), 3000ms, 40ms);
        CHECK(step.kind == K::wait_and_resend);
        CHECK(step.wait == 40ms);
        auto late = route.decide(err("TRYAGAIN Multiple keys request during rehashing of slot"), 30ms, 40ms);
        CHECK(late.kind == K::give_up);
        CHECK(late.why.find("moving") != std::string::npos);
    }
    SUBCASE("a slot moving key by key: ASK, TRYAGAIN, wait, ASK ... is not a redirect loop") {
        for (int i = 0; i < 20; ++i) {
            CHECK(route.decide(err("ASK 7 127.0.0.1:7003"), 3000ms, 10ms).kind == K::resend_asking);
            CHECK(route.decide(err("TRYAGAIN Multiple keys"), 3000ms, 10ms).kind == K::wait_and_resend);
        }
    }
    SUBCASE("CLUSTERDOWN waits and refreshes the table") {
        auto step = route.decide(err("CLUSTERDOWN The cluster is down"), 3000ms, 10ms);
        CHECK(step.kind == K::wait_and_resend);
        CHECK(step.refresh_topology);
    }
}

TEST_CASE("RESP: commands are arrays of bulk strings, replies are read from partial bytes") {
    std::string out;
    append_command(out, {"SET", "k", "a b\r\n"});
    CHECK(out == "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\na b\r\n\r\n");
    append_command(out, {"GET", ""});
    CHECK(out.ends_with("*2\r\n$3\r\nGET\r\n$0\r\n\r\n"));

    RespReader reader;
    std::string wire = "+OK\r\n:42\r\n$-1\r\n*3\r\n$8\r\nsmessage\r\n$2\r\nch\r\n$5\r\nhello\r\n-MOVED 1 h:2\r\n";
    for (char c : wire.substr(0, 20)) reader.feed(std::string_view(&c, 1));  // a byte at a time
    reader.feed(wire.substr(20));
    auto ok = reader.next();
    REQUIRE(ok);
    CHECK(ok->kind == RedisReply::Kind::status);
    CHECK(ok->str == "OK");
    auto n = reader.next();
    REQUIRE(n);
    CHECK(n->as_int() == 42);
    auto nil = reader.next();
    REQUIRE(nil);
    CHECK(nil->is_nil());
    auto push = reader.next();
    REQUIRE(push);
    REQUIRE(push->elements.size() == 3);
    CHECK(push->elements[0].str == "smessage");
    CHECK(push->elements[2].str == "hello");
    auto moved = reader.next();
    REQUIRE(moved);
    CHECK(moved->is_error());
    CHECK(moved->str == "MOVED 1 h:2");
    CHECK_FALSE(reader.next());
    reader.feed("*2\r\n:1\r\n");  // half an array
    CHECK_FALSE(reader.next());
    reader.feed(":2\r\n");
    auto pair = reader.next();
    REQUIRE(pair);
    CHECK(pair->elements.size() == 2);

    RespReader garbage;
    garbage.feed("HTTP/1.1 400 Bad Request\r\n");
    CHECK_FALSE(garbage.next());
    CHECK_FALSE(garbage.error().empty());
}

TEST_CASE("clock offset: TIME's answer at the round trip's midpoint, a slow answer keeps the last") {
    using Clock = ClockOffset::Clock;
    ClockOffset clock;
    auto sent = Clock::time_point(std::chrono::seconds(1'000'000));
    // Redis says 1,000,002.5 s at our 1,000,000.010 s (the midpoint of a 20 ms round trip).
    CHECK_FALSE(clock.observe(sent, sent + 20ms, 1'000'002, 510'000));
    CHECK(clock.offset() == 2500ms);
    CHECK(clock.redis_ms(sent) == 1'000'002'500);
    // Answered after 300 ms: too coarse to measure, the offset stays.
    CHECK_FALSE(clock.observe(sent, sent + 300ms, 1'000'009, 0));
    CHECK(clock.offset() == 2500ms);
    // A clock step is reported.
    auto jump = clock.observe(sent, sent + 2ms, 1'000'000, 1000);
    REQUIRE(jump);
    CHECK(*jump == -2500ms);
    CHECK(clock.offset() == 0ms);
}
