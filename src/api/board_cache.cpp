#include "api/board_cache.hpp"

#include <algorithm>

namespace wp::api {

const store::Board* BoardCache::find(const std::string& team, const std::string& metric,
                                     const std::string& period_key, std::size_t rows, Clock::time_point now) const {
    auto t = teams_.find(team);
    if (t == teams_.end()) return nullptr;
    auto e = t->second.find(Key{metric, period_key});
    if (e == t->second.end() || e->second.rows < rows || now - e->second.read_at >= max_age_) return nullptr;
    if (auto h = heard_.find(team); h != heard_.end() && e->second.board.version < h->second) return nullptr;
    return &e->second.board;
}

void BoardCache::put(const std::string& team, const std::string& metric, const std::string& period_key,
                     store::Board board, std::size_t rows, Clock::time_point read_at) {
    if (auto h = heard_.find(team); h != heard_.end() && board.version < h->second) return;
    teams_[team].insert_or_assign(Key{metric, period_key}, Entry{std::move(board), rows, read_at});
}

std::size_t BoardCache::size(const std::string& team) const {
    auto t = teams_.find(team);
    return t == teams_.end() ? 0 : t->second.size();
}

namespace {
// ZREVRANGE's order: the count descending, then the rep id descending.
bool before(const store::BoardRow& a, const store::BoardRow& b) {
    return a.count != b.count ? a.count > b.count : a.rep > b.rep;
}

// The rep's new count on the board held; false when the rows held may no longer be its top.
bool patch(store::Board& board, std::size_t asked, const std::string& rep, std::int64_t count, std::int64_t total) {
    board.total = total;
    bool complete = board.rows.size() < asked;  // the read got every rep on the board
    auto row = std::find_if(board.rows.begin(), board.rows.end(), [&](const auto& r) { return r.rep == rep; });
    if (row != board.rows.end()) {
        // Down past the last row held: a rep not held may now be above it.
        if (!complete && count < row->count && count <= board.rows.back().count) return false;
        row->count = count;
    } else {
        board.rows.push_back({rep, rep, count});  // names come from the roster
    }
    std::sort(board.rows.begin(), board.rows.end(), before);
    if (board.rows.size() > asked) board.rows.resize(asked);
    return true;
}
}  // namespace

void BoardCache::apply(const std::string& team, const nlohmann::json& notice, Clock::time_point now) {
    if (notice.value("kind", "") != "activity") return;
    auto v = notice.find("v");
    auto boards = notice.find("boards");
    if (v == notice.end() || !v->is_number_unsigned() || boards == notice.end() || !boards->is_array()) {
        forget(team);  // a log without versioned counts (an older server's): read them all again
        return;
    }
    const auto version = v->get<std::uint64_t>();
    if (auto h = heard_.find(team); h != heard_.end() && version < h->second)
        forget(team);  // the version went back (Redis restarted on older data): trust nothing held
    heard_.insert_or_assign(team, version);
    auto t = teams_.find(team);
    if (t == teams_.end()) return;
    const auto metric = notice.value("metric", ""), rep = notice.value("rep", "");
    auto& held = t->second;
    for (auto e = held.begin(); e != held.end();) {
        auto& board = e->second.board;
        if (now - e->second.read_at >= max_age_) {
            e = held.erase(e);
            continue;
        }
        if (version <= board.version) {  // the read came after this log
            ++e;
            continue;
        }
        bool ok = version == board.version + 1;  // else a gap: logs were missed
        if (ok && e->first.first == metric)
            for (const auto& b : *boards)
                if (b.is_array() && b.size() == 3 && b[0].is_string() && b[0].get_ref<const std::string&>() == e->first.second &&
                    b[1].is_number_integer() && b[2].is_number_integer())
                    ok = patch(board, e->second.rows, rep, b[1].get<std::int64_t>(), b[2].get<std::int64_t>());
        if (!ok) {
            e = held.erase(e);
            continue;
        }
        board.version = version;
        ++e;
    }
}

}  // namespace wp::api
