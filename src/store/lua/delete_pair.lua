#!lua
-- Dissolves a pair, and the roster notice. KEYS: the team's migration fence (never written),
-- pairs hash. ARGV: pair id, change channel. Returns 1 when dissolved, 0 when no such pair.
if redis.call('HDEL', KEYS[2], ARGV[1]) == 0 then return 0 end
redis.call('SPUBLISH', ARGV[2], '{"kind":"roster"}')
return 1
