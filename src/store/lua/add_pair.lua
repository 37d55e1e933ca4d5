-- KEYS: pairs hash, rep A hash, rep B hash, pair id counter. ARGV: rep A, rep B, change channel.
-- Returns the new pair id, or an error code string: 'not_found:REP', 'display:REP' or
-- 'conflict:PAIR'.
for i = 2, 3 do
  local f = redis.call('HMGET', KEYS[i], 'deleted', 'role')
  if f[1] ~= '0' then return {err = 'not_found:' .. ARGV[i - 1]} end
  if f[2] == 'display' then return {err = 'display:' .. ARGV[i - 1]} end
end
local a, b = ARGV[1], ARGV[2]
if b < a then a, b = b, a end
local members = a .. ',' .. b
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if all[i + 1] == members then return {err = 'conflict:' .. all[i]} end
end
local id = 'p' .. redis.call('INCR', KEYS[4])
redis.call('HSET', KEYS[1], id, members)
redis.call('PUBLISH', ARGV[3], '{"kind":"roster"}')
return id
