-- The finisher's atomic step, run by every instance: finishes a challenge whose window has
-- closed, with the result computed from the scores at `version`. Exactly once: a challenge
-- no longer open, not yet due, or scored since (version moved) is left alone.
-- ARGV: prefix, id, version, winner ('' none), reached (JSON array), now ms, now text, feed maxlen, channel,
--       history retention (s): how long the closed challenge is kept
-- Returns 1 when this call finished it, 0 when it did nothing.
local P, id, version, winner, reached = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local now_ms, now_text, maxlen, channel, ttl = tonumber(ARGV[6]), ARGV[7], ARGV[8], ARGV[9], ARGV[10]
local key = P .. 'ch:' .. id
local f = redis.call('HMGET', key, 'status', 'end_ms', 'v', 'participants')
if not f[1] or (f[1] ~= 'proposed' and f[1] ~= 'active') then
  redis.call('ZREM', P .. 'ch:open', id)
  return 0
end
if tonumber(f[2]) > now_ms or f[3] ~= version then return 0 end
local events = {}
if f[1] == 'proposed' then
  -- Never accepted by everyone before its window closed: it lapses without a result.
  redis.call('HSET', key, 'status', 'cancelled', 'finished_at', now_text)
  wp_close(P, id, now_ms, ttl)
else
  events[1] = wp_finish(P, id, winner, reached, now_ms, now_text, maxlen, ttl)
end
redis.call('PUBLISH', channel, cjson.encode({kind = 'challenge', challenges = {id},
                                             reps = wp_split(f[4]), events = events}))
return 1
