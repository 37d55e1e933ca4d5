#!lua
-- Pair-vs-pair challenges: one proposed from a pair card (mode 'one'), or a week's matchups
-- drawn by the server and created active (mode 'draw'). All or nothing, and a draw exactly
-- once: its week's marker is set NX before anything is written, so of any number of instances
-- (or a draw after a downtime) one creates the week's challenges and the others find them made.
-- Ids are allocated before (INCRBY of the team's challenge sequence) and every key is declared.
-- KEYS[1]  the draw's marker (mode 'one': the challenge's hash, not used as a marker)
-- KEYS[2]  the team's open challenges (zset by end), [3] the feed
-- KEYS[4]  the board the scores start from (ARGV[8] '1'), e.g. the metric's board of the week
-- then per challenge: its hash, its scores, and per participant its rep hash and open set;
-- last, the team's migration fence (never written)
-- ARGV: mode, marker ttl s, now text, feed maxlen, channel, more fields for every challenge (a JSON object,
--       or ''; a half of a challenge across teams: its `across`, `other_team`...), (unused), seed '1'/'0',
--       the event (JSON without id), N, then per challenge 14 fields:
--       id, creator, metric, kind, target, stakes, start ms, end ms, start text, end text,
--       status, sides, participants (comma list), accepted (comma list)
-- Returns the ids, 0 when the draw's marker was already set, or an error 'not_found:REP' with
-- nothing written. (The open challenge limit is checked before, by the caller: what counts
-- toward it reads challenges this script could not declare.)
local mode, ttl, now_text, maxlen, channel = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local seed, n = ARGV[8] == '1', tonumber(ARGV[10])
local more = ARGV[6] ~= '' and cjson.decode(ARGV[6]) or {}
local made, k = {}, 5
for c = 1, n do
  local a = 10 + (c - 1) * 14
  local ch = {id = ARGV[a + 1], fields = {}, hash = KEYS[k], score = KEYS[k + 1], reps = {}}
  local names = {'id', 'creator', 'metric', 'kind', 'target', 'stakes', 'start_ms', 'end_ms', 'start', 'end',
                 'status', 'sides', 'participants', 'accepted'}
  for i, name in ipairs(names) do ch.fields[#ch.fields + 1] = name; ch.fields[#ch.fields + 1] = ARGV[a + i] end
  ch.end_ms = ARGV[a + 8]
  k = k + 2
  for _, rep in ipairs(wp_split(ARGV[a + 13])) do
    ch.reps[#ch.reps + 1] = {id = rep, hash = KEYS[k], open = KEYS[k + 1]}
    k = k + 2
  end
  made[c] = ch
end
for _, ch in ipairs(made) do
  for _, rep in ipairs(ch.reps) do
    if redis.call('HGET', rep.hash, 'deleted') ~= '0' then return {err = 'not_found:' .. rep.id} end
  end
end
local ids, all = {}, {}
for _, ch in ipairs(made) do ids[#ids + 1] = ch.id end
if mode == 'draw' and not redis.call('SET', KEYS[1], table.concat(ids, ','), 'NX', 'EX', ttl) then return 0 end
for _, ch in ipairs(made) do
  redis.call('HSET', ch.hash, unpack(ch.fields))
  redis.call('HSET', ch.hash, 'created_at', now_text, 'winner', '', 'reached', '[]', 'finished_at', '', 'v', '0',
             'seeded', seed and '1' or '0')
  for field, value in pairs(more) do redis.call('HSET', ch.hash, field, value) end
  for _, rep in ipairs(ch.reps) do
    local start = 0
    if seed then start = tonumber(redis.call('ZSCORE', KEYS[4], rep.id) or '0') end
    redis.call('ZADD', ch.score, start, rep.id)
    redis.call('SADD', rep.open, ch.id)
    all[#all + 1] = rep.id
  end
  redis.call('ZADD', KEYS[2], ch.end_ms, ch.id)
end
local ev = cjson.decode(ARGV[9])
ev.id = redis.call('XADD', KEYS[3], 'MAXLEN', '~', maxlen, '*', 'e', ARGV[9])
redis.call('SPUBLISH', channel, cjson.encode({kind = 'challenge', challenges = ids, reps = all, events = {ev}}))
return ids
