#!lua
-- A cheer, limited per sender (so cheers cannot flood a wall): at most ARGV[6] in ARGV[7] s.
-- KEYS[1] the sender's cheer counter. ARGV: prefix, from, to, text, now text, limit, window s,
-- feed maxlen, channel. Returns the event id, or the error 'rate_limited'.
local P, from, to = ARGV[1], ARGV[2], ARGV[3]
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[7]) end
if n > tonumber(ARGV[6]) then return {err = 'rate_limited'} end
local ev = {kind = 'cheer', at = ARGV[5], rep = from, name = redis.call('HGET', P .. 'names', from) or from,
            to = to, to_name = redis.call('HGET', P .. 'names', to) or to}
if ARGV[4] ~= '' then ev.text = ARGV[4] end
ev = wp_event(P, ARGV[8], ev)
redis.call('SPUBLISH', ARGV[9], cjson.encode({kind = 'cheer', rep = from, to = to, events = {ev}}))
return ev.id
