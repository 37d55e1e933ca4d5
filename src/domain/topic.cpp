#include "domain/topic.hpp"

#include <utility>

namespace wp::domain {

namespace {
template <class... F>
struct overloaded : F... {
    using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

const char* const topic_list =
    "leaderboard:METRIC:PERIOD, pairs:METRIC:PERIOD, pair:ID, challenge:ID, challenges:me, challenges:team, feed, team, display:me, review";

// "METRIC:PERIOD" after a board's prefix ("leaderboard:" or "pairs:").
Result<std::pair<std::string, Period>> board_of(std::string_view prefix, std::string_view rest, const Team& team) {
    auto colon = rest.find(':');
    auto period = colon == std::string_view::npos ? std::nullopt : parse_period(rest.substr(colon + 1));
    if (!period)
        return bad_request("topic: " + std::string(prefix) + "METRIC:PERIOD with PERIOD day, week, month, quarter or all");
    auto metric = rest.substr(0, colon);
    if (!team.has_metric(metric))
        return Error{Errc::not_found, "topic: '" + std::string(metric) + "' is not one of this team's metrics"};
    return std::pair{std::string(metric), *period};
}
}  // namespace

Result<Topic> parse_topic(std::string_view text, const Team& team, std::string_view rep) {
    for (std::string_view prefix : {"leaderboard:", "pairs:"})
        if (text.starts_with(prefix)) {
            auto board = board_of(prefix, text.substr(prefix.size()), team);
            if (!board) return board.error();
            if (prefix == "pairs:") return Topic{topic::PairBoard{board->first, board->second}};
            return Topic{topic::Board{board->first, board->second}};
        }
    if (text == "feed") return Topic{topic::Feed{}};
    if (text == "challenges:me") return Topic{topic::MyChallenges{std::string(rep)}};
    if (text == "team") return Topic{topic::TeamView{std::string(rep)}};
    if (text == "display:me") return Topic{topic::DisplayMe{std::string(rep)}};
    if (text == "challenges:team") return Topic{topic::TeamChallenges{}};
    if (text == "review") return Topic{topic::Review{}};
    for (std::string_view prefix : {"challenge:", "pair:"})
        if (text.starts_with(prefix)) {
            auto id = text.substr(prefix.size());
            if (!is_valid_id(id)) return bad_request("topic: " + std::string(prefix) + "ID with an id of [a-z0-9_-]");
            if (prefix == "pair:") return Topic{topic::PairCard{std::string(id)}};
            return Topic{topic::Challenge{std::string(id)}};
        }
    return Error{Errc::not_found, "topic: no topic '" + std::string(text) + "' (" + topic_list + ")"};
}

std::string wire_name(const Topic& t) {
    return std::visit(overloaded{
                          [](const topic::Board& b) { return "leaderboard:" + b.metric + ":" + std::string(to_string(b.period)); },
                          [](const topic::PairCard& p) { return "pair:" + p.pair; },
                          [](const topic::Challenge& c) { return "challenge:" + c.id; },
                          [](const topic::MyChallenges&) { return std::string("challenges:me"); },
                          [](const topic::Feed&) { return std::string("feed"); },
                          [](const topic::TeamView&) { return std::string("team"); },
                          [](const topic::PairBoard& b) { return "pairs:" + b.metric + ":" + std::string(to_string(b.period)); },
                          [](const topic::DisplayMe&) { return std::string("display:me"); },
                          [](const topic::TeamChallenges&) { return std::string("challenges:team"); },
                          [](const topic::Review&) { return std::string("review"); },
                      },
                      t);
}

std::string key_of(const Topic& t) {
    if (auto* mine = std::get_if<topic::MyChallenges>(&t)) return "challenges:" + mine->rep;
    if (auto* view = std::get_if<topic::TeamView>(&t)) return "team:" + view->rep;
    if (auto* display = std::get_if<topic::DisplayMe>(&t)) return "display:" + display->rep;
    return wire_name(t);
}

}  // namespace wp::domain
