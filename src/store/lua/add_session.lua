#!lua
-- A new device session for a rep, from their invite (ARGV[2], the code's hash; '' when the
-- team's setup made it). KEYS: the team's migration fence (never written), rep hash, the
-- rep's device sessions set. ARGV: session token hash, invite hash. Returns {name, role}, or the error 'spent' (no live rep, or the invite was
-- replaced by a newer one).
local f = redis.call('HMGET', KEYS[2], 'deleted', 'invite', 'name', 'role')
if f[1] ~= '0' then return {err = 'spent'} end
if ARGV[2] ~= '' then
  if f[2] ~= ARGV[2] then return {err = 'spent'} end
  redis.call('HDEL', KEYS[2], 'invite')
end
redis.call('SADD', KEYS[3], ARGV[1])
return {f[3], f[4]}
