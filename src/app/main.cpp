// wolfpack: serve | config | admin ... | demo-sim
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

#include "app/commands.hpp"

extern char** environ;

namespace {

std::map<std::string, std::string> wolfpack_environment() {
    std::map<std::string, std::string> env;
    for (char** e = environ; *e; ++e) {
        std::string_view kv(*e);
        if (!kv.starts_with("WOLFPACK_")) continue;
        auto eq = kv.find('=');
        env.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
    }
    return env;
}

}  // namespace

int main(int argc, char** argv) {
    // hiredis writes to its socket with write(2): a Redis that dies mid-write must give EPIPE,
    // not kill the server with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    CLI::App cli{"Wolfpack: live sales-activity leaderboards and head-to-head challenges"};
    cli.require_subcommand(1);
    std::string config_file;
    std::map<std::string, std::string> overrides;
    std::vector<std::string> sets;
    std::string port, address, redis_url, redis_cluster, data_dir, web_root, admin_token, log_level;
    cli.add_option("-c,--config", config_file, "JSON config file (see config/wolfpack.json)");
    cli.add_option("--port", port, "listen.port");
    cli.add_option("--address", address, "listen.address");
    cli.add_option("--redis-url", redis_url, "redis.url (redis://host:port/db or unix:///path)");
    cli.add_option("--redis-cluster", redis_cluster, "redis.cluster (a Redis Cluster's seed nodes: host:port,host:port)");
    cli.add_option("--data-dir", data_dir, "data_dir (embedded Redis, lock)");
    cli.add_option("--web-root", web_root, "web_root");
    cli.add_option("--admin-token", admin_token, "admin_token");
    cli.add_option("--log-level", log_level, "log.level");
    cli.add_option("--set", sets, "any config key: --set live.coalesce_ms=50");
    cli.fallthrough();

    auto* serve_cmd = cli.add_subcommand("serve", "run the server");
    auto* config_cmd = cli.add_subcommand("config", "print the effective configuration (file < WOLFPACK_* < flags)");

    auto* admin_cmd = cli.add_subcommand("admin", "administer teams, reps, tokens and pairs");
    admin_cmd->require_subcommand(1);
    std::vector<wp::app::AdminCall> calls;
    std::string a_team, a_id, a_name, a_tz, a_week_start = "monday", a_role = "rep", base_url;
    std::vector<std::string> a_metrics, a_pair;
    auto* team_cmd = admin_cmd->add_subcommand("team", "teams")->require_subcommand(1);
    auto* team_create = team_cmd->add_subcommand("create", "create a team");
    team_create->add_option("--id", a_id)->required();
    team_create->add_option("--name", a_name)->required();
    team_create->add_option("--tz", a_tz, "IANA time zone, e.g. Europe/London")->required();
    team_create->add_option("--week-start", a_week_start, "monday or sunday");
    team_create->add_option("--metric", a_metrics, "id:Label (repeat; default calls, appointments, proposals)");
    auto* team_show = team_cmd->add_subcommand("show", "show a team, its reps and pairs");
    team_show->add_option("team", a_team)->required();
    auto* rep_cmd = admin_cmd->add_subcommand("rep", "reps and their tokens")->require_subcommand(1);
    auto* rep_add = rep_cmd->add_subcommand("add", "add a rep; prints its token once");
    rep_add->add_option("--team", a_team)->required();
    rep_add->add_option("--id", a_id)->required();
    rep_add->add_option("--name", a_name)->required();
    rep_add->add_option("--role", a_role, "rep, admin or display");
    auto* rep_token = rep_cmd->add_subcommand("token", "issue a new token; the old one stops working");
    rep_token->add_option("--team", a_team)->required();
    rep_token->add_option("--id", a_id)->required();
    auto* rep_invite = rep_cmd->add_subcommand("invite", "print a one-time sign-in link (an earlier unused one stops working)");
    rep_invite->add_option("--team", a_team)->required();
    rep_invite->add_option("--id", a_id)->required();
    rep_invite->add_option("--base-url", base_url, "where browsers reach the server");
    auto* rep_delete = rep_cmd->add_subcommand("delete", "delete a rep (history stays)");
    rep_delete->add_option("--team", a_team)->required();
    rep_delete->add_option("--id", a_id)->required();
    auto* pair_cmd = admin_cmd->add_subcommand("pair", "prospecting partners")->require_subcommand(1);
    auto* pair_add = pair_cmd->add_subcommand("add", "pair two reps");
    pair_add->add_option("--team", a_team)->required();
    pair_add->add_option("reps", a_pair, "two rep ids")->required()->expected(2);
    auto* demo_cmd = admin_cmd->add_subcommand("demo", "create or refresh the demo team; print its invite links");
    base_url = "http://localhost:8080";
    demo_cmd->add_option("--base-url", base_url, "where browsers reach the server");
    auto* setup_cmd = admin_cmd->add_subcommand("setup-link", "print a one-time link that sets up a new team in the browser");
    setup_cmd->add_option("--base-url", base_url, "where browsers reach the server");

    auto* sim_cmd = cli.add_subcommand("demo-sim", "generate plausible activity for a team");
    std::string sim_team = "demo";
    double per_minute = 30, seconds = 0;
    bool include_partners = false;
    sim_cmd->add_option("--team", sim_team);
    sim_cmd->add_option("--per-minute", per_minute, "activities a minute across the team");
    sim_cmd->add_option("--seconds", seconds, "stop after this long (0: run until stopped)");
    sim_cmd->add_flag("--include-partners", include_partners, "also log for reps who are in a pair");

    CLI11_PARSE(cli, argc, argv);

    if (!port.empty()) overrides["listen.port"] = port;
    if (!address.empty()) overrides["listen.address"] = address;
    if (!redis_url.empty()) overrides["redis.url"] = redis_url;
    if (!redis_cluster.empty()) overrides["redis.cluster"] = redis_cluster;
    if (!data_dir.empty()) overrides["data_dir"] = data_dir;
    if (!web_root.empty()) overrides["web_root"] = web_root;
    if (!admin_token.empty()) overrides["admin_token"] = admin_token;
    if (!log_level.empty()) overrides["log.level"] = log_level;
    for (const auto& s : sets) {
        auto eq = s.find('=');
        if (eq == std::string::npos) {
            std::cerr << "wolfpack: --set takes key=value, got '" << s << "'\n";
            return 2;
        }
        overrides[s.substr(0, eq)] = s.substr(eq + 1);
    }
    auto config = wp::app::Config::load(config_file, wolfpack_environment(), overrides);
    if (!config) {
        std::cerr << "wolfpack: " << config.error().message << "\n";
        return 2;
    }
    if (config_cmd->parsed()) {
        std::cout << config->effective.dump(2) << "\n";
        return 0;
    }
    wp::app::setup_logging(*config);

    if (serve_cmd->parsed()) return wp::app::serve(*config);
    if (sim_cmd->parsed()) return wp::app::demo_sim(*config, sim_team, per_minute, seconds, include_partners);
    if (demo_cmd->parsed()) return wp::app::admin_demo(*config, base_url);
    if (setup_cmd->parsed()) return wp::app::setup_link(*config, base_url);
    nlohmann::json body;
    if (team_create->parsed()) {
        body = {{"id", a_id}, {"name", a_name}, {"tz", a_tz}, {"week_start", a_week_start}};
        for (const auto& m : a_metrics) {
            auto colon = m.find(':');
            body["metrics"].push_back({{"id", m.substr(0, colon)},
                                       {"label", colon == std::string::npos ? m : m.substr(colon + 1)}});
        }
        calls.push_back({"POST", "/api/v1/teams", body.dump()});
    } else if (team_show->parsed()) {
        calls.push_back({"GET", "/api/v1/teams/" + a_team, ""});
    } else if (rep_add->parsed()) {
        body = {{"id", a_id}, {"name", a_name}, {"role", a_role}};
        calls.push_back({"POST", "/api/v1/teams/" + a_team + "/reps", body.dump()});
    } else if (rep_token->parsed()) {
        calls.push_back({"POST", "/api/v1/teams/" + a_team + "/reps/" + a_id + "/token", ""});
    } else if (rep_invite->parsed()) {
        calls.push_back({"POST", "/api/v1/teams/" + a_team + "/reps/" + a_id + "/invite", ""});
    } else if (rep_delete->parsed()) {
        calls.push_back({"DELETE", "/api/v1/teams/" + a_team + "/reps/" + a_id, ""});
    } else if (pair_add->parsed()) {
        body = {{"reps", a_pair}};
        calls.push_back({"POST", "/api/v1/teams/" + a_team + "/pairs", body.dump()});
    }
    return wp::app::admin(*config, calls, base_url);
}
