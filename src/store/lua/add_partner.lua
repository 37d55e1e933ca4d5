#!lua
-- This team's half of a partnership across teams: its rep and the other team's. The other half
-- is written by the same call on the other team's keys (no script touches two teams); a pair
-- card shows a partnership only while both halves are there.
-- KEYS: the team's partners hash, its rep's hash, the team's migration fence (never written). ARGV: partnership id, rep, other team, other
-- rep, change channel. Returns 1, or an error 'not_found:REP', 'display:REP', 'conflict:ID'.
local f = redis.call('HMGET', KEYS[2], 'deleted', 'role')
if f[1] ~= '0' then return {err = 'not_found:' .. ARGV[2]} end
if f[2] == 'display' then return {err = 'display:' .. ARGV[2]} end
local value = ARGV[2] .. ',' .. ARGV[3] .. '/' .. ARGV[4]
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if all[i + 1] == value and all[i] ~= ARGV[1] then return {err = 'conflict:' .. all[i]} end
end
redis.call('HSET', KEYS[1], ARGV[1], value)
redis.call('SPUBLISH', ARGV[5], '{"kind":"roster"}')
return 1
