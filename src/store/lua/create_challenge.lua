-- Creates a challenge: its hash, the participants' scores (seeded from the period's board
-- for week/month/quarter windows, so activity earlier in the window counts), the open
-- indexes, the challenge.proposed (or .started) event and the notice.
-- ARGV: prefix, creator, metric, kind, target, stakes, start ms, end ms, start text, end text,
--       now ms, now text, feed maxlen, channel, max open per rep, seed board key ('' for none;
--       for points one per metric, comma-separated), a points challenge's weights
--       ("calls=1,appointments=5", in the seed boards' order; '' otherwise), participants...
local P, creator, metric, kind = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local now_ms, now_text, maxlen, channel = ARGV[11], ARGV[12], ARGV[13], ARGV[14]
local max_open, seed = tonumber(ARGV[15]), ARGV[16]
local parts = {}
for i = 18, #ARGV do parts[#parts + 1] = ARGV[i] end
for _, rep in ipairs(parts) do
  if redis.call('HGET', P .. 'rep:' .. rep, 'deleted') ~= '0' then return {err = 'not_found:' .. rep} end
  if wp_taken(P, rep) >= max_open then return {err = 'conflict:' .. rep} end
end
local id = 'c' .. redis.call('INCR', P .. 'seq:ch')
local key = P .. 'ch:' .. id
local status = (#parts == 1) and 'active' or 'proposed'
redis.call('HSET', key, 'id', id, 'creator', creator, 'metric', metric, 'kind', kind, 'target', ARGV[5],
           'stakes', ARGV[6], 'start_ms', ARGV[7], 'end_ms', ARGV[8], 'start', ARGV[9], 'end', ARGV[10],
           'created_at', now_text, 'status', status, 'participants', table.concat(parts, ','),
           'accepted', creator, 'winner', '', 'reached', '[]', 'finished_at', '', 'v', '0')
-- Whether its scores start from its period's board, for its audit ('1'/'0').
redis.call('HSET', key, 'seeded', seed ~= '' and '1' or '0')
-- A points challenge keeps its weights (w:METRIC) and starts from Σ weight x each seed board.
local seeds, weights = wp_split(seed), {}
for i, pair in ipairs(wp_split(ARGV[17])) do
  local m, w = string.match(pair, '^(.+)=(%d+)$')
  weights[i] = tonumber(w)
  redis.call('HSET', key, 'w:' .. m, w)
end
for _, rep in ipairs(parts) do
  local start = 0
  for i, board in ipairs(seeds) do start = start + (weights[i] or 1) * tonumber(redis.call('ZSCORE', board, rep) or '0') end
  redis.call('ZADD', key .. ':score', start, rep)
  redis.call('SADD', P .. 'rep:' .. rep .. ':ch', id)
end
redis.call('ZADD', P .. 'ch:open', ARGV[8], id)
local ev = wp_event(P, maxlen, {kind = (status == 'active') and 'challenge.started' or 'challenge.proposed',
                                at = now_text, challenge = id, rep = creator,
                                name = redis.call('HGET', P .. 'names', creator) or creator,
                                metric = metric, challenge_kind = kind, participants = parts})
redis.call('PUBLISH', channel, cjson.encode({kind = 'challenge', challenges = {id}, reps = parts, events = {ev}}))
return id
