-- accept / decline / cancel, applied only if the challenge is still in the status the caller
-- checked (compare-and-set: two answers at once cannot both apply).
-- ARGV: prefix, id, caller, answer, expected status, now ms, now text, feed maxlen, channel,
--       max open challenges per rep, history retention (s)
-- Returns the new status, or an error 'conflict:STATUS' / 'not_found' / 'full' (the caller
-- already has max open challenges: accepting one more is refused).
local P, id, caller, answer, expected = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local now_ms, now_text, maxlen, channel = tonumber(ARGV[6]), ARGV[7], ARGV[8], ARGV[9]
local max_open, ttl = tonumber(ARGV[10]), ARGV[11]
local key = P .. 'ch:' .. id
local f = redis.call('HMGET', key, 'status', 'participants', 'accepted', 'kind', 'target', 'metric', 'sides')
if not f[1] then return {err = 'not_found'} end
if f[1] ~= expected then return {err = 'conflict:' .. f[1]} end
local parts = wp_split(f[2])
local events = {}
local status = f[1]
if answer == 'accept' then
  if wp_taken(P, caller) >= max_open then return {err = 'full'} end
  local accepted = wp_split(f[3])
  -- Pair against pair: one rep accepts for the pair.
  local sides = wp_sides(f[7])
  local side = wp_side_of(sides, caller)
  for _, rep in ipairs(side and side.reps or {caller}) do accepted[#accepted + 1] = rep end
  redis.call('HSET', key, 'accepted', table.concat(accepted, ','))
  if #accepted >= #parts then
    status = 'active'
    redis.call('HSET', key, 'status', status)
    events[#events + 1] = wp_event(P, maxlen, {kind = 'challenge.started', at = now_text, challenge = id,
                                               metric = f[6], challenge_kind = f[4], participants = parts})
    if f[4] == 'race' and #sides > 0 then
      local winner, reached = wp_sides_race(key .. ':score', sides, tonumber(f[5]))
      if winner then
        events[#events + 1] = wp_finish(P, id, winner, cjson.encode(reached), now_ms, now_text, maxlen, ttl)
        status = 'finished'
      end
    elseif f[4] == 'race' then
      -- Someone may have reached the target before the last acceptance.
      local top = redis.call('ZREVRANGE', key .. ':score', 0, 1, 'WITHSCORES')
      if #top >= 2 and tonumber(top[2]) >= tonumber(f[5]) then
        local winner = top[1]
        if #top >= 4 and top[4] == top[2] then winner = 'draw' end
        local reached = {}
        for _, r in ipairs(redis.call('ZRANGEBYSCORE', key .. ':score', f[5], '+inf')) do reached[#reached + 1] = r end
        table.sort(reached)
        events[#events + 1] = wp_finish(P, id, winner, cjson.encode(reached), now_ms, now_text, maxlen, ttl)
        status = 'finished'
      end
    end
  end
else
  status = (answer == 'decline') and 'declined' or 'cancelled'
  redis.call('HSET', key, 'status', status, 'finished_at', now_text)
  wp_close(P, id, now_ms, ttl)
end
redis.call('PUBLISH', channel, cjson.encode({kind = 'challenge', challenges = {id}, reps = parts, events = events}))
return status
