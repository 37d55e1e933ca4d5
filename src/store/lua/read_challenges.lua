#!lua flags=no-writes
-- Challenges by id in one round trip: for each, its hash (flat) and its scores (flat, with
-- scores). ARGV: prefix, ids...
local P = ARGV[1]
local out = {}
for i = 2, #ARGV do
  local key = P .. 'ch:' .. ARGV[i]
  out[#out + 1] = {redis.call('HGETALL', key), redis.call('ZRANGE', key .. ':score', 0, -1, 'WITHSCORES')}
end
return out
