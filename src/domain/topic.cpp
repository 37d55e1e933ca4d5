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
    "leaderboard:METRIC:PERIOD, leaderboard:METRIC:PERIOD:pct, pairs:METRIC:PERIOD, around:METRIC:PERIOD, improved:METRIC, "
    "pair:ID, challenge:ID, challenges:me, challenges:team, targets:me, feed, team, display:me, review";
const char* const period_rule = "with PERIOD day, week, month, quarter or all";

// "METRIC:PERIOD" of a board topic; `points` names the weighted board when `points_ok`.
Result<std::pair<std::string, Period>> board_of(std::string_view rest, const Team& team, std::string_view shape,
                                                bool points_ok) {
    auto colon = rest.find(':');
    auto period = colon == std::string_view::npos ? std::nullopt : parse_period(rest.substr(colon + 1));
    if (!period) return bad_request("topic: " + std::string(shape) + " " + period_rule);
    auto metric = rest.substr(0, colon);
    if (!(points_ok && metric == reserved_metric) && !team.has_metric(metric))
        return Error{Errc::not_found, "topic: '" + std::string(metric) + "' is not one of this team's metrics"};
    return std::pair{std::string(metric), *period};
}

Error own_only(std::string_view shape) {
    return bad_request("topic: " + std::string(shape) + " is a person's own; a display has none");
}
}  // namespace

Result<Topic> parse_topic(std::string_view text, const Team& team, std::string_view rep, bool display) {
    if (text.starts_with("leaderboard:") && text.size() > 16 && text.ends_with(":pct")) {
        auto board = board_of(text.substr(12, text.size() - 16), team, "leaderboard:METRIC:PERIOD:pct", false);
        if (!board) return board.error();
        if (board->second == Period::quarter || board->second == Period::all)
            return bad_request("topic: leaderboard:METRIC:PERIOD:pct with PERIOD day, week or month (the periods of targets)");
        return Topic{topic::PctBoard{board->first, board->second, display}};
    }
    if (text.starts_with("leaderboard:")) {
        auto board = board_of(text.substr(12), team, "leaderboard:METRIC:PERIOD", true);
        if (!board) return board.error();
        return Topic{topic::Board{board->first, board->second, display}};
    }
    if (text.starts_with("pairs:")) {
        auto board = board_of(text.substr(6), team, "pairs:METRIC:PERIOD", false);
        if (!board) return board.error();
        return Topic{topic::PairBoard{board->first, board->second}};
    }
    if (text.starts_with("around:")) {
        auto board = board_of(text.substr(7), team, "around:METRIC:PERIOD", true);
        if (!board) return board.error();
        if (display) return own_only("around:METRIC:PERIOD");
        return Topic{topic::Around{board->first, board->second, std::string(rep)}};
    }
    if (text.starts_with("improved:")) {
        auto metric = text.substr(9);
        if (metric != reserved_metric && !team.has_metric(metric))
            return Error{Errc::not_found, "topic: '" + std::string(metric) + "' is not one of this team's metrics"};
        return Topic{topic::Improved{std::string(metric), display}};
    }
    if (text == "targets:me") {
        if (display) return own_only("targets:me");
        return Topic{topic::MyTargets{std::string(rep)}};
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
                          [](const topic::PctBoard& b) {
                              return "leaderboard:" + b.metric + ":" + std::string(to_string(b.period)) + ":pct";
                          },
                          [](const topic::Around& a) { return "around:" + a.metric + ":" + std::string(to_string(a.period)); },
                          [](const topic::Improved& i) { return "improved:" + i.metric; },
                          [](const topic::MyTargets&) { return std::string("targets:me"); },
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
    if (auto* near = std::get_if<topic::Around>(&t)) return wire_name(t) + ":" + near->rep;
    if (auto* targets = std::get_if<topic::MyTargets>(&t)) return "targets:" + targets->rep;
    // A display's view of a board is another topic than a rep's.
    auto wall = std::visit(overloaded{[](const topic::Board& b) { return b.wall; },
                                      [](const topic::PctBoard& b) { return b.wall; },
                                      [](const topic::Improved& i) { return i.wall; },
                                      [](const auto&) { return false; }},
                           t);
    return wall ? wire_name(t) + "@wall" : wire_name(t);
}

std::string group_of(const Topic& t) {
    return std::holds_alternative<topic::Around>(t) ? wire_name(t) : std::string();
}

}  // namespace wp::domain
