#!lua flags=no-writes
-- Challenges in one round trip: for each, its hash (flat) and its scores (flat, with scores).
-- KEYS: per challenge its hash, then its scores.
local out = {}
for i = 1, #KEYS, 2 do
  out[#out + 1] = {redis.call('HGETALL', KEYS[i]), redis.call('ZRANGE', KEYS[i + 1], 0, -1, 'WITHSCORES')}
end
return out
