#pragma once
// Wolfpack's data in Redis: teams, reps, tokens, pairs, activity and leaderboards.
// Every multi-key write is one Lua script. Await every call on the Redis connection's executor.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/result.hpp"
#include "store/records.hpp"
#include "store/redis_client.hpp"

namespace wp::store {

template <class T>
using Task = asio::awaitable<domain::Result<T>>;

struct StoreOptions {
    std::chrono::seconds idempotency_ttl{std::chrono::hours(24 * 8)};  // > the 7 days `at` allows
    std::chrono::seconds board_retention{std::chrono::hours(24 * 400)};
    std::int64_t feed_max_len = 10000;
    int cheers_per_window = 10;  // per sender
    std::chrono::seconds cheer_window{60};
    // Tests: every script fails when a redis.call names a key its KEYS do not declare (Redis
    // itself refuses only a key of another slot, and only in a cluster).
    bool check_declared_keys = false;
};

class Store {
public:
    Store(RedisClient& redis, StoreOptions options = {});

    Task<domain::Team> create_team(const domain::Team& team);  // conflict if the id exists
    Task<domain::Team> team(std::string_view team_id);         // not_found
    Task<Roster> roster(std::string_view team_id);
    Task<IssuedToken> add_rep(const domain::Rep& rep);          // not_found team, conflict rep
    Task<std::string> rotate_token(std::string_view team_id, std::string_view rep_id);
    Task<std::monostate> delete_rep(std::string_view team_id, std::string_view rep_id);
    Task<Pair> add_pair(std::string_view team_id, std::string_view a, std::string_view b);
    Task<TokenOwner> authenticate(std::string_view token);     // unauthorized
    // The role a sign-in (TokenOwner::session) still has; nothing once it was revoked.
    Task<std::optional<domain::Role>> signed_in(std::string_view team_id, std::string_view rep_id,
                                                const std::string& session);

    // Sign-in (store/sign_in.cpp). Codes are single use and only their hashes are stored.
    // A new invite voids the rep's earlier unused one.
    Task<Invite> create_invite(std::string_view team_id, std::string_view rep_id, std::chrono::seconds valid);
    // A device session from an invite code; unauthorized when unknown, spent, expired or voided.
    Task<IssuedToken> redeem_invite(std::string_view code);
    Task<Invite> create_setup_code(std::chrono::seconds valid);
    Task<domain::TimePoint> setup_code_expiry(std::string_view code);  // unauthorized when not valid
    // Spends a setup code: creates the team and its first admin, signed in on this device. A
    // team id already taken answers conflict and leaves the code valid.
    Task<IssuedToken> redeem_setup_code(std::string_view code, const domain::Team& team, const domain::Rep& manager);
    Task<std::monostate> end_session(const TokenOwner& owner, std::string_view token);  // this device
    Task<std::monostate> end_all_sessions(std::string_view team_id, std::string_view rep_id);
    // Devices signed in now, per rep, in the order given.
    Task<std::vector<std::int64_t>> session_counts(std::string_view team_id, const std::vector<std::string>& reps);
    Task<std::int64_t> team_count();

    // The manager's console (store/team_admin.cpp). Each change tells every instance.
    Task<domain::Team> update_team(const domain::Team& team);  // not_found
    Task<domain::Rep> update_rep(std::string_view team_id, std::string_view rep_id, std::string_view name,
                                 std::optional<domain::Role> role);  // "" keeps the name
    Task<std::monostate> delete_pair(std::string_view team_id, std::string_view pair_id);  // not_found
    // The check-ins of several weeks (rep -> check-in per week), in the order given.
    Task<std::vector<nlohmann::json>> checkins(std::string_view team_id, const std::vector<std::string>& week_keys);
    // Drops what is cached of a team, after another instance changed it.
    void forget_team(std::string_view team_id) { teams_.erase(std::string(team_id)); }

    // The wall as a kiosk (store/displays.cpp). A display is a rep of role display; its
    // settings live on its rep record, so removing it (delete_rep) ends them with its sessions.
    Task<Pairing> create_pairing(std::chrono::seconds valid);
    // A new display named `name` bound to a waiting code; not_found when the code is unknown,
    // expired or already bound.
    Task<domain::Rep> pair_display(std::string_view team_id, std::string_view code, std::string_view name);
    // The TV's question: nothing while waiting, its device session once bound (the pairing is
    // then spent); not_found when unknown, expired or asked with another secret.
    Task<std::optional<IssuedToken>> claim_pairing(std::string_view code, std::string_view secret);
    Task<std::vector<DisplaySettings>> displays(std::string_view team_id, const std::vector<domain::Rep>& reps);
    Task<DisplaySettings> update_display(std::string_view team_id, std::string_view id, const DisplayChange& change);
    // "reload" or "identify" (its name shown until `until`); not_found for no live display.
    Task<std::monostate> signal_display(std::string_view team_id, std::string_view id, std::string_view what,
                                        domain::TimePoint until = {});
    Task<std::monostate> display_seen(std::string_view team_id, std::string_view id, domain::TimePoint at);
    // An announcement: the event (with its id), in the feed and the team's current one for `seconds`.
    Task<nlohmann::json> announce(std::string_view team_id, std::string_view text, int seconds);
    Task<std::optional<nlohmann::json>> current_announcement(std::string_view team_id);
    // Open challenge ids of the team and those of `reps` closed since `since`.
    Task<std::vector<std::string>> team_challenge_ids(std::string_view team_id, const std::vector<std::string>& reps,
                                                      domain::TimePoint since);
    // Feed events newer than `since`, newest first, at most `limit`.
    Task<std::vector<FeedEntry>> feed_since(std::string_view team_id, domain::TimePoint since, int limit);

    Task<LogOutcome> log(const domain::Team& team, const domain::Calendar& calendar,
                         const domain::Activity& activity, std::string_view source);
    Task<Board> board(std::string_view team_id, std::string_view metric,
                      std::string_view period_key, int limit);

    // Challenges (store/challenges.cpp).
    // seed_period: the period key ("w:2026-W48") of the boards whose counts start the scores
    // ("" for none): the metric's, or for a points challenge every weighted metric's.
    Task<std::string> create_challenge(const domain::ChallengeDraft& draft, std::string_view team_id,
                                       std::string_view seed_period);
    // Applies an answer if the challenge is still in `expected` status; returns the new status.
    Task<std::string> answer_challenge(std::string_view team_id, std::string_view id, std::string_view caller,
                                       domain::ChallengeAnswer answer, domain::ChallengeStatus expected);
    Task<std::vector<ChallengeRecord>> challenges(std::string_view team_id, const std::vector<std::string>& ids);
    // A rep's open challenge ids and the last 20 closed ones, newest first.
    Task<std::vector<std::string>> challenge_ids(std::string_view team_id, std::string_view rep);
    // Finishes every challenge of the team whose window closed; returns how many this call finished.
    Task<int> finish_due(std::string_view team_id);
    Task<std::vector<std::string>> team_ids();

    // Pairs first. Pair-vs-pair challenges, ids allocated first: a proposal (draw_week "") or a
    // week's matchups, exactly once per week (an empty answer: already drawn). seed_period: the
    // period key of the metric's board the scores start from ("" for none). `event` is the feed
    // event, written with them.
    Task<std::vector<std::string>> create_pair_challenges(std::string_view team_id,
                                                          const std::vector<PairChallengeSpec>& specs,
                                                          std::string_view seed_period, const nlohmann::json& event,
                                                          std::string_view draw_week);
    Task<bool> matchups_drawn(std::string_view team_id, std::string_view week_key);
    // Partners across teams (store/cross_challenges.cpp): a challenge recorded in both teams
    // with one id, the away half first. Decisions are the home half's, made once there; the away
    // half copies them.
    Task<std::string> create_cross_challenge(const CrossChallengeSpec& spec);
    // An answer, applied at home if the home half is still `expected`, then copied away; the new status.
    Task<std::string> answer_cross_challenge(std::string_view team_id, const ChallengeRecord& half,
                                             domain::ChallengeAnswer answer, domain::ChallengeStatus expected);
    // Moves a challenge across teams on from either half: decides at home a race someone reached
    // or a window that closed (the away score frozen first), and copies the home half's state to
    // the away half. Safe to run anywhere, any number of times. `finisher`: it was due in the open
    // index, which is put back at its window's end when there is nothing to do yet. Returns
    // whether it decided or copied something.
    Task<bool> settle_cross_challenge(std::string_view team_id, const ChallengeRecord& half, bool finisher);
    // After a log: settles it if the half's own rep reached a race's target or its window closed.
    Task<bool> settle_after_log(std::string_view team_id, std::string_view id);
    // store/streaks.cpp: activity per working day (day keys newest first) over the metrics.
    Task<StreakDays> streak_days(std::string_view team_id, std::string_view rep, const std::vector<std::string>& day_keys,
                                 const std::vector<domain::Metric>& metrics);
    // Keeps the best streak and announces a milestone once; true when this call announced it.
    Task<bool> note_streak(std::string_view team_id, std::string_view rep, std::string_view name, int days,
                           std::string_view today_key);
    // store/partners.cpp: partnerships across teams, one half per team.
    Task<Invite> create_partner_invite(std::string_view team_id, std::string_view rep_id, std::chrono::seconds valid);
    Task<std::pair<std::string, std::string>> partner_invite_owner(std::string_view code);  // (team, rep); unauthorized
    Task<std::monostate> spend_partner_invite(std::string_view code);  // unauthorized when already spent
    Task<std::string> new_partnership_id();
    Task<std::vector<Partnership>> partner_halves(std::string_view team_id);  // this team's, by id
    Task<std::monostate> add_partner_half(std::string_view team_id, const Partnership& half);
    Task<std::monostate> remove_partner_half(std::string_view team_id, std::string_view id);  // not_found

    Task<std::string> post_checkin(std::string_view team_id, std::string_view rep, std::string_view week_key,
                                   const nlohmann::json& checkin);
    Task<nlohmann::json> checkins(std::string_view team_id, std::string_view week_key);  // rep -> check-in
    Task<std::string> cheer(std::string_view team_id, std::string_view from, std::string_view to,
                            std::string_view text);
    // Activities whose time lies in [from, to), oldest first, at most `limit`; only `rep`'s and
    // only `metric`'s when they are given.
    Task<std::vector<ActivityRow>> activities(std::string_view team_id, domain::TimePoint from, domain::TimePoint to,
                                              std::size_t limit, std::string_view rep = {}, std::string_view metric = {});
    Task<std::vector<FeedEntry>> feed(std::string_view team_id, int count);  // newest first
    // Each rep's count on the board of each metric for each period key ("w:2026-W48"; absent:
    // 0), in that order: rep-major, then metric, then period key.
    Task<std::vector<std::int64_t>> counts(std::string_view team_id, const std::vector<std::string>& reps,
                                           const std::vector<std::string>& metrics,
                                           const std::vector<std::string>& period_keys);

    // Webhooks (store/webhook_feed.cpp): the team feed as a queue shared by the instances.
    // Events not yet handed to any consumer (at most `count`), now this consumer's.
    Task<std::vector<FeedEntry>> webhook_events(std::string_view team_id, std::string_view consumer, int count);
    // Events another consumer took and left unacknowledged for `idle` (it crashed mid-post).
    Task<std::vector<FeedEntry>> abandoned_webhook_events(std::string_view team_id, std::string_view consumer,
                                                          std::chrono::milliseconds idle, int count);
    // Restarts the idle clock of an event this consumer is still posting; false: not ours now.
    Task<bool> renew_webhook_claim(std::string_view team_id, std::string_view consumer, std::string_view id);
    Task<std::monostate> webhook_events_done(std::string_view team_id, const std::vector<std::string>& ids);

    // Fair scoring (store/scoring.cpp).
    // Each board whole (every rep on it, unordered) with its total, in the order given.
    Task<std::vector<Standings>> standings(std::string_view team_id, const std::vector<BoardName>& boards);
    Task<TeamTargets> targets(std::string_view team_id);  // rep -> targets, for those with any
    // Applies `changes` to a rep's targets (the rules of domain::with_targets); a change made by
    // someone else meanwhile is kept, never overwritten. Returns the rep's targets now.
    Task<domain::Targets> change_targets(const domain::Team& team, std::string_view rep_id,
                                         const domain::TargetChanges& changes);
    // Shows or hides a rep on displays' boards (their own choice, or a team admin's).
    Task<std::monostate> set_wall(std::string_view team_id, std::string_view rep_id, bool shown);

    // Round trips of every command sent, redirects and retries included (for /metrics).
    const domain::Histogram& round_trips() const { return redis_.round_trips(); }
    const StoreOptions& options() const { return options_; }

private:
    // The only door to Redis: nothing outside store/ sends a command.
    // Runs a script from src/store/lua/ by name ("log_activity"), by EVALSHA with EVAL as the
    // fallback when Redis lost its script cache.
    // deadline_arg: an index into args that gets the write deadline on the running node's clock.
    Task<RedisReply> eval(std::string_view script, const std::vector<std::string>& keys,
                          const std::vector<std::string>& args, std::optional<std::size_t> deadline_arg = std::nullopt);
    // Routed by its key, args[1] (every command the store sends names its key first). Redis
    // error replies -> unavailable.
    Task<RedisReply> command(std::vector<std::string> args);

    struct Script {
        std::string text;
        std::string sha;
    };
    const Script& script(std::string_view name);
    // Until when a write script may still run (see log_activity.lua's deadline).
    std::chrono::system_clock::time_point write_deadline() const;
    Task<std::monostate> store_token(const std::string& hash, const std::string& owner);
    Task<std::monostate> discard_token(const std::string& hash, std::string_view why);
    // The KEYS of a script that may close a challenge (answer_challenge.lua, finish_challenge.lua).
    static std::vector<std::string> closing_keys(std::string_view team_id, std::string_view id,
                                                 const std::vector<std::string>& participants);
    // A rep's open challenges with their participants, which the log script declares keys for:
    // cached, since they change far less often than a rep logs; the script says when they are
    // stale (store/log.cpp).
    struct OpenChallenge {
        std::string id;
        std::string participants;  // "a,b"
    };
    Task<std::vector<OpenChallenge>> open_challenges_of(std::string_view team_id, std::string_view rep, bool reload);
    void forget_open_challenges(std::string_view team_id, const std::vector<std::string>& reps);
    // The ids of a rep's open challenges as JSON, their hashes appended to keys_out: what a
    // script counting the rep's cap declares (store/challenges.cpp).
    Task<std::string> held_challenges(std::string_view team_id, std::string_view rep, bool reload,
                                      std::vector<std::string>& keys_out);
    // decide_cross_challenge.lua at home: the home half's state after it, or an error.
    Task<std::vector<std::string>> decide_cross(const CrossSides& sides, std::string_view mode, std::string_view expected,
                                                std::int64_t theirs);
    // mirror_cross_challenge.lua away: the frozen score ("freeze"), or 1/0 ("copy" of `state`).
    Task<std::int64_t> mirror_cross(const CrossSides& sides, std::string_view mode, const std::vector<std::string>& state);
    // Copies the home half's state away, and once it is closed there, takes it off home's open
    // index. A failure is logged: the home half stays due, so the next finisher pass copies it.
    asio::awaitable<void> follow_home(const CrossSides& sides, const std::vector<std::string>& state);
    // end_sessions.lua in one of its modes; deletes the token keys of what it ended.
    Task<std::monostate> end_sessions(std::string_view team_id, std::string_view rep_id, std::string_view mode,
                                      const std::string& new_hash, std::string_view session = "");
    // A new device session for a rep, from an invite's hash ("" for the team's setup).
    Task<IssuedToken> add_session(std::string_view team_id, std::string_view rep_id, const std::string& invite_hash);

    RedisClient& redis_;
    StoreOptions options_;
    std::map<std::string, Script, std::less<>> scripts_;
    std::map<std::string, domain::Team, std::less<>> teams_;  // until a `team` notice (forget_team)
    std::map<std::string, std::vector<OpenChallenge>, std::less<>> open_challenges_;  // team + '\n' + rep
};

}  // namespace wp::store
