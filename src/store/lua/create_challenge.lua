#!lua
-- Creates a challenge: its hash, the participants' scores (seeded from the period's board
-- for week/month/quarter windows, so activity earlier in the window counts), the open
-- indexes, the challenge.proposed (or .started) event and the notice. Its id is allocated
-- before (INCR of the team's challenge sequence), so the script touches only declared keys.
-- KEYS[1] the team's migration fence (never written), [2] the new challenge's hash, [3] its
--         scores, [4] the team's open challenges, [5] the feed, [6] the names, [7] the seed
--         board (any key when ARGV[16] is '0'), then per participant (ARGV[18...]) its rep
--         hash, its open set and the hashes of the open challenges ARGV[17] lists for it.
-- ARGV: id, creator, metric, kind, target, stakes, start ms, end ms, start text, end text,
--       now ms, now text, feed maxlen, channel, max open per rep, '1' to seed from KEYS[7],
--       per participant the ids its open set holds (JSON [[id, ...], ...]), participants...
-- Returns the id, or the error 'not_found:REP', 'conflict:REP' (at the cap) or 'stale' (an
-- open set holds other ids than declared: nothing is written; read them again and resend).
local id, creator, metric, kind = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local now_text, maxlen, channel = ARGV[12], ARGV[13], ARGV[14]
local max_open, seed = tonumber(ARGV[15]), ARGV[16] == '1'
local held = cjson.decode(ARGV[17])
local parts, rep_open, k = {}, {}, 8
for i = 18, #ARGV do
  local rep = ARGV[i]
  parts[#parts + 1] = rep
  rep_open[rep] = KEYS[k + 1]
  if redis.call('HGET', KEYS[k], 'deleted') ~= '0' then return {err = 'not_found:' .. rep} end
  local taken, next_key = wp_taken(rep, KEYS[k + 1], held[i - 17], k + 2)
  if not taken then return redis.error_reply('stale') end
  if taken >= max_open then return {err = 'conflict:' .. rep} end
  k = next_key
end
local status = (#parts == 1) and 'active' or 'proposed'
redis.call('HSET', KEYS[2], 'id', id, 'creator', creator, 'metric', metric, 'kind', kind, 'target', ARGV[5],
           'stakes', ARGV[6], 'start_ms', ARGV[7], 'end_ms', ARGV[8], 'start', ARGV[9], 'end', ARGV[10],
           'created_at', now_text, 'status', status, 'participants', table.concat(parts, ','),
           'accepted', creator, 'winner', '', 'reached', '[]', 'finished_at', '', 'v', '0')
for _, rep in ipairs(parts) do
  local start = 0
  if seed then start = tonumber(redis.call('ZSCORE', KEYS[7], rep) or '0') end
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
