#!lua
-- KEYS: pairs hash, rep A hash, rep B hash, pair id counter. ARGV: rep A, rep B.
-- Returns the new pair id, or an error code string: 'not_found:REP' or 'conflict:PAIR'.
for i = 2, 3 do
  if redis.call('HGET', KEYS[i], 'deleted') ~= '0' then return {err = 'not_found:' .. ARGV[i - 1]} end
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
return id
