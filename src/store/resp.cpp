#include "store/resp.hpp"

#include <hiredis/hiredis.h>

#include <new>
#include <stdexcept>

namespace wp::store {

namespace {
RedisReply copy_reply(const redisReply* r) {
    RedisReply out;
    switch (r->type) {
        case REDIS_REPLY_INTEGER:
            out.kind = RedisReply::Kind::integer;
            out.integer = r->integer;
            break;
        case REDIS_REPLY_STRING:
            out.kind = RedisReply::Kind::string;
            out.str.assign(r->str, r->len);
            break;
        case REDIS_REPLY_STATUS:
            out.kind = RedisReply::Kind::status;
            out.str.assign(r->str, r->len);
            break;
        case REDIS_REPLY_ERROR:
            out.kind = RedisReply::Kind::error;
            out.str.assign(r->str, r->len);
            break;
        case REDIS_REPLY_ARRAY:
            out.kind = RedisReply::Kind::array;
            out.elements.reserve(r->elements);
            for (size_t i = 0; i < r->elements; ++i) out.elements.push_back(copy_reply(r->element[i]));
            break;
        default:
            out.kind = RedisReply::Kind::nil;
    }
    return out;
}
}  // namespace

void append_command(std::string& out, const std::vector<std::string>& args) {
    out += '*';
    out += std::to_string(args.size());
    out += "\r\n";
    for (const auto& a : args) {
        out += '$';
        out += std::to_string(a.size());
        out += "\r\n";
        out += a;
        out += "\r\n";
    }
}

RespReader::RespReader() : reader_(redisReaderCreate()) {
    if (!reader_) throw std::bad_alloc();
}

RespReader::~RespReader() { redisReaderFree(reader_); }

void RespReader::feed(std::string_view bytes) {
    if (!error_.empty()) return;
    if (redisReaderFeed(reader_, bytes.data(), bytes.size()) != REDIS_OK) error_ = "out of memory reading a reply";
}

std::optional<RedisReply> RespReader::next() {
    if (!error_.empty()) return std::nullopt;
    void* raw = nullptr;
    if (redisReaderGetReply(reader_, &raw) != REDIS_OK) {
        error_ = reader_->errstr[0] ? reader_->errstr : "protocol error";
        return std::nullopt;
    }
    if (!raw) return std::nullopt;
    auto* reply = static_cast<redisReply*>(raw);
    auto out = copy_reply(reply);
    freeReplyObject(reply);
    return out;
}

std::optional<std::int64_t> RedisReply::as_int() const {
    if (kind == Kind::integer) return integer;
    if (kind != Kind::string || str.empty()) return std::nullopt;
    try {
        size_t used = 0;
        // ZSCORE answers with a double's text ("3" or "3.0000"), so read as double.
        double v = std::stod(str, &used);
        if (used != str.size()) return std::nullopt;
        return static_cast<std::int64_t>(v);
    } catch (...) {
        return std::nullopt;
    }
}

}  // namespace wp::store
