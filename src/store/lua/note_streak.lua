#!lua
-- Keeps a rep's best streak and announces a streak milestone once: after a log, with the streak
-- the day boards give now. A milestone (5, 10, 20 days) is marked with the day it was reached,
-- so instances that check at once, or a second log that day, announce it no more.
-- KEYS[1] the rep's streak hash, [2] the feed, [3] the team's migration fence (never written). ARGV: days, today's day key, '1' when days is a
-- milestone, now text, feed maxlen, channel, rep, name. Returns 1 when it announced, else 0.
local days = tonumber(ARGV[1])
if days > tonumber(redis.call('HGET', KEYS[1], 'best') or '0') then redis.call('HSET', KEYS[1], 'best', days) end
if ARGV[3] ~= '1' then return 0 end
local mark = ARGV[2] .. '/' .. ARGV[1]
if redis.call('HGET', KEYS[1], 'announced') == mark then return 0 end
redis.call('HSET', KEYS[1], 'announced', mark)
local ev = {kind = 'milestone', at = ARGV[4], rep = ARGV[7], name = ARGV[8], streak = days}
ev.id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*', 'e', cjson.encode(ev))
redis.call('SPUBLISH', ARGV[6], cjson.encode({kind = 'streak', rep = ARGV[7], events = {ev}}))
return 1
