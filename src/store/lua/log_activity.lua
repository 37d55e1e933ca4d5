#!lua
-- Records one activity atomically: idempotency, every period board and its total, the
-- scores of the rep's open challenges whose window holds the activity (a `race` reached
-- finishes here, at that moment), milestones, the team feed and the change notice. All or
-- nothing, and one round trip per log.
-- KEYS[1]     idempotency key (per rep and client id; new for a new id)
-- KEYS[2..6]  boards of the metric for day, week, month, quarter, all
-- KEYS[7..11] the boards' totals, same order
-- KEYS[12]    the team feed stream
-- KEYS[13]    the rep's open challenges (set)
-- KEYS[14]    the team's activity history stream (trimmed to the retention)
-- KEYS[15]    the rep's personal-best hash for the metric
-- KEYS[16]    the team's names hash
-- KEYS[17,18] the rep's milestones announced for the metric on the activity's day and week
-- KEYS[19]    the team's open challenges (zset by end)
-- KEYS[20]    the team's migration fence (never written: a half-moved slot refuses the script
--             before any write)
-- KEYS[21]    the team's board version: one more for every log that moves its boards; the
--             notice carries it with the boards' new counts, so an instance patches the boards
--             it holds instead of reading them, and a gap in versions tells it to read
-- KEYS[22...] per challenge of ARGV[19]: its hash, its scores, then per participant its open
--             set and its closed list
-- ARGV: rep, delta, idempotency ttl s, board retention s, feed maxlen, channel, metric,
--       at (RFC 3339), client id, source, at (ms), now (ms), now (RFC 3339), oldest history
--       id to keep (ms), the activity's week key, milestone thresholds ("10,25,50,100"), '1' if
--       the activity is in the current week else '0', the deadline: Redis time (ms) after
--       which the server has answered `unavailable`, the rep's open challenges the keys
--       are for: JSON [[id, "participant,participant"], ...], and '1' if the activity is on
--       the current day else '0'
-- A points challenge counts every metric at the weight it was made with (w:METRIC in its hash).
-- A half of a challenge across teams (`across`) only scores; a `frozen` one no longer does.
-- Returns {duplicate 0/1, day, week, month, quarter, all counts, milestone events}, the error
-- "below_zero:DAY_COUNT" for a correction larger than the day's count, the error "expired"
-- when run after the deadline (a paused Redis resuming), or "stale" when the rep's open
-- challenges are not those declared (the caller reads them and sends again). Each error
-- writes nothing, so a log the client was told failed is never recorded behind its back.
local clock = redis.call('TIME')
if tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000) > tonumber(ARGV[18]) then
  return redis.error_reply('expired')
end
local rep, delta, metric = ARGV[1], tonumber(ARGV[2]), ARGV[7]
local at_ms, now_ms, now_text, maxlen = tonumber(ARGV[11]), tonumber(ARGV[12]), ARGV[13], ARGV[5]
local t = {open = KEYS[19], feed = KEYS[12], names = KEYS[16]}

-- The challenges declared must be the rep's open ones, before anything is written.
local declared, challenges, k = cjson.decode(ARGV[19]), {}, 22
local open = redis.call('SMEMBERS', KEYS[13])
if #open ~= #declared then return redis.error_reply('stale') end
local wanted = {}
for _, d in ipairs(declared) do
  local c
  c, k = wp_challenge_keys(k, wp_split(d[2]))
  local parts = wp_parts(c, d[2])
  if not parts then return redis.error_reply('stale') end
  challenges[#challenges + 1] = {id = d[1], c = c, parts = parts}
  wanted[d[1]] = true
end
for _, id in ipairs(open) do
  if not wanted[id] then return redis.error_reply('stale') end
end

local counts = {}
if redis.call('EXISTS', KEYS[1]) == 1 then
  counts[1] = 1
  for i = 2, 6 do counts[i] = tonumber(redis.call('ZSCORE', KEYS[i], rep) or '0') end
  counts[7] = 0
  return counts
end
-- A correction may not take the rep's count for the activity's day below zero: refused before
-- anything is written, the id included, so it is judged afresh if sent again.
if delta < 0 then
  local day = tonumber(redis.call('ZSCORE', KEYS[2], rep) or '0')
  if day + delta < 0 then return redis.error_reply('below_zero:' .. day) end
end
redis.call('SET', KEYS[1], '1', 'EX', ARGV[3])
counts[1] = 0
local boards = {}
for i = 2, 6 do
  counts[i] = tonumber(redis.call('ZINCRBY', KEYS[i], delta, rep))
  -- [period key, the rep's new count, the board's new total], day to all
  boards[i - 1] = {string.match(KEYS[i], ':lb:[^:]+:(.+)$'), counts[i], redis.call('INCRBY', KEYS[i + 5], delta)}
  if i < 6 then
    -- Past periods stop changing; their boards expire after the retention.
    redis.call('EXPIRE', KEYS[i], ARGV[4])
    redis.call('EXPIRE', KEYS[i + 5], ARGV[4])
  end
end

local entry = redis.call('XADD', KEYS[14], 'MINID', '~', ARGV[14], '*', 'rep', rep, 'metric', metric, 'delta', ARGV[2],
                        'at', ARGV[8], 'at_ms', ARGV[11], 'id', ARGV[9], 'source', ARGV[10])
local events, changed, reps = {}, {}, {}
local name = redis.call('HGET', t.names, rep) or rep
-- Only today's activity is news: a backdated or imported one moves past boards silently.
if ARGV[20] == '1' then
  events[1] = wp_event(t.feed, maxlen, {kind = 'activity', at = ARGV[8], rep = rep, name = name, metric = metric,
                                        delta = delta, source = ARGV[10]})
end
for _, ch in ipairs(challenges) do
  local f = redis.call('HMGET', ch.c.hash, 'metric', 'start_ms', 'end_ms', 'status', 'kind', 'target', 'sides',
                       'w:' .. metric, 'across', 'frozen')
  local worth = f[1] == 'points' and tonumber(f[8] or '0') or 1
  if (f[1] == metric or (f[1] == 'points' and worth > 0)) and (f[4] == 'proposed' or f[4] == 'active')
     and at_ms >= tonumber(f[2]) and at_ms < tonumber(f[3]) and f[10] ~= '1' then
    local score = tonumber(redis.call('ZINCRBY', ch.c.score, delta * worth, rep))
    redis.call('HINCRBY', ch.c.hash, 'v', 1)
    -- The first and last history entries it counted bound its score audit exactly: the
    -- history's ids follow the order the logs were recorded in, milliseconds or not.
    redis.call('HSETNX', ch.c.hash, 'first', entry)
    redis.call('HSET', ch.c.hash, 'last', entry)
    changed[#changed + 1] = ch.id
    for _, p in ipairs(ch.parts) do reps[#reps + 1] = p end
    local side = f[5] == 'race' and f[4] == 'active' and wp_side_of(wp_sides(f[7]), rep)
    if f[9] then
      -- Partners across teams: neither half decides here (no script sees both teams' scores). A
      -- race this rep reached is due at once: the server asks the home team to decide, and if it
      -- stops first, the next finisher pass does (store/cross_challenges.cpp).
      if f[5] == 'race' and score >= tonumber(f[6]) then redis.call('ZADD', t.open, now_ms, ch.id) end
    elseif side then
      -- Pair against pair: the rep's pair wins once its two scores together reach the target.
      if wp_side_sum(ch.c.score, side) >= tonumber(f[6]) then
        events[#events + 1] = wp_finish(t, ch.c, ch.id, ch.parts, side.pair, cjson.encode({side.pair}), now_ms,
                                         now_text, maxlen, ARGV[4])
      end
    elseif f[5] == 'race' and f[4] == 'active' and score >= tonumber(f[6]) then
      events[#events + 1] = wp_finish(t, ch.c, ch.id, ch.parts, rep, cjson.encode({rep}), now_ms, now_text, maxlen,
                                       ARGV[4])
    end
  end
end

-- Milestones, each at most once: the round numbers the day and week counts passed, and a
-- personal-best week (the current week above every earlier one). Only the periods that contain
-- now announce, and one log announces at most one milestone (`milestone`): a personal best over
-- a round number, a higher number over a lower one, the day's over the week's.
local milestones, milestone = 0, nil
if delta > 0 then
  for _, period in ipairs({{'day', KEYS[17], counts[2], ARGV[20]}, {'week', KEYS[18], counts[3], ARGV[17]}}) do
    local after = period[3]
    for _, text in ipairs(wp_split(ARGV[16])) do
      local threshold = tonumber(text)
      if period[4] == '1' and after - delta < threshold and threshold <= after
         and redis.call('HSETNX', period[2], text, '1') == 1 then
        redis.call('EXPIRE', period[2], ARGV[4])
        if not (milestone and milestone.count >= threshold) then
          milestone = {kind = 'milestone', at = now_text, rep = rep, name = name, metric = metric,
                       period = period[1], count = threshold}
        end
      end
    end
  end
  -- best: the best count of the weeks before `week`; cur: the count seen for `week`. Only a
  -- log in the current week announces a personal best; a backdated one keeps them true.
  local week_key, week_count = ARGV[15], counts[3]
  local pb = redis.call('HMGET', KEYS[15], 'best', 'week', 'cur', 'announced')
  local best = tonumber(pb[1] or '0')
  if pb[2] and week_key < pb[2] then
    -- Backdated into a week before the last one seen: its count can only raise the best.
    if week_count > best then redis.call('HSET', KEYS[15], 'best', week_count) end
  else
    if pb[2] and pb[2] < week_key then best = math.max(best, tonumber(pb[3] or '0')) end
    redis.call('HSET', KEYS[15], 'best', best, 'week', week_key, 'cur', week_count)
    if ARGV[17] == '1' and best > 0 and week_count > best and pb[4] ~= week_key then
      redis.call('HSET', KEYS[15], 'announced', week_key)
      milestone = {kind = 'milestone', at = now_text, rep = rep, name = name, metric = metric, period = 'week',
                   count = week_count, personal_best = true, previous_best = best}
    end
  end
end
if milestone then
  milestones = 1
  events[#events + 1] = wp_event(t.feed, maxlen, milestone)
end

local notice = {kind = 'activity', rep = rep, metric = metric, events = events, delta = delta, boards = boards,
                v = redis.call('INCR', KEYS[21])}
if #changed > 0 then
  notice.challenges = changed
  notice.reps = reps
end
redis.call('SPUBLISH', ARGV[6], cjson.encode(notice))
counts[7] = milestones
return counts
