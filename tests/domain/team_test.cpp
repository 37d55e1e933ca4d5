// Teams, reps and the validation of ids and names.
#include "domain/team.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

using namespace wp::domain;

std::string repeat(std::string_view piece, std::size_t times) {
    std::string text;
    for (std::size_t i = 0; i < times; ++i) text += piece;
    return text;
}

// A printable name for a subcase, whatever bytes the input holds.
std::string escaped(std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "'";
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7F) {
            out += c;
        } else {
            out += "\\x";
            out += hex[byte >> 4];
            out += hex[byte & 0x0F];
        }
    }
    return out + "' (" + std::to_string(text.size()) + " bytes)";
}

std::vector<Metric> numbered_metrics(std::size_t count) {
    std::vector<Metric> metrics;
    for (std::size_t i = 0; i < count; ++i)
        metrics.push_back({"m" + std::to_string(i), "Metric " + std::to_string(i)});
    return metrics;
}

}  // namespace

TEST_CASE("ids: 1-32 characters of [a-z0-9_-]") {
    struct Row {
        std::string id;
        bool valid;
    };
    const std::vector<Row> rows{
        {"", false},
        {"a", true},
        {"0", true},
        {"_", true},
        {"-", true},
        {"natalie", true},
        {"jake-2", true},
        {"team_42", true},
        {"abcdefghijklmnopqrstuvwxyz0123456789_-", false},  // 38
        {repeat("a", 31), true},
        {repeat("a", 32), true},
        {repeat("a", 33), false},
        {repeat("a", 1000), false},
        {"Natalie", false},
        {"natalie.k", false},
        {"a b", false},
        {" a", false},
        {"a ", false},
        {"a/b", false},
        {"a:b", false},  // would break Redis key layout
        {"{t}", false},  // would change the Cluster hash tag
        {"a*", false},
        {"a\n", false},
        {"a\t", false},
        {std::string("a\0b", 3), false},
        {"\xc3\xa9", false},  // é
        {"caf\xc3\xa9", false},
        {"\xff", false},
    };
    for (const auto& row : rows) {
        SUBCASE(escaped(row.id).c_str()) {
            CHECK(is_valid_id(row.id) == row.valid);
            const auto checked = check_id("rep", row.id);
            CHECK(checked.has_value() == row.valid);
            if (!row.valid) {
                CHECK(checked.error().code == Errc::bad_request);
                CHECK(checked.error().message == "rep: 1-32 characters of [a-z0-9_-]");
            }
        }
    }
}

TEST_CASE("names: 1-60 printable code points") {
    struct Row {
        std::string name;
        bool valid;
    };
    const std::vector<Row> rows{
        {"", false},
        {"N", true},
        {"Natalie", true},
        {"Natalie K.", true},
        {"  Jake  ", true},  // surrounding spaces are the caller's to trim
        {"O'Brien-Smith", true},
        {"<script>", true},  // harmless: pages use textContent
        {repeat("a", 59), true},
        {repeat("a", 60), true},
        {repeat("a", 61), false},
        // Length counts code points, not bytes.
        {repeat("\xc3\xa9", 60), true},                 // é, 2 bytes: 120 bytes
        {repeat("\xc3\xa9", 61), false},
        {repeat("\xe2\x82\xac", 60), true},             // €, 3 bytes: 180 bytes
        {repeat("\xe2\x82\xac", 61), false},
        {repeat("\xf0\x9f\x90\xba", 60), true},         // 🐺, 4 bytes: 240 bytes
        {repeat("\xf0\x9f\x90\xba", 61), false},
        {repeat("a", 59) + "\xf0\x9f\x90\xba", true},
        {repeat("a", 60) + "\xf0\x9f\x90\xba", false},
        {"Bj\xc3\xb6rk", true},
        {"\xe5\xb0\x8f\xe7\x8b\xbc", true},             // 小狼
        {"\xd0\x92\xd0\xbe\xd0\xbb\xd0\xba", true},     // Волк
        {"\xef\xbf\xbd", true},                         // U+FFFD
        {"\xf4\x8f\xbf\xbf", true},                     // U+10FFFF, the last code point
        {"\xee\x80\x80", true},                         // U+E000, private use
        // Control characters: C0, DEL, C1, line and paragraph separators.
        {std::string("a\0b", 3), false},
        {"a\tb", false},
        {"a\nb", false},
        {"a\rb", false},
        {"\x1b[31mred", false},
        {"a\x1f", false},
        {"a\x7f", false},
        {"a\xc2\x80", false},                           // U+0080
        {"a\xc2\x85", false},                           // U+0085, next line
        {"a\xc2\x9f", false},                           // U+009F
        {"a\xc2\xa0" "b", true},                        // U+00A0 is a space, not a control
        {"a\xe2\x80\xa8" "b", false},                   // U+2028
        {"a\xe2\x80\xa9" "b", false},                   // U+2029
        // Only white space.
        {" ", false},
        {"   ", false},
        {repeat(" ", 60), false},
        {"\xc2\xa0", false},                            // no-break space
        {"\xe3\x80\x80", false},                        // ideographic space
        {"\xe2\x80\x83\xe2\x80\xaf", false},            // em space, narrow no-break space
        {" \xc2\xa0 x", true},
        // Invalid UTF-8.
        {"\x80", false},                                // a lone continuation byte
        {"a\xbf", false},
        {"\xc3", false},                                // truncated
        {"\xe2\x82", false},
        {"\xf0\x9f\x90", false},
        {"\xc3(", false},                               // a bad continuation
        {"\xe2(\xac", false},
        {"\xc0\xaf", false},                            // overlong "/"
        {"\xc1\xbf", false},
        {"\xe0\x80\xaf", false},
        {"\xe0\x9f\xbf", false},                        // overlong U+07FF
        {"\xf0\x80\x80\xaf", false},
        {"\xf0\x8f\xbf\xbf", false},                    // overlong U+FFFF
        {"\xed\xa0\x80", false},                        // U+D800, a surrogate
        {"\xed\xbf\xbf", false},                        // U+DFFF
        {"\xed\x9f\xbf", true},                         // U+D7FF, just below them
        {"\xf4\x90\x80\x80", false},                    // U+110000
        {"\xf5\x80\x80\x80", false},
        {"\xf8\x88\x80\x80\x80", false},                // 5-byte form
        {"\xfe", false},
        {"\xff", false},
        {"Natalie\xff", false},
    };
    for (const auto& row : rows) {
        SUBCASE(escaped(row.name).c_str()) {
            CHECK(is_valid_name(row.name) == row.valid);
            const auto checked = check_name("name", row.name);
            CHECK(checked.has_value() == row.valid);
            if (!row.valid) {
                CHECK(checked.error().code == Errc::bad_request);
                CHECK(checked.error().message == "name: 1-60 printable characters");
            }
        }
    }
}

TEST_CASE("roles") {
    for (const auto& [role, name] : std::vector<std::pair<Role, std::string_view>>{
             {Role::rep, "rep"}, {Role::admin, "admin"}, {Role::display, "display"}}) {
        SUBCASE(std::string(name).c_str()) {
            CHECK(to_string(role) == name);
            const auto parsed = parse_role(name);
            REQUIRE(parsed.has_value());
            CHECK(*parsed == role);
        }
    }
    for (std::string_view bad : {"", "Rep", "ADMIN", "owner", "manager", "displays", " rep"}) {
        SUBCASE(("rejects '" + std::string(bad) + "'").c_str()) {
            const auto parsed = parse_role(bad);
            REQUIRE_FALSE(parsed.has_value());
            CHECK(parsed.error().code == Errc::bad_request);
            CHECK(parsed.error().message == "role: rep, admin or display");
        }
    }
    CHECK(Rep{}.role == Role::rep);
}

TEST_CASE("default metrics") {
    const std::vector<Metric> expected{
        {"calls", "Calls"}, {"appointments", "Appointments"}, {"proposals", "Proposals"}};
    CHECK(default_metrics() == expected);
    for (const auto& metric : default_metrics()) {
        CHECK(is_valid_id(metric.id));
        CHECK(is_valid_name(metric.label));
    }
}

TEST_CASE("Team::has_metric") {
    Team team{"sales", "Sales", "Europe/London", WeekStart::monday, default_metrics(), {}};
    CHECK(team.has_metric("calls"));
    CHECK(team.has_metric("appointments"));
    CHECK(team.has_metric("proposals"));
    CHECK_FALSE(team.has_metric("Calls"));
    CHECK_FALSE(team.has_metric("call"));
    CHECK_FALSE(team.has_metric(""));
    team.metrics.clear();
    CHECK_FALSE(team.has_metric("calls"));
}

TEST_CASE("make_team builds a valid team") {
    SUBCASE("default metrics when none are given") {
        const auto team = make_team("sales", "Sales Floor", "Europe/London", WeekStart::monday, {});
        REQUIRE(team.has_value());
        CHECK(team->id == "sales");
        CHECK(team->name == "Sales Floor");
        CHECK(team->tz == "Europe/London");
        CHECK(team->week_start == WeekStart::monday);
        CHECK(team->metrics == default_metrics());
    }
    SUBCASE("own metrics, in the order given") {
        const std::vector<Metric> metrics{{"qualified_leads", "Qualified leads"},
                                          {"forward_appointments", "Forward appointments"}};
        const auto team =
            make_team("syd", "Sydney", "Australia/Sydney", WeekStart::sunday, metrics);
        REQUIRE(team.has_value());
        CHECK(team->week_start == WeekStart::sunday);
        CHECK(team->metrics == metrics);
    }
    SUBCASE("1 and 20 metrics") {
        for (std::size_t count : {std::size_t{1}, max_metrics}) {
            CAPTURE(count);
            const auto metrics = numbered_metrics(count);
            const auto team = make_team("t", "T", "UTC", WeekStart::monday, metrics);
            REQUIRE(team.has_value());
            CHECK(team->metrics.size() == count);
        }
    }
}

TEST_CASE("make_team rejects each invalid field") {
    struct Row {
        const char* name;
        std::string id = "sales";
        std::string team_name = "Sales";
        std::string tz = "Europe/London";
        std::vector<Metric> metrics = {};
        std::string message;
    };
    const std::vector<Row> rows{
        {.name = "empty id", .id = "", .message = "id: 1-32 characters of [a-z0-9_-]"},
        {.name = "upper-case id", .id = "Sales", .message = "id: 1-32 characters of [a-z0-9_-]"},
        {.name = "33-character id", .id = repeat("s", 33),
         .message = "id: 1-32 characters of [a-z0-9_-]"},
        {.name = "empty name", .team_name = "", .message = "name: 1-60 printable characters"},
        {.name = "blank name", .team_name = "   ", .message = "name: 1-60 printable characters"},
        {.name = "61-character name", .team_name = repeat("x", 61),
         .message = "name: 1-60 printable characters"},
        {.name = "name with a newline", .team_name = "Sales\nFloor",
         .message = "name: 1-60 printable characters"},
        {.name = "unknown tz", .tz = "Mars/Olympus_Mons",
         .message = "tz: unknown time zone 'Mars/Olympus_Mons'"},
        {.name = "empty tz", .tz = "", .message = "tz: unknown time zone ''"},
        {.name = "lower-case tz", .tz = "europe/london",
         .message = "tz: unknown time zone 'europe/london'"},
        {.name = "server-local tz", .tz = "localtime",
         .message = "tz: unknown time zone 'localtime'"},
        {.name = "21 metrics", .metrics = numbered_metrics(21), .message = "metrics: 1-20 of them"},
        {.name = "duplicate metric id",
         .metrics = {{"calls", "Calls"}, {"emails", "Emails"}, {"calls", "More calls"}},
         .message = "metrics: 'calls' appears more than once"},
        {.name = "invalid metric id",
         .metrics = {{"calls", "Calls"}, {"Emails", "Emails"}},
         .message = "metrics[1].id: 1-32 characters of [a-z0-9_-]"},
        {.name = "empty metric id", .metrics = {{"", "Calls"}},
         .message = "metrics[0].id: 1-32 characters of [a-z0-9_-]"},
        {.name = "empty metric label", .metrics = {{"calls", ""}},
         .message = "metrics[0].label: 1-60 printable characters"},
        {.name = "61-character metric label",
         .metrics = {{"calls", "Calls"}, {"emails", "Emails"}, {"demos", repeat("d", 61)}},
         .message = "metrics[2].label: 1-60 printable characters"},
        // The first failing rule is the one reported, in field order.
        {.name = "every field wrong", .id = "", .team_name = "", .tz = "",
         .metrics = {{"", ""}}, .message = "id: 1-32 characters of [a-z0-9_-]"},
        {.name = "name and tz wrong", .team_name = "", .tz = "",
         .message = "name: 1-60 printable characters"},
    };
    for (const auto& row : rows) {
        SUBCASE(row.name) {
            const auto team =
                make_team(row.id, row.team_name, row.tz, WeekStart::monday, row.metrics);
            REQUIRE_FALSE(team.has_value());
            CHECK(team.error().code == Errc::bad_request);
            CHECK(team.error().message == row.message);
        }
    }
}

TEST_CASE("with_metrics: reorder, rename, retire and revive without losing a metric") {
    auto team = make_team("sales", "Sales", "Europe/London", WeekStart::monday, {});
    REQUIRE(team.has_value());
    SUBCASE("reorder and rename") {
        auto next = with_metrics(*team, {{"proposals", "Proposals sent"}, {"calls", "Dials"}, {"appointments", "Appointments"}});
        REQUIRE(next.has_value());
        CHECK(next->metrics == std::vector<Metric>{{"proposals", "Proposals sent"}, {"calls", "Dials"}, {"appointments", "Appointments"}});
        CHECK(next->retired.empty());
    }
    SUBCASE("retire, then revive with a new label") {
        auto retired = with_metrics(*team, {{"calls", "Calls"}});
        REQUIRE(retired.has_value());
        CHECK(retired->retired == std::vector<Metric>{{"appointments", "Appointments"}, {"proposals", "Proposals"}});
        auto revived = with_metrics(*retired, {{"calls", "Calls"}, {"proposals", "Offers"}, {"qualified_leads", "Qualified leads"}});
        REQUIRE(revived.has_value());
        CHECK(revived->metrics.size() == 3);
        CHECK(revived->retired == std::vector<Metric>{{"appointments", "Appointments"}});
    }
    SUBCASE("the rules of make_team, at least one, and 'points' reserved") {
        struct Case { std::vector<Metric> metrics; const char* message; };
        for (const auto& c : std::vector<Case>{
                 {{}, "metrics: 1-20 of them"},
                 {numbered_metrics(21), "metrics: 1-20 of them"},
                 {{{"calls", "Calls"}, {"calls", "Again"}}, "metrics: 'calls' appears more than once"},
                 {{{"Calls", "Calls"}}, "metrics[0].id: 1-32 characters of [a-z0-9_-]"},
                 {{{"calls", ""}}, "metrics[0].label: 1-60 printable characters"},
                 {{{"calls", "Calls"}, {"points", "Points"}}, "metrics[1].id: 'points' is reserved for the weighted points board"}}) {
            auto next = with_metrics(*team, c.metrics);
            REQUIRE_FALSE(next.has_value());
            CHECK(next.error().message == c.message);
        }
        CHECK_FALSE(make_team("t", "T", "UTC", WeekStart::monday, {{"points", "Points"}}).has_value());
    }
}
