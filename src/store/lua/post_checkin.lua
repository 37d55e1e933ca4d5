#!lua
-- A rep's check-in for a week (posting again replaces it), its event and the notice.
-- KEYS[1] the week's check-ins hash. ARGV: prefix, rep, check-in JSON, ttl s, now text,
-- feed maxlen, channel, week key
local P, rep = ARGV[1], ARGV[2]
redis.call('HSET', KEYS[1], rep, ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
local ev = wp_event(P, ARGV[6], {kind = 'checkin', at = ARGV[5], rep = rep,
                                 name = redis.call('HGET', P .. 'names', rep) or rep, week = ARGV[8]})
redis.call('SPUBLISH', ARGV[7], cjson.encode({kind = 'checkin', rep = rep, events = {ev}}))
return ev.id
