#!lua
-- The finisher's atomic step, run by every instance: finishes a challenge whose window has
-- closed, with the result computed from the scores at `version`. Exactly once: a challenge
-- no longer open, not yet due, or scored since (version moved) is left alone.
-- KEYS: as answer_challenge.lua (fence, open, feed, names, hash, scores, per participant its
--       open set and closed list).
-- ARGV: id, version, winner ('' none), reached (JSON array), now ms, now text, feed maxlen,
--       channel, participants, history retention (s): how long the closed challenge is kept
-- Returns 1 when this call finished it, 0 when it did nothing.
local id, version, winner, reached = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local now_ms, now_text, maxlen, channel = tonumber(ARGV[5]), ARGV[6], ARGV[7], ARGV[8]
local ttl = ARGV[10]
local t = {open = KEYS[2], feed = KEYS[3], names = KEYS[4]}
local c = wp_challenge_keys(5, wp_split(ARGV[9]))
local f = redis.call('HMGET', c.hash, 'status', 'end_ms', 'v')
if not f[1] or (f[1] ~= 'proposed' and f[1] ~= 'active') then
  redis.call('ZREM', t.open, id)
  return 0
end
if tonumber(f[2]) > now_ms or f[3] ~= version then return 0 end
local parts = wp_parts(c, ARGV[9])
if not parts then return 0 end
local events = {}
if f[1] == 'proposed' then
  -- Never accepted by everyone before its window closed: it lapses without a result.
  redis.call('HSET', c.hash, 'status', 'cancelled', 'finished_at', now_text)
  wp_close(t, c, id, parts, now_ms, ttl)
else
  events[1] = wp_finish(t, c, id, parts, winner, reached, now_ms, now_text, maxlen, ttl)
end
redis.call('SPUBLISH', channel, cjson.encode({kind = 'challenge', challenges = {id}, reps = parts, events = events}))
return 1
