-- KEYS: pairs hash. ARGV: pair id, change channel. Returns 1 when dissolved, 0 when no such pair.
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('PUBLISH', ARGV[2], '{"kind":"roster"}')
return 1
