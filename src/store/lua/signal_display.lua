#!lua
-- Asks a display to reload itself (reload_seq grows) or to show its name (identify_until).
-- KEYS[1] the team's migration fence (never written), [2] the display's rep hash.
-- ARGV: display id, 'reload' or 'identify', identify until (ms), change channel. Returns 1, or 0 for no live display.
local f = redis.call('HMGET', KEYS[2], 'deleted', 'role')
if f[1] ~= '0' or f[2] ~= 'display' then return 0 end
if ARGV[2] == 'reload' then redis.call('HINCRBY', KEYS[2], 'reload_seq', 1)
else redis.call('HSET', KEYS[2], 'identify_until', ARGV[3]) end
redis.call('SPUBLISH', ARGV[4], cjson.encode({kind = 'display', display = ARGV[1]}))
return 1
