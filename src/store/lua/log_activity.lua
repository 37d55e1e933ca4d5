-- Records one activity atomically: idempotency, every period board and its total, the team
-- feed and the change notice. Either all of it happens or none.
-- KEYS[1]     idempotency key (per rep and client id)
-- KEYS[2..6]  boards of the metric for day, week, month, quarter, all
-- KEYS[7..11] the boards' totals, same order
-- KEYS[12]    the team feed stream
-- ARGV: rep, delta, idempotency ttl s, board retention s, feed maxlen, channel, notice,
--       metric, at (RFC 3339), client id, source
local rep, delta = ARGV[1], tonumber(ARGV[2])
local counts = {}
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[3]) then
  counts[1] = 1
  for i = 2, 6 do counts[i] = tonumber(redis.call('ZSCORE', KEYS[i], rep) or '0') end
  return counts
end
counts[1] = 0
for i = 2, 6 do
  counts[i] = tonumber(redis.call('ZINCRBY', KEYS[i], delta, rep))
  redis.call('INCRBY', KEYS[i + 5], delta)
  if i < 6 then
    -- Past periods stop changing; their boards expire after the retention.
    redis.call('EXPIRE', KEYS[i], ARGV[4])
    redis.call('EXPIRE', KEYS[i + 5], ARGV[4])
  end
end
redis.call('XADD', KEYS[12], 'MAXLEN', '~', ARGV[5], '*', 'kind', 'activity', 'rep', rep,
           'metric', ARGV[8], 'delta', ARGV[2], 'at', ARGV[9], 'id', ARGV[10], 'source', ARGV[11])
redis.call('PUBLISH', ARGV[6], ARGV[7])
return counts
