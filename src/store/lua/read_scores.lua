#!lua flags=no-writes
-- Each rep's count on each board in one round trip, rep-major (absent: 0).
-- KEYS: boards. ARGV: reps.
local out = {}
for _, rep in ipairs(ARGV) do
  for _, board in ipairs(KEYS) do out[#out + 1] = tonumber(redis.call('ZSCORE', board, rep) or '0') end
end
return out
