#!lua
-- Shows or hides a rep on the wall (the boards a display reads); a roster notice makes every
-- instance read the team's topics again. KEYS[1] the team's migration fence (never written),
-- KEYS[2] the rep's hash. ARGV: '1' shown or '0' hidden, change channel. Returns 1, or 0 for
-- no live rep.
if redis.call('HGET', KEYS[2], 'deleted') ~= '0' then return 0 end
redis.call('HSET', KEYS[2], 'wall', ARGV[1])
redis.call('SPUBLISH', ARGV[2], '{"kind":"roster"}')
return 1
