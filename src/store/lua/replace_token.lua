#!lua
-- Rotates (ARGV[1] = new hash) or revokes (ARGV[1] = '', and the rep is marked deleted) a
-- rep's token and tells every instance so open connections close.
-- KEYS[1] rep hash. ARGV: new token hash or '', channel, notice.
-- Returns the old token hash, or false when there is no such (live) rep.
if redis.call('HGET', KEYS[1], 'deleted') ~= '0' then return false end
local old = redis.call('HGET', KEYS[1], 'token')
if ARGV[1] == '' then
  redis.call('HSET', KEYS[1], 'deleted', '1', 'token', '')
else
  redis.call('HSET', KEYS[1], 'token', ARGV[1])
end
redis.call('SPUBLISH', ARGV[2], ARGV[3])
return old
