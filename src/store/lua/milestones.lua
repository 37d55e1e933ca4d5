-- Milestone events for one activity, each at most once: round numbers the C++ side saw the
-- day or week count pass, and a personal best week (this week above every earlier week).
-- KEYS[1] the rep's personal-best hash for the metric.
-- ARGV: prefix, rep, metric, now text, feed maxlen, channel, marker ttl s, week key,
--       week count, then triples: period, period key, threshold
local P, rep, metric, now_text, maxlen = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local week_key, week_count = ARGV[8], tonumber(ARGV[9])
local name = redis.call('HGET', P .. 'names', rep) or rep
local events = {}
for i = 10, #ARGV, 3 do
  local marker = P .. 'ms:' .. rep .. ':' .. metric .. ':' .. ARGV[i + 1] .. ':' .. ARGV[i + 2]
  if redis.call('SET', marker, '1', 'NX', 'EX', ARGV[7]) then
    events[#events + 1] = wp_event(P, maxlen, {kind = 'milestone', at = now_text, rep = rep, name = name,
                                               metric = metric, period = ARGV[i], count = tonumber(ARGV[i + 2])})
  end
end
-- best: the best count of weeks before `week`; cur: the count seen for `week`.
local pb = redis.call('HMGET', KEYS[1], 'best', 'week', 'cur', 'announced')
local best = tonumber(pb[1] or '0')
if pb[2] and pb[2] ~= week_key then
  if pb[2] < week_key then best = math.max(best, tonumber(pb[3] or '0')) end
end
if not pb[2] or pb[2] <= week_key then
  redis.call('HSET', KEYS[1], 'best', best, 'week', week_key, 'cur', week_count)
  if best > 0 and week_count > best and pb[4] ~= week_key then
    redis.call('HSET', KEYS[1], 'announced', week_key)
    events[#events + 1] = wp_event(P, maxlen, {kind = 'milestone', at = now_text, rep = rep, name = name,
                                               metric = metric, period = 'week', count = week_count,
                                               personal_best = true, previous_best = best})
  end
end
if #events > 0 then
  redis.call('PUBLISH', ARGV[6], cjson.encode({kind = 'milestone', rep = rep, events = events}))
end
return #events
