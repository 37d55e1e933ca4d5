-- Replaces a team's settings (name, zone, week start, metrics). KEYS: team. ARGV: the team's
-- JSON, change channel. Returns 1, or 0 when there is no such team.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('PUBLISH', ARGV[2], '{"kind":"team"}')
return 1
