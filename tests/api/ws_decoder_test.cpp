// api::WsDecoder: a WebSocket message parsed and checked against proto/ on its session's loop,
// answered there when invalid (with the error protocol.md names, counted for /metrics), else
// handed on whole for the home loop's handler. Every loop decodes at once, so it must not race.
#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "api/ws_decoder.hpp"

using namespace wp;
using nlohmann::json;

namespace {
struct Decoding {
    api::MessageCounts counts;
    api::WsDecoder decoder{api::Schemas::instance(), counts};

    // The error frame a message is answered with (fails the test when it decodes).
    json refusal(const std::string& text) {
        auto decoded = decoder.decode(text);
        auto* frame = std::get_if<live::Frame>(&decoded);
        REQUIRE(frame != nullptr);
        return json::parse(**frame);
    }
};
}  // namespace

TEST_CASE("ws decoder: a valid message is handed on whole, with its type and req, and counted by type") {
    Decoding d;
    auto decoded = d.decoder.decode(R"({"type":"log","metric":"calls","id":"x1","delta":2,"req":7})");
    auto* message = std::get_if<api::WsMessage>(&decoded);
    REQUIRE(message != nullptr);
    CHECK(message->type == "log");
    CHECK(message->req == 7);
    CHECK(message->body["delta"] == 2);
    CHECK(d.counts.messages("log") == 1);
    CHECK(d.counts.errors("bad_request") == 0);
}

TEST_CASE("ws decoder: malformed JSON, a bad envelope, an unknown type and a schema failure are answered bad_request") {
    Decoding d;
    auto malformed = d.refusal("{not json");
    CHECK(malformed["code"] == "bad_request");
    CHECK(malformed["message"] == "malformed JSON");
    CHECK_FALSE(malformed.contains("req"));

    auto no_type = d.refusal(R"({"req":"a1"})");
    CHECK(no_type["code"] == "bad_request");
    CHECK(no_type["req"] == "a1");  // an echoable req is echoed
    auto long_req = d.refusal(R"({"req":")" + std::string(65, 'r') + R"("})");
    CHECK_FALSE(long_req.contains("req"));  // one the envelope refuses is not

    auto unknown = d.refusal(R"({"type":"teleport","req":3})");
    CHECK(unknown["message"] == "type: unknown message type 'teleport'");
    CHECK(unknown["req"] == 3);
    CHECK(d.counts.messages("unknown") == 1);

    auto bad_delta = d.refusal(R"({"type":"log","metric":"calls","id":"x1","delta":0,"req":4})");
    CHECK(bad_delta["code"] == "bad_request");
    CHECK(bad_delta["req"] == 4);
    CHECK(bad_delta["message"].get<std::string>().find("delta") != std::string::npos);
    CHECK(d.counts.messages("log") == 1);  // its type is known: counted as a log
    CHECK(d.counts.errors("bad_request") == 5);
    CHECK(d.counts.render().find("wolfpack_errors_total{code=\"bad_request\"} 5") != std::string::npos);
}

TEST_CASE("ws decoder: loops decoding at once count every message and agree on every answer") {
    Decoding d;
    constexpr int per_thread = 2000;
    std::vector<std::thread> loops;
    std::vector<int> valid(4, 0);
    for (int t = 0; t < 4; ++t)
        loops.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) {
                auto text = i % 2 ? R"({"type":"log","metric":"calls","id":"x)" + std::to_string(i) + R"("})"
                                  : R"({"type":"log","metric":"Calls!","id":"x1"})";
                if (std::holds_alternative<api::WsMessage>(d.decoder.decode(text))) ++valid[t];
            }
        });
    for (auto& loop : loops) loop.join();
    for (int n : valid) CHECK(n == per_thread / 2);
    CHECK(d.counts.messages("log") == 4 * per_thread);
    CHECK(d.counts.errors("bad_request") == 4 * per_thread / 2);
}
