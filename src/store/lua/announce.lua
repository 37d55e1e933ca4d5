#!lua
-- A manager's announcement: an event in the team feed, kept as the team's current one for its
-- seconds (a display that connects meanwhile still shows it), and the notice.
-- KEYS: the team's migration fence (never written), the team feed stream, the team's current
-- announcement. ARGV: text, seconds, now text, feed maxlen, change channel. Returns the event id.
local ev = {kind = 'announcement', at = ARGV[3], text = ARGV[1], seconds = tonumber(ARGV[2])}
ev.id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'e', cjson.encode(ev))
redis.call('SET', KEYS[3], cjson.encode(ev), 'PX', tonumber(ARGV[2]) * 1000)
redis.call('SPUBLISH', ARGV[5], cjson.encode({kind = 'announcement', events = {ev}}))
return ev.id
