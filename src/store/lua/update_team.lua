#!lua
-- Replaces a team's settings (name, zone, week start, metrics). KEYS: the team's migration
-- fence (never written), team. ARGV: the team's JSON, change channel. Returns 1, or 0 when there is no such team.
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('SPUBLISH', ARGV[2], '{"kind":"team"}')
return 1
