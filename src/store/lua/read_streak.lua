#!lua flags=no-writes
-- A rep's activity on each of the team's last working days, and the best streak kept, for the
-- pair card's streak. Stops after the first day without activity past the first (today, which
-- may have none yet): the streak ends there.
-- KEYS: the day boards, newest day first and each day's metrics in turn, then the rep's streak
-- hash. ARGV: rep, metrics per day. Returns {best, then 1 or 0 per day read}.
local rep, per_day = ARGV[1], tonumber(ARGV[2])
local out = {tonumber(redis.call('HGET', KEYS[#KEYS], 'best') or '0')}
local days = math.floor((#KEYS - 1) / per_day)
for d = 0, days - 1 do
  local any = 0
  for m = 1, per_day do
    if tonumber(redis.call('ZSCORE', KEYS[d * per_day + m], rep) or '0') > 0 then
      any = 1
      break
    end
  end
  out[#out + 1] = any
  if any == 0 and d > 0 then break end
end
return out
