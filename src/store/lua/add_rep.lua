#!lua
-- KEYS: team, rep hash, reps set, names hash. ARGV: rep id, name, role, token hash, created.
-- Returns 1 created, 0 no such team, -1 the rep exists.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HGET', KEYS[2], 'deleted') == '0' then return -1 end
redis.call('HSET', KEYS[2], 'name', ARGV[2], 'role', ARGV[3], 'token', ARGV[4], 'deleted', '0',
           'created', ARGV[5])
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('HSET', KEYS[4], ARGV[1], ARGV[2])
return 1
