#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <filesystem>
#include <iostream>
#include <optional>
#include <random>
#include <set>
#include <cstring>

#include "api/api.hpp"
#include "app/commands.hpp"
#include "app/embedded_redis.hpp"
#include "store/redis_client.hpp"
#include "store/store.hpp"

namespace wp::app {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

const api::Caller server_admin{{"admin", "", "server admin", domain::Role::admin}, true};

// The Redis a command-line tool should use: redis.url, the socket of a running server's
// embedded Redis, or an embedded Redis started for the duration of the command.
struct AdminRedis {
    std::optional<EmbeddedRedis> embedded;
    std::string url;
};

domain::Status admin_redis(const Config& config, AdminRedis& r) {
    if (!config.redis_url.empty() || !config.redis_cluster.empty()) return domain::ok();
    r.embedded.emplace(EmbeddedRedisOptions{config.data_dir, config.redis_binary, config.redis_appendfsync});
    auto started = r.embedded->start();
    if (started) {
        r.url = r.embedded->url();
        return domain::ok();
    }
    if (started.error().code == domain::Errc::conflict) {
        // A server runs on this data dir: talk to its Redis.
        r.embedded.reset();
        r.url = "unix://" + EmbeddedRedis::socket_path_for(config.data_dir);
        return domain::ok();
    }
    return started.error();
}

template <class Work>
int with_api(const Config& config, Work work) {
    AdminRedis redis;
    if (auto found = admin_redis(config, redis); !found) {
        std::cerr << "wolfpack: " << found.error().message << "\n";
        return 1;
    }
    auto target = config.redis_target(redis.url);
    if (!target) {
        std::cerr << "wolfpack: " << target.error().message << "\n";
        return 2;
    }
    asio::io_context io(1);
    int code = 1;
    {
        store::RedisClient commands(io.get_executor(), *target);
        store::Store store(commands, config.store);
        auto options = config.api;
        options.server_version = "admin";
        api::Api api(store, options);
        commands.start();
        asio::co_spawn(io, [&]() -> asio::awaitable<void> {
            if (!co_await commands.wait_ready(std::chrono::seconds(5))) {
                std::cerr << "wolfpack: cannot reach Redis at " << target->describe()
                          << "; start the server or fix redis.url / redis.cluster\n";
            } else {
                code = co_await work(api);
            }
            commands.stop();
        }, [&](std::exception_ptr e) {
            if (e) try { std::rethrow_exception(e); } catch (const std::exception& ex) {
                std::cerr << "wolfpack: " << ex.what() << "\n";
            }
            io.stop();
        });
        io.run();
    }
    return code;
}

struct DemoPerson { std::string id, name, role; };

// g++ 12 cannot keep a local array in a coroutine frame ("array used as initializer").
const std::vector<DemoPerson>& demo_people() {
    static const std::vector<DemoPerson> people{
        {"natalie", "Natalie", "rep"}, {"jake", "Jake", "rep"},   {"priya", "Priya", "rep"},
        {"marcus", "Marcus", "rep"},   {"sofia", "Sofia", "rep"}, {"tom", "Tom", "rep"},
        {"manager", "Morgan (manager)", "admin"}, {"wall", "Sales floor wall", "display"}};
    return people;
}

const std::vector<std::pair<std::string, std::string>>& demo_pairs() {
    static const std::vector<std::pair<std::string, std::string>> pairs{{"natalie", "jake"}, {"priya", "marcus"}};
    return pairs;
}

api::HttpRequest request_of(const AdminCall& call, const std::string& base_url) {
    return {call.method, call.path, {}, call.body, "", "", base_url};
}

}  // namespace

int admin(const Config& config, const std::vector<AdminCall>& calls, const std::string& base_url) {
    return with_api(config, [&](api::Api& api) -> asio::awaitable<int> {
        for (const auto& call : calls) {
            auto answer = co_await api.handle_http_as(server_admin, request_of(call, base_url));
            if (answer.status >= 300) {
                std::cerr << "wolfpack: " << answer.status << " " << answer.body << "\n";
                co_return 1;
            }
            if (!answer.body.empty()) std::cout << json::parse(answer.body).dump(2) << "\n";
        }
        co_return 0;
    });
}

int setup_link(const Config& config, const std::string& base_url) {
    return with_api(config, [&](api::Api& api) -> asio::awaitable<int> {
        auto setup = co_await api.context().store().create_setup_code(config.api.setup_valid);
        if (!setup) {
            std::cerr << "wolfpack: " << setup.error().message << "\n";
            co_return 1;
        }
        auto base = config.api.public_url.empty() ? base_url : config.api.public_url;
        std::cout << "Set up your own team in the browser (valid until " << domain::format_rfc3339(setup->expires_at)
                  << ", once):\n  " << base << "/admin#setup=" << setup->code << "\n";
        co_return 0;
    });
}

int admin_demo(const Config& config, const std::string& base_url) {
    return with_api(config, [&](api::Api& api) -> asio::awaitable<int> {
        auto call = [&](std::string method, std::string path, json body) -> asio::awaitable<api::HttpAnswer> {
            // A named request: g++ 12 destroys a braced temporary inside co_await twice.
            api::HttpRequest request{std::move(method), std::move(path), {}, body.is_null() ? "" : body.dump(), "", "",
                                     base_url};
            co_return co_await api.handle_http_as(server_admin, request);
        };
        // Bodies are built in their own statements: g++ 12 cannot keep an initializer list's
        // array alive across a co_await in the same full-expression.
        json team_body = {{"id", "demo"}, {"name", "Demo Sales Floor"}, {"tz", "Europe/London"},
                                   {"metrics", {{{"id", "calls"}, {"label", "Calls"}},
                                                {{"id", "appointments"}, {"label", "Appointments"}},
                                                {{"id", "proposals"}, {"label", "Proposals"}},
                                                {{"id", "forward_appointments"}, {"label", "Forward appointments"}}}}};
        auto team = co_await call("POST", "/api/v1/teams", team_body);
        if (team.status != 201 && team.status != 409) {
            std::cerr << "wolfpack: " << team.body << "\n";
            co_return 1;
        }
        const auto& people = demo_people();
        for (const auto& p : people) {
            json rep_body = {{"id", p.id}, {"name", p.name}, {"role", p.role}};
            auto added = co_await call("POST", "/api/v1/teams/demo/reps", rep_body);
            if (added.status != 201 && added.status != 409) {
                std::cerr << "wolfpack: " << added.body << "\n";
                co_return 1;
            }
        }
        for (const auto& [a, b] : demo_pairs()) {
            json body = json::object();
            body["reps"] = json::array();
            body["reps"].push_back(a);
            body["reps"].push_back(b);
            (void)co_await call("POST", "/api/v1/teams/demo/pairs", body);
        }
        // Invite links, not tokens: the code rides in the URL's fragment, is good once and for
        // auth.invite_days, and each run makes fresh ones (an earlier unused link stops working).
        std::cout << "Demo team 'demo' (Europe/London) is ready. Open each link once, in its own browser\n"
                     "(or a private window); it signs that person in on that device:\n";
        for (const auto& p : people) {
            auto invite = co_await call("POST", "/api/v1/teams/demo/reps/" + p.id + "/invite", nullptr);
            if (invite.status != 201) {
                std::cerr << "wolfpack: " << invite.body << "\n";
                co_return 1;
            }
            std::cout << "  " << p.name << std::string(p.name.size() < 20 ? 20 - p.name.size() : 1, ' ')
                      << json::parse(invite.body)["url"].get<std::string>() << "\n";
        }
        co_return 0;
    });
}

int demo_sim(const Config& config, const std::string& team_id, double per_minute, double seconds,
             bool include_partners) {
    return with_api(config, [&](api::Api& api) -> asio::awaitable<int> {
        api::HttpRequest roster_request{"GET", "/api/v1/teams/" + team_id, {}, "", ""};
        auto roster_answer = co_await api.handle_http_as(server_admin, roster_request);
        if (roster_answer.status != 200) {
            std::cerr << "wolfpack: " << roster_answer.body << "\n";
            co_return 1;
        }
        auto roster = json::parse(roster_answer.body);
        std::set<std::string> partnered;
        for (const auto& p : roster["pairs"])
            for (const auto& r : p["reps"]) partnered.insert(r.get<std::string>());
        std::vector<std::string> reps;
        for (const auto& r : roster["reps"])
            if (r["role"] == "rep" && (include_partners || !partnered.contains(r["id"].get<std::string>())))
                reps.push_back(r["id"].get<std::string>());
        if (reps.empty()) {
            std::cerr << "wolfpack: no reps to simulate in team " << team_id << "\n";
            co_return 1;
        }
        std::vector<std::string> metrics;
        for (const auto& m : roster["team"]["metrics"]) metrics.push_back(m["id"].get<std::string>());
        // Prospecting funnel: many calls, fewer appointments, fewer proposals.
        std::vector<double> weights;
        for (std::size_t i = 0; i < metrics.size(); ++i) weights.push_back(i == 0 ? 12.0 : 4.0 / static_cast<double>(i * i));
        std::mt19937 rng(std::random_device{}());
        std::discrete_distribution<std::size_t> pick_metric(weights.begin(), weights.end());
        std::uniform_int_distribution<std::size_t> pick_rep(0, reps.size() - 1);
        std::exponential_distribution<double> gap(per_minute / 60.0);
        api::Caller sim{{"demo-sim", team_id, "demo-sim", domain::Role::admin}, false};
        asio::steady_timer timer(co_await asio::this_coro::executor);
        auto start = std::chrono::steady_clock::now();
        std::uint64_t n = 0;
        spdlog::info("demo_sim.started team={} reps={} per_minute={}", team_id, reps.size(), per_minute);
        while (seconds <= 0 || std::chrono::steady_clock::now() - start < std::chrono::duration<double>(seconds)) {
            timer.expires_after(std::chrono::milliseconds(static_cast<long>(gap(rng) * 1000)));
            co_await timer.async_wait(asio::use_awaitable);
            json body = {{"metric", metrics[pick_metric(rng)]},
                         {"rep", reps[pick_rep(rng)]},
                         {"id", "sim-" + std::to_string(rng()) + "-" + std::to_string(++n)}};
            api::HttpRequest log_request{"POST", "/api/v1/activities", {}, body.dump(), ""};
            auto answer = co_await api.handle_http_as(sim, log_request);
            if (answer.status >= 300) spdlog::warn("demo_sim.log_failed status={} body={}", answer.status, answer.body);
        }
        co_return 0;
    });
}

}  // namespace wp::app
