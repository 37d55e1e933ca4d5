#!lua
-- Two reps become partners, and the roster notice.
-- KEYS: [1] the team's migration fence (never written), [2] the pairs hash, [3] rep A's hash,
-- [4] rep B's hash, [5] the pair id counter. ARGV: rep A, rep B, channel.
-- Returns the new pair id, or an error code string: 'not_found:REP', 'display:REP' or
-- 'conflict:PAIR'.
for i = 3, 4 do
  local f = redis.call('HMGET', KEYS[i], 'deleted', 'role')
  if f[1] ~= '0' then return {err = 'not_found:' .. ARGV[i - 2]} end
  if f[2] == 'display' then return {err = 'display:' .. ARGV[i - 2]} end
end
local a, b = ARGV[1], ARGV[2]
if b < a then a, b = b, a end
local members = a .. ',' .. b
local all = redis.call('HGETALL', KEYS[2])
for i = 1, #all, 2 do
  if all[i + 1] == members then return {err = 'conflict:' .. all[i]} end
end
local id = 'p' .. redis.call('INCR', KEYS[5])
redis.call('HSET', KEYS[2], id, members)
redis.call('SPUBLISH', ARGV[3], cjson.encode({kind = 'roster'}))
return id
