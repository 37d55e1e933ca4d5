#pragma once
// The score audit (GET /api/v1/reps/REP/activities, protocol.md "Fair scoring"): the activities
// behind a count, newest first, each with its time, delta, source and metric (and, where the
// count is in points, its points). routes_scoring.cpp answers a board cell and a range of weeks;
// challenge_audit.cpp a rep's score in a challenge (`?challenge=ID`).
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/context.hpp"
#include "api/router.hpp"
#include "store/store.hpp"

namespace wp::api {

// An audit lists at most this many activities: more than a rep logs in a year.
inline constexpr std::size_t max_audit_rows = 10000;

// The list of `rows` (oldest first) newest first and what it adds up to: Σ delta, or with
// `points` Σ worth(metric) × delta, each item carrying its points.
template <class Worth>
std::pair<nlohmann::json, std::int64_t> audit_items(const std::vector<store::ActivityRow>& rows, bool points,
                                                    const Worth& worth) {
    nlohmann::json list = nlohmann::json::array();
    std::int64_t listed = 0;
    for (auto r = rows.rbegin(); r != rows.rend(); ++r) {
        nlohmann::json item{{"id", r->id}, {"at", r->at}, {"delta", r->delta}, {"source", r->source}, {"metric", r->metric}};
        std::int64_t value = r->delta;
        if (points) {
            value = static_cast<std::int64_t>(worth(r->metric)) * r->delta;
            item["points"] = value;
        }
        listed += value;
        list.push_back(std::move(item));
    }
    return {std::move(list), listed};
}

// ?challenge=ID: the activities behind `rep`'s score in the challenge (call.params["rep"]).
asio::awaitable<HttpAnswer> challenge_audit(Context& ctx, const HttpCall& call, const std::string& id);

}  // namespace wp::api
