#!lua flags=no-writes
-- Whether a token hash is a live rep's API token or one of their device sessions.
-- KEYS: rep hash, the rep's device sessions set. ARGV: token hash. Returns {name, role} or false.
local f = redis.call('HMGET', KEYS[1], 'deleted', 'token', 'name', 'role')
if f[1] ~= '0' then return false end
if f[2] ~= ARGV[1] and redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 0 then return false end
return {f[3], f[4]}
