#include "e2e/fixture.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

namespace wp::e2e {

test::RedisServer& shared_redis() {
    static test::RedisServer redis;
    return redis;
}

namespace {
json post(int port, const std::string& path, const json& body) {
    auto r = test::http_request(port, "POST", path, body.dump(), test::WolfpackServer::admin_token);
    INFO(path << " -> " << r.status << " " << r.body);
    REQUIRE(r.status == 201);
    return r.json_body();
}
}  // namespace

TeamSetup make_team(int port, const std::string& id, const std::string& tz) {
    TeamSetup team{id, {}};
    post(port, "/api/v1/teams", {{"id", id}, {"name", "Team " + id}, {"tz", tz}});
    for (auto [rep, role] : std::vector<std::pair<std::string, std::string>>{
             {"natalie", "rep"}, {"jake", "rep"}, {"priya", "rep"}, {"boss", "admin"}, {"wall", "display"}}) {
        auto added = post(port, "/api/v1/teams/" + id + "/reps", {{"id", rep}, {"name", rep}, {"role", role}});
        team.tokens[rep] = added["token"].get<std::string>();
    }
    post(port, "/api/v1/teams/" + id + "/pairs", {{"reps", {"natalie", "jake"}}});
    return team;
}

json leaderboard(int port, const std::string& token, const std::string& metric, const std::string& period) {
    auto r = test::http_request(port, "GET", "/api/v1/leaderboard?metric=" + metric + "&period=" + period, "", token);
    INFO(r.body);
    REQUIRE(r.status == 200);
    auto data = r.json_body();
    REQUIRE(test::frame_violation({{"type", "snapshot"}, {"topic", "leaderboard:" + metric + ":" + period},
                                   {"seq", 1}, {"data", data}}) == "");
    return data;
}

long long count_of(const json& board, const std::string& rep) {
    for (const auto& row : board["rows"])
        if (row["rep"] == rep) return row["count"].get<long long>();
    return 0;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::pair<int, std::string> run_wolfpack(std::vector<std::string> args, std::map<std::string, std::string> env) {
    auto dir = test::temp_dir("wp-run");
    args.insert(args.begin(), wp::test::wolfpack_binary());
    test::ChildProcess p;
    p.start(args, dir + "/out.log", std::move(env));
    int status = p.wait(10s);
    return {status, read_file(dir + "/out.log")};
}

json update_of(test::WsClient& ws, const std::string& topic, const std::function<bool(const json&)>& match) {
    return ws.wait_for([&](const json& f) { return f["type"] == "update" && f["topic"] == topic && match(f["data"]); });
}

void log_http(int port, const std::string& token, const std::string& metric, const std::string& id, int delta,
              const std::string& at) {
    json body{{"metric", metric}, {"id", id}, {"delta", delta}};
    if (!at.empty()) body["at"] = at;
    auto r = test::http_request(port, "POST", "/api/v1/activities", body.dump(), token);
    INFO(body.dump() << " -> " << r.body);
    REQUIRE(r.status == 201);
}

ServerCase::ServerCase() {
    shared_redis().flushall();
    server = std::make_unique<test::WolfpackServer>(shared_redis().url(),
                                                    std::vector<std::string>{"--set", "live.coalesce_ms=20"});
}

}  // namespace wp::e2e
