#!lua
-- A new rep (or one deleted before, made again), and the roster notice.
-- KEYS: [1] the team's migration fence (never written), [2] the team, [3] the rep's hash,
-- [4] the reps set, [5] the names hash.
-- ARGV: rep id, name, role, API token hash, created, channel. The token is the rep's API token
-- (the `token` field); device sessions are a set of their own (sign-in by invite).
-- Returns 1 created, 0 no such team, -1 the rep exists.
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
if redis.call('HGET', KEYS[3], 'deleted') == '0' then return -1 end
redis.call('HSET', KEYS[3], 'name', ARGV[2], 'role', ARGV[3], 'token', ARGV[4], 'deleted', '0',
           'created', ARGV[5])
redis.call('HDEL', KEYS[3], 'invite')
redis.call('SADD', KEYS[4], ARGV[1])
redis.call('HSET', KEYS[5], ARGV[1], ARGV[2])
redis.call('SPUBLISH', ARGV[6], cjson.encode({kind = 'roster'}))
return 1
