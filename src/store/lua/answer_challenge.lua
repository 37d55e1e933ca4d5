#!lua
-- accept / decline / cancel, applied only if the challenge is still in the status the caller
-- checked (compare-and-set: two answers at once cannot both apply).
-- KEYS[1] the team's migration fence (never written: a half-moved slot refuses the script
--         before any write), [2] the team's open challenges, [3] the feed, [4] the names,
--         [5] the challenge's hash, [6] its scores, then per participant (in ARGV[9]'s order)
--         its open set and its closed list, then the caller's open set and the hashes of the
--         challenges ARGV[12] lists in it.
-- ARGV: id, caller, answer, expected status, now ms, now text, feed maxlen, channel, participants,
--       max open challenges per rep, history retention (s), the ids the caller's open set holds
--       (JSON; read for an accept only, else [])
-- Returns the new status, or an error 'conflict:STATUS' / 'not_found' / 'full' (the caller
-- already has max open challenges: accepting one more is refused) / 'stale' (the caller's
-- open set holds other ids than declared: read them again and resend).
local id, caller, answer, expected = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local now_ms, now_text, maxlen, channel = tonumber(ARGV[5]), ARGV[6], ARGV[7], ARGV[8]
local max_open, ttl = tonumber(ARGV[10]), ARGV[11]
local t = {open = KEYS[2], feed = KEYS[3], names = KEYS[4]}
local c, caller_open = wp_challenge_keys(5, wp_split(ARGV[9]))
local f = redis.call('HMGET', c.hash, 'status', 'participants', 'accepted', 'kind', 'target', 'metric', 'sides')
if not f[1] then return {err = 'not_found'} end
if f[1] ~= expected then return {err = 'conflict:' .. f[1]} end
local parts = wp_parts(c, ARGV[9])
if not parts then return {err = 'conflict:changed'} end
local events = {}
local status = f[1]
if answer == 'accept' then
  local taken = wp_taken(caller, KEYS[caller_open], cjson.decode(ARGV[12]), caller_open + 1)
  if not taken then return redis.error_reply('stale') end
  if taken >= max_open then return {err = 'full'} end
  local accepted = wp_split(f[3])
  -- Pair against pair: one rep accepts for the pair.
  local sides = wp_sides(f[7])
  local side = wp_side_of(sides, caller)
  for _, rep in ipairs(side and side.reps or {caller}) do accepted[#accepted + 1] = rep end
  redis.call('HSET', c.hash, 'accepted', table.concat(accepted, ','))
  if #accepted >= #parts then
    status = 'active'
    redis.call('HSET', c.hash, 'status', status)
    events[#events + 1] = wp_event(t.feed, maxlen, {kind = 'challenge.started', at = now_text, challenge = id,
                                                    metric = f[6], challenge_kind = f[4], participants = parts})
    if f[4] == 'race' and #sides > 0 then
      local winner, reached = wp_sides_race(c.score, sides, tonumber(f[5]))
      if winner then
        events[#events + 1] = wp_finish(t, c, id, parts, winner, cjson.encode(reached), now_ms, now_text, maxlen, ttl)
        status = 'finished'
      end
    elseif f[4] == 'race' then
      -- Someone may have reached the target before the last acceptance.
      local top = redis.call('ZREVRANGE', c.score, 0, 1, 'WITHSCORES')
      if #top >= 2 and tonumber(top[2]) >= tonumber(f[5]) then
        local winner = top[1]
        if #top >= 4 and top[4] == top[2] then winner = 'draw' end
        local reached = {}
        for _, r in ipairs(redis.call('ZRANGEBYSCORE', c.score, f[5], '+inf')) do reached[#reached + 1] = r end
        table.sort(reached)
        events[#events + 1] = wp_finish(t, c, id, parts, winner, cjson.encode(reached), now_ms, now_text, maxlen, ttl)
        status = 'finished'
      end
    end
  end
else
  status = (answer == 'decline') and 'declined' or 'cancelled'
  redis.call('HSET', c.hash, 'status', status, 'finished_at', now_text)
  wp_close(t, c, id, parts, now_ms, ttl)
end
redis.call('SPUBLISH', channel, cjson.encode({kind = 'challenge', challenges = {id}, reps = parts, events = events}))
return status
