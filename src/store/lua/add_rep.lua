-- KEYS: team, rep hash, reps set, names hash. ARGV: rep id, name, role, API token hash, created,
-- change channel. The token is the rep's API token (the `token` field); device sessions are
-- a set of their own (sign-in by invite). Returns 1 created, 0 no such team, -1 the rep exists.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HGET', KEYS[2], 'deleted') == '0' then return -1 end
redis.call('HSET', KEYS[2], 'name', ARGV[2], 'role', ARGV[3], 'token', ARGV[4], 'deleted', '0',
           'created', ARGV[5])
redis.call('HDEL', KEYS[2], 'invite')
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('HSET', KEYS[4], ARGV[1], ARGV[2])
redis.call('PUBLISH', ARGV[6], '{"kind":"roster"}')
return 1
