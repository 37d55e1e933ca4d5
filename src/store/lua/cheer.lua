#!lua
-- A cheer, limited per sender (so cheers cannot flood a wall): at most ARGV[5] in ARGV[6] s.
-- KEYS[1] the team's migration fence (never written), [2] the sender's cheer counter, [3] the
-- feed, [4] the names. ARGV: from, to, text, now text, limit, window s, feed maxlen, channel.
-- Returns the event id, or the error 'rate_limited'.
local from, to = ARGV[1], ARGV[2]
local n = redis.call('INCR', KEYS[2])
if n == 1 then redis.call('EXPIRE', KEYS[2], ARGV[6]) end
if n > tonumber(ARGV[5]) then return {err = 'rate_limited'} end
local ev = {kind = 'cheer', at = ARGV[4], rep = from, name = redis.call('HGET', KEYS[4], from) or from,
            to = to, to_name = redis.call('HGET', KEYS[4], to) or to}
if ARGV[3] ~= '' then ev.text = ARGV[3] end
ev = wp_event(KEYS[3], ARGV[7], ev)
redis.call('SPUBLISH', ARGV[8], cjson.encode({kind = 'cheer', rep = from, to = to, events = {ev}}))
return ev.id
