// Fair scoring's half of the Store: whole boards in one round trip, targets, and who is hidden
// from the wall.
#include <nlohmann/json.hpp>

#include "store/keys.hpp"
#include "store/redis_args.hpp"
#include "store/redis_errors.hpp"
#include "store/store.hpp"
#include "store/targets_json.hpp"

namespace wp::store {

using domain::Errc;
using domain::Error;

namespace {
constexpr int target_write_attempts = 5;
}  // namespace

Task<std::vector<Standings>> Store::standings(std::string_view team_id, const std::vector<BoardName>& boards) {
    std::vector<Standings> out;
    if (boards.empty()) co_return out;
    std::vector<std::string> ks;
    for (const auto& b : boards) ks.push_back(keys::board(team_id, b.metric, b.period_key));
    for (const auto& b : boards) ks.push_back(keys::board_total(team_id, b.metric, b.period_key));
    auto reply = co_await eval("read_boards", ks, {});
    if (!reply) co_return reply.error();
    if (reply->kind != RedisReply::Kind::array) co_return unexpected_reply("read_boards", *reply);
    const auto& e = reply->elements;
    std::size_t i = 0;
    for (std::size_t b = 0; b < boards.size(); ++b) {
        if (i + 2 > e.size()) co_return unexpected_reply("read_boards", *reply);
        Standings s;
        s.total = e[i].as_int().value_or(0);
        auto n = static_cast<std::size_t>(e[i + 1].as_int().value_or(0));
        i += 2;
        if (i + 2 * n > e.size()) co_return unexpected_reply("read_boards", *reply);
        for (std::size_t k = 0; k < n; ++k, i += 2) s.rows.push_back({e[i].str, e[i + 1].as_int().value_or(0)});
        out.push_back(std::move(s));
    }
    co_return out;
}

Task<TeamTargets> Store::targets(std::string_view team_id) {
    auto reply = co_await command(args("HGETALL", keys::targets(team_id)));
    if (!reply) co_return reply.error();
    TeamTargets out;
    for (std::size_t i = 0; i + 1 < reply->elements.size(); i += 2) {
        auto parsed = nlohmann::json::parse(reply->elements[i + 1].str, nullptr, false);
        auto targets = targets_from_json(parsed);
        if (!targets.empty()) out.emplace(reply->elements[i].str, std::move(targets));
    }
    co_return out;
}

Task<domain::Targets> Store::change_targets(const domain::Team& team, std::string_view rep_id,
                                            const domain::TargetChanges& changes) {
    const auto hash = keys::targets(team.id);
    for (int attempt = 0; attempt < target_write_attempts; ++attempt) {
        auto read = co_await command(args("HGET", hash, std::string(rep_id)));
        if (!read) co_return read.error();
        const std::string before = read->is_nil() ? std::string() : read->str;
        auto next = domain::with_targets(team, targets_from_json(nlohmann::json::parse(before, nullptr, false)), changes);
        if (!next) co_return next.error();
        const std::string after = next->empty() ? std::string() : to_json(*next).dump();
        auto written = co_await eval("set_targets", args(keys::fence(team.id), hash, keys::rep(team.id, rep_id)),
                                     args(std::string(rep_id), before, after, keys::changes(team.id)));
        if (!written) co_return written.error();
        auto code = written->as_int();
        if (!code) co_return unexpected_reply("set_targets", *written);
        if (*code == 0) co_return Error{Errc::not_found, "rep: no rep '" + std::string(rep_id) + "' in this team"};
        if (*code == 1) co_return *next;
        // Someone else changed them between the read and the write: apply ours to theirs.
    }
    co_return Error{Errc::unavailable, "targets: changed by others too often at once; send again"};
}

Task<std::monostate> Store::set_wall(std::string_view team_id, std::string_view rep_id, bool shown) {
    const std::string flag = shown ? "1" : "0";  // named: see update_rep on g++ 12 and co_await
    auto reply = co_await eval("set_wall", args(keys::fence(team_id), keys::rep(team_id, rep_id)), args(flag, keys::changes(team_id)));
    if (!reply) co_return reply.error();
    auto code = reply->as_int();
    if (!code) co_return unexpected_reply("set_wall", *reply);
    if (*code == 0) co_return Error{Errc::not_found, "rep: no rep '" + std::string(rep_id) + "' in this team"};
    co_return std::monostate{};
}

}  // namespace wp::store
