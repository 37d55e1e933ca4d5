#pragma once
// Where the hub's topic data comes from: implemented by api/, which knows what each topic
// holds; the hub only knows when to read and whom to send to.
#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "domain/topic.hpp"
#include "live/subscriber.hpp"

namespace wp::live {

class TopicSource {
public:
    virtual ~TopicSource() = default;
    // The full state of `topic` of `team`, as the snapshot's `data`. Runs on the hub's loop.
    virtual boost::asio::awaitable<domain::Result<nlohmann::json>> read(const std::string& team,
                                                                       const domain::Topic& topic) = 0;
    // The topics a change notice (published by the store) makes stale.
    virtual domain::Touched touched(const std::string& team, const nlohmann::json& notice) = 0;
    // Whether this instance hears the team's notices from now on (it listens only for teams
    // someone here is connected to): what the source caches of a team it does not hear may go
    // stale unnoticed. true also after a gap, when notices may have been missed.
    virtual void hearing(const std::string& team, bool heard) = 0;
    // The other teams whose notices show on `team`'s topics (the teams of its partners across
    // teams): an instance connected to `team` hears them too.
    virtual boost::asio::awaitable<std::vector<std::string>> companions(const std::string& team) = 0;
    // Whether the connection's sign-in still holds, with the role it connected with: asked when
    // a revoke notice for it may have been missed (it was heard, or its team's notices did not
    // reach this instance, between its authentication and its attach). An error: Redis away.
    virtual boost::asio::awaitable<domain::Result<bool>> signed_in(const Subscriber& s) = 0;
};

}  // namespace wp::live
