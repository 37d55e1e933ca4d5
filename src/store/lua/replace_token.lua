#!lua
-- Rotates (ARGV[1] = new hash) or revokes (ARGV[1] = '', and the rep is marked deleted) a
-- rep's token and tells every instance, so open connections close (and, on a delete, rosters
-- are read again).
-- KEYS[1] the team's migration fence (never written), [2] the rep's hash.
-- ARGV: new token hash or '', channel, rep id.
-- Returns the old token hash, or false when there is no such (live) rep.
if redis.call('HGET', KEYS[2], 'deleted') ~= '0' then return false end
local old = redis.call('HGET', KEYS[2], 'token')
if ARGV[1] == '' then
  redis.call('HSET', KEYS[2], 'deleted', '1', 'token', '')
else
  redis.call('HSET', KEYS[2], 'token', ARGV[1])
end
redis.call('SPUBLISH', ARGV[2], cjson.encode({kind = 'revoke', rep = ARGV[3]}))
if ARGV[1] == '' then redis.call('SPUBLISH', ARGV[2], cjson.encode({kind = 'roster'})) end
return old
