#!lua flags=no-writes
-- One leaderboard in one round trip: the team's board version (log_activity.lua), the board's
-- total, then the top N with names.
-- KEYS[1] board zset, KEYS[2] its total, KEYS[3] the team's names hash, KEYS[4] the team's board
-- version. ARGV[1]: N.
local top = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
local out = {tonumber(redis.call('GET', KEYS[4]) or '0'), tonumber(redis.call('GET', KEYS[2]) or '0')}
for i = 1, #top, 2 do
  out[#out + 1] = top[i]
  out[#out + 1] = tonumber(top[i + 1])
  out[#out + 1] = redis.call('HGET', KEYS[3], top[i]) or top[i]
end
return out
