#!lua
-- Creates a challenge: its hash, the participants' scores (seeded from the period's board
-- for week/month/quarter windows, so activity earlier in the window counts; a points
-- challenge from every metric's board at its weight), the open indexes, the
-- challenge.proposed (or .started) event and the notice. Its id is allocated before (INCR of
-- the team's challenge sequence), so the script touches only declared keys.
-- KEYS[1] the team's migration fence (never written), [2] the new challenge's hash, [3] its
--         scores, [4] the team's open challenges, [5] the feed, [6] the names, [7...] the
--         ARGV[16] seed boards, then per participant (ARGV[19...]) its rep hash, its open set
--         and the hashes of the open challenges ARGV[17] lists for it.
-- ARGV: id, creator, metric, kind, target, stakes, start ms, end ms, start text, end text,
--       now ms, now text, feed maxlen, channel, max open per rep, how many seed boards,
--       per participant the ids its open set holds (JSON [[id, ...], ...]), a points
--       challenge's weights ("calls=1,appointments=5", in the seed boards' order; '' otherwise),
--       participants...
-- Returns the id, or the error 'not_found:REP', 'conflict:REP' (at the cap) or 'stale' (an
-- open set holds other ids than declared: nothing is written; read them again and resend).
local id, creator, metric, kind = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local now_text, maxlen, channel = ARGV[12], ARGV[13], ARGV[14]
local max_open, seeds = tonumber(ARGV[15]), tonumber(ARGV[16])
local held = cjson.decode(ARGV[17])
local first = 19
local parts, rep_open, k = {}, {}, 7 + seeds
for i = first, #ARGV do
  local rep = ARGV[i]
  parts[#parts + 1] = rep
  rep_open[rep] = KEYS[k + 1]
  if redis.call('HGET', KEYS[k], 'deleted') ~= '0' then return {err = 'not_found:' .. rep} end
  local taken, next_key = wp_taken(rep, KEYS[k + 1], held[i - first + 1], k + 2)
  if not taken then return redis.error_reply('stale') end
  if taken >= max_open then return {err = 'conflict:' .. rep} end
  k = next_key
end
local status = (#parts == 1) and 'active' or 'proposed'
redis.call('HSET', KEYS[2], 'id', id, 'creator', creator, 'metric', metric, 'kind', kind, 'target', ARGV[5],
           'stakes', ARGV[6], 'start_ms', ARGV[7], 'end_ms', ARGV[8], 'start', ARGV[9], 'end', ARGV[10],
           'created_at', now_text, 'status', status, 'participants', table.concat(parts, ','),
           'accepted', creator, 'winner', '', 'reached', '[]', 'finished_at', '', 'v', '0')
-- Whether its scores start from its period's board, for its audit ('1'/'0').
redis.call('HSET', KEYS[2], 'seeded', seeds > 0 and '1' or '0')
-- A points challenge keeps its weights (w:METRIC) and starts from Σ weight x each seed board.
local weights = {}
for i, pair in ipairs(wp_split(ARGV[18])) do
  local m, w = string.match(pair, '^(.+)=(%d+)$')
  weights[i] = tonumber(w)
  redis.call('HSET', KEYS[2], 'w:' .. m, w)
end
for _, rep in ipairs(parts) do
  local start = 0
  for i = 1, seeds do start = start + (weights[i] or 1) * tonumber(redis.call('ZSCORE', KEYS[6 + i], rep) or '0') end
  redis.call('ZADD', KEYS[3], start, rep)
  redis.call('SADD', rep_open[rep], id)
end
redis.call('ZADD', KEYS[4], ARGV[8], id)
local ev = wp_event(KEYS[5], maxlen, {kind = (status == 'active') and 'challenge.started' or 'challenge.proposed',
                                      at = now_text, challenge = id, rep = creator,
                                      name = redis.call('HGET', KEYS[6], creator) or creator,
                                      metric = metric, challenge_kind = kind, participants = parts})
redis.call('SPUBLISH', channel, cjson.encode({kind = 'challenge', challenges = {id}, reps = parts, events = {ev}}))
return id
