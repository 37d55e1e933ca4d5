#!lua
-- A new team: its definition, and its feed read as a queue by the webhooks (from its first
-- event, so events that happen while no instance posts webhooks are still posted).
-- KEYS[1] the team's migration fence (never written: a half-moved slot refuses the script
-- before any write), [2] the team, [3] the team feed stream. ARGV: the team's JSON.
-- Returns 1 created, 0 the team exists.
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
-- The team is listed in wp:teams just before this script runs, and an instance posting webhooks
-- that sees it first makes its queue itself (stream and group at once): that one serves.
if redis.call('EXISTS', KEYS[3]) == 0 then
  redis.call('XGROUP', 'CREATE', KEYS[3], 'webhooks', '$', 'MKSTREAM')
end
redis.call('SET', KEYS[2], ARGV[1])
return 1
