#!lua
-- A rep's check-in for a week (posting again replaces it), its event and the notice.
-- KEYS[1] the team's migration fence (never written), [2] the week's check-ins hash, [3] the
-- feed, [4] the names. ARGV: rep, check-in JSON, ttl s, now text, feed maxlen, channel, week key
local rep = ARGV[1]
redis.call('HSET', KEYS[2], rep, ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[3])
local ev = wp_event(KEYS[3], ARGV[5], {kind = 'checkin', at = ARGV[4], rep = rep,
                                       name = redis.call('HGET', KEYS[4], rep) or rep, week = ARGV[7]})
redis.call('SPUBLISH', ARGV[6], cjson.encode({kind = 'checkin', rep = rep, events = {ev}}))
return ev.id
