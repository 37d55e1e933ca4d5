// What the manager's console changes: team settings, a rep's name and role, pairs; and what it
// reads in bulk (several weeks' check-ins). Every change publishes a notice from its script.
#include <nlohmann/json.hpp>

#include "store/keys.hpp"
#include "store/redis_args.hpp"
#include "store/store.hpp"
#include "store/team_json.hpp"

namespace wp::store {

using domain::Errc;
using domain::Error;

Task<domain::Team> Store::update_team(const domain::Team& team) {
    auto reply = co_await eval("update_team", args(keys::fence(team.id), keys::team(team.id)),
                               args(stored_json(team).dump(), keys::changes(team.id)));
    if (!reply) co_return reply.error();
    auto done = reply->as_int();
    if (!done) co_return Error{Errc::unavailable, "Redis answered update_team unexpectedly: " + reply->str};
    if (*done == 0) co_return Error{Errc::not_found, "no team '" + team.id + "'"};
    teams_.insert_or_assign(team.id, team);
    co_return team;
}

Task<domain::Rep> Store::update_rep(std::string_view team_id, std::string_view rep_id, std::string_view name,
                                    std::optional<domain::Role> role) {
    // Named first: g++ 12 destroys a conditional's temporary twice inside a co_await expression.
    std::string role_text;
    if (role) role_text = domain::to_string(*role);
    auto reply = co_await eval("update_rep",
                               args(keys::fence(team_id), keys::rep(team_id, rep_id), keys::names(team_id),
                                    keys::pairs(team_id)),
                               args(std::string(rep_id), std::string(name), role_text, keys::changes(team_id)));
    if (!reply) co_return reply.error();
    if (reply->is_nil())
        co_return Error{Errc::not_found, "no rep '" + std::string(rep_id) + "' in team '" + std::string(team_id) + "'"};
    if (reply->kind != RedisReply::Kind::array || reply->elements.size() != 2)
        co_return Error{Errc::unavailable, "Redis answered update_rep unexpectedly: " + reply->str};
    auto now_role = domain::parse_role(reply->elements[1].str);
    co_return domain::Rep{std::string(rep_id), std::string(team_id), reply->elements[0].str,
                          now_role ? *now_role : domain::Role::rep};
}

Task<std::monostate> Store::delete_pair(std::string_view team_id, std::string_view pair_id) {
    auto reply = co_await eval("delete_pair", args(keys::fence(team_id), keys::pairs(team_id)),
                               args(std::string(pair_id), keys::changes(team_id)));
    if (!reply) co_return reply.error();
    auto done = reply->as_int();
    if (!done) co_return Error{Errc::unavailable, "Redis answered delete_pair unexpectedly: " + reply->str};
    if (*done == 0) co_return Error{Errc::not_found, "no pair '" + std::string(pair_id) + "' in team '" + std::string(team_id) + "'"};
    co_return std::monostate{};
}

Task<std::vector<nlohmann::json>> Store::checkins(std::string_view team_id, const std::vector<std::string>& week_keys) {
    std::vector<nlohmann::json> weeks;
    if (week_keys.empty()) co_return weeks;
    std::vector<std::string> hashes;
    for (const auto& w : week_keys) hashes.push_back(keys::checkins(team_id, w));
    auto reply = co_await eval("read_checkins", hashes, {});
    if (!reply) co_return reply.error();
    if (reply->kind != RedisReply::Kind::array || reply->elements.size() != week_keys.size())
        co_return Error{Errc::unavailable, "Redis answered read_checkins unexpectedly: " + reply->str};
    for (const auto& week : reply->elements) {
        auto by_rep = nlohmann::json::object();
        for (std::size_t i = 0; i + 1 < week.elements.size(); i += 2) {
            auto parsed = nlohmann::json::parse(week.elements[i + 1].str, nullptr, false);
            if (!parsed.is_discarded()) by_rep[week.elements[i].str] = std::move(parsed);
        }
        weeks.push_back(std::move(by_rep));
    }
    co_return weeks;
}

}  // namespace wp::store
