#!lua
-- Makes a code the rep's one valid invite: an earlier unused one stops working. KEYS: the team's
-- migration fence (never written), rep hash.
-- ARGV: the code's hash. Returns the earlier invite's hash ('' for none), or false for no live rep.
local f = redis.call('HMGET', KEYS[2], 'deleted', 'invite')
if f[1] ~= '0' then return false end
redis.call('HSET', KEYS[2], 'invite', ARGV[1])
return f[2] or ''
