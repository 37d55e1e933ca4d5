#!lua
-- Replaces one rep's targets when they are still what the caller read (so two managers, or a
-- manager and the rep, never overwrite each other's change unseen), and tells every instance.
-- KEYS[1] the team's migration fence (never written), KEYS[2] the team's targets hash
-- (rep -> JSON), KEYS[3] the rep's hash.
-- ARGV: rep id, the targets read ('' for none), the new targets ('' for none), change channel.
-- Returns 1, 0 for no live rep, or -1 when the targets changed since they were read.
if redis.call('HGET', KEYS[3], 'deleted') ~= '0' then return 0 end
if (redis.call('HGET', KEYS[2], ARGV[1]) or '') ~= ARGV[2] then return -1 end
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[2], ARGV[1])
else
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
end
redis.call('SPUBLISH', ARGV[4], cjson.encode({kind = 'targets', rep = ARGV[1]}))
return 1
