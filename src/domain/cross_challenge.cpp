#include "domain/cross_challenge.hpp"

#include "domain/points.hpp"

namespace wp::domain {

Result<ChallengeDraft> make_cross_challenge(const Team& home, const Team& away, const Calendar& calendar,
                                            const std::string& creator, const ChallengeRequest& request,
                                            const std::string& partner, TimePoint now) {
    if (request.kind == "target") return bad_request("kind: most or race with a partner in another team");
    if (request.metric == reserved_metric)
        return bad_request("metric: points weigh differently in each team; pick a metric both teams have");
    if (!away.has_metric(request.metric) && home.has_metric(request.metric))
        return bad_request("metric: '" + request.metric + "' is not one of the partner's team's metrics");
    // The partner is not in the creator's team (and may even share the creator's id): the common
    // rules are checked with a stand-in for them.
    const std::string stand_in = creator == "partner" ? "partner2" : "partner";
    auto checked = request;
    checked.participants = {stand_in};
    auto draft = make_challenge(home, calendar, creator, checked, now, {creator, stand_in});
    if (!draft) return draft.error();
    draft->participants = {creator, partner};
    return draft;
}

}  // namespace wp::domain
