#!lua flags=no-writes
-- Several boards whole, in one round trip: the points board adds up every metric's, around-me
-- and most-improved rank everyone. KEYS: N boards, then their N totals, in the same order.
-- Returns, per board: its total, the number of reps on it, then rep, count for each.
local n = #KEYS / 2
local out = {}
for i = 1, n do
  out[#out + 1] = tonumber(redis.call('GET', KEYS[n + i]) or '0')
  local all = redis.call('ZRANGE', KEYS[i], 0, -1, 'WITHSCORES')
  out[#out + 1] = #all / 2
  for j = 1, #all, 2 do
    out[#out + 1] = all[j]
    out[#out + 1] = tonumber(all[j + 1])
  end
end
return out
