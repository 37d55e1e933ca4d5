#include "domain/team.hpp"

#include <algorithm>
#include <cstddef>
#include <set>

namespace wp::domain {
namespace {

constexpr std::size_t max_id_length = 32;
constexpr std::size_t max_name_length = 60;  // code points, not bytes

bool is_id_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// Decodes the code point at `pos` and advances past it. Nothing for what is not well-formed
// UTF-8 (Unicode table 3-7): stray continuation bytes, overlong forms, surrogates, code points
// beyond U+10FFFF and truncated sequences.
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& pos) {
    const auto byte_at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte_at(pos);
    std::size_t length = 0;
    char32_t code_point = 0;
    if (lead < 0x80) {
        ++pos;
        return lead;
    } else if (lead >= 0xC2 && lead <= 0xDF) {  // 0xC0 and 0xC1 could only start overlong forms
        length = 2;
        code_point = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code_point = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        code_point = lead & 0x07u;
    } else {
        return std::nullopt;
    }
    if (pos + length > text.size()) return std::nullopt;
    for (std::size_t i = 1; i < length; ++i) {
        const unsigned char continuation = byte_at(pos + i);
        if ((continuation & 0xC0u) != 0x80u) return std::nullopt;
        code_point = (code_point << 6) | (continuation & 0x3Fu);
    }
    const bool overlong =
        (length == 3 && code_point < 0x800) || (length == 4 && code_point < 0x10000);
    const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
    if (overlong || surrogate || code_point > 0x10FFFF) return std::nullopt;
    pos += length;
    return code_point;
}

// C0, DEL and C1 controls, and the line and paragraph separators: none belongs in a one-line
// name on a wall display.
bool is_control(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
}

// Unicode's White_Space characters that are not controls: a name of only these looks empty.
bool is_white_space(char32_t c) {
    return c == 0x20 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

}  // namespace

std::string_view to_string(Role r) {
    switch (r) {
        case Role::rep: return "rep";
        case Role::admin: return "admin";
        case Role::display: return "display";
    }
    return "unknown";
}

Result<Role> parse_role(std::string_view text) {
    for (Role r : {Role::rep, Role::admin, Role::display})
        if (to_string(r) == text) return r;
    return bad_request("role: rep, admin or display");
}

std::vector<Metric> default_metrics() {
    return {{"calls", "Calls"}, {"appointments", "Appointments"}, {"proposals", "Proposals"}};
}

bool Team::has_metric(std::string_view metric) const {
    return std::any_of(metrics.begin(), metrics.end(),
                       [&](const Metric& m) { return m.id == metric; });
}

bool is_valid_id(std::string_view id) {
    return !id.empty() && id.size() <= max_id_length &&
           std::all_of(id.begin(), id.end(), is_id_char);
}

bool is_valid_name(std::string_view name) { return is_valid_text(name, max_name_length); }

bool is_valid_text(std::string_view name, std::size_t max_chars) {
    std::size_t length = 0;
    bool only_white_space = true;
    for (std::size_t pos = 0; pos < name.size();) {
        const auto c = next_code_point(name, pos);
        if (!c || is_control(*c) || ++length > max_chars) return false;
        only_white_space = only_white_space && is_white_space(*c);
    }
    return length > 0 && !only_white_space;
}

Status check_id(std::string_view field, std::string_view id) {
    if (is_valid_id(id)) return ok();
    return bad_request(std::string(field) + ": 1-32 characters of [a-z0-9_-]");
}

Status check_name(std::string_view field, std::string_view name) {
    if (is_valid_name(name)) return ok();
    return bad_request(std::string(field) + ": 1-60 printable characters");
}

namespace {
Status check_metrics(const std::vector<Metric>& metrics) {
    if (metrics.empty() || metrics.size() > max_metrics) return bad_request("metrics: 1-20 of them");
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < metrics.size(); ++i) {
        const std::string field = "metrics[" + std::to_string(i) + "]";
        if (auto checked = check_id(field + ".id", metrics[i].id); !checked) return checked.error();
        if (metrics[i].id == reserved_metric)
            return bad_request(field + ".id: 'points' is reserved for the weighted points board");
        if (auto checked = check_name(field + ".label", metrics[i].label); !checked)
            return checked.error();
        if (!seen.insert(metrics[i].id).second)
            return bad_request("metrics: '" + metrics[i].id + "' appears more than once");
    }
    return ok();
}
}  // namespace

Result<Team> make_team(std::string id, std::string name, std::string tz, WeekStart week_start,
                       std::vector<Metric> metrics) {
    if (auto checked = check_id("id", id); !checked) return checked.error();
    if (auto checked = check_name("name", name); !checked) return checked.error();
    if (auto calendar = Calendar::make(tz, week_start); !calendar) return calendar.error();

    if (metrics.empty()) metrics = default_metrics();
    if (auto checked = check_metrics(metrics); !checked) return checked.error();
    return Team{std::move(id), std::move(name), std::move(tz), week_start, std::move(metrics), {}};
}

Result<Team> with_metrics(const Team& team, std::vector<Metric> active) {
    if (auto checked = check_metrics(active); !checked) return checked.error();
    auto listed = [&](const Metric& m) {
        return std::any_of(active.begin(), active.end(), [&](const Metric& a) { return a.id == m.id; });
    };
    Team next = team;
    next.retired.clear();
    for (const auto& m : team.metrics)
        if (!listed(m)) next.retired.push_back(m);
    for (const auto& m : team.retired)
        if (!listed(m)) next.retired.push_back(m);
    next.metrics = std::move(active);
    return next;
}

}  // namespace wp::domain
