#pragma once
// Teams, reps and their validation rules (protocol.md "Administration").
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/result.hpp"
#include "domain/work_week.hpp"

namespace wp::domain {

enum class Role { rep, admin, display };
std::string_view to_string(Role r);
Result<Role> parse_role(std::string_view text);  // bad_request "role: rep, admin or display"

struct Metric {
    std::string id;     // an id: 1-32 of [a-z0-9_-]
    std::string label;  // a name: 1-60 printable characters
    friend bool operator==(const Metric&, const Metric&) = default;
};

std::vector<Metric> default_metrics();  // calls "Calls", appointments "Appointments", proposals "Proposals"

// Weekly matchups (protocol.md "Pairs first"): at each week start the team's pairs meet by round
// robin in a `most` challenge of this metric.
struct Matchups {
    std::string metric;
    friend bool operator==(const Matchups&, const Matchups&) = default;
};

struct Team {
    std::string id;
    std::string name;
    std::string tz;
    WeekStart week_start = WeekStart::monday;
    std::vector<Metric> metrics;  // active, in the team's order (pads, boards, the funnel)
    std::vector<Metric> retired;  // off the pads and boards, history kept; revived when listed again
    WorkWeek work_week = {};      // working days and quiet hours: when the wall dims, the review's day, pace
    // Weights of the points board (domain/points.hpp): metric -> 0..1000; absent weighs 1. Kept
    // for a retired metric, which weighs nothing until revived.
    std::map<std::string, int, std::less<>> points = {};
    std::optional<Matchups> matchups{};  // none: no weekly draw

    bool has_metric(std::string_view metric) const;
};

struct Rep {
    std::string id;
    std::string team;
    std::string name;
    Role role = Role::rep;
    bool on_wall = true;  // false: the rep chose to be left out of what displays show
};

// Ids of teams, reps, pairs, challenges and metrics: 1-32 characters of [a-z0-9_-].
bool is_valid_id(std::string_view id);
// Names and labels: 1-60 characters (UTF-8 code points) with no control characters, not only
// white space; invalid UTF-8 is rejected. Controls are C0, DEL, C1 and the line and paragraph
// separators U+2028/U+2029; white space is Unicode's White_Space (U+0020, U+00A0, U+3000...).
bool is_valid_name(std::string_view name);
// The same rules for a longer text (an announcement): 1-max_chars code points.
bool is_valid_text(std::string_view text, std::size_t max_chars);

Status check_id(std::string_view field, std::string_view id);      // "FIELD: 1-32 characters of [a-z0-9_-]"
Status check_name(std::string_view field, std::string_view name);  // "FIELD: 1-60 printable characters"

inline constexpr std::size_t max_metrics = 20;  // a team's metrics
// Boards of weighted points use this name in place of a metric id.
inline constexpr std::string_view reserved_metric = "points";

// Validates every field (id, name, tz known to the tz database, metrics: 1-20 of them, valid
// and unique ids, valid labels; empty metrics means the defaults) and returns the team.
Result<Team> make_team(std::string id, std::string name, std::string tz, WeekStart week_start,
                       std::vector<Metric> metrics);

// The team with a new ordered list of active metrics (the same rules as make_team's, and at
// least one): an active metric left out is retired, a retired one listed again is revived
// (with the label given now), so no history is ever orphaned.
Result<Team> with_metrics(const Team& team, std::vector<Metric> active);

}  // namespace wp::domain
