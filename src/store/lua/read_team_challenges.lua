#!lua flags=no-writes
-- The team's open challenge ids (proposed and active) and those its reps closed since a time.
-- KEYS[1] the team's open index; KEYS[2..] each rep's closed challenges (scored by when).
-- ARGV: since (ms). Returns the ids, each once.
local seen, out = {}, {}
local function add(id)
  if not seen[id] then seen[id] = true; out[#out + 1] = id end
end
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do add(id) end
for i = 2, #KEYS do
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[i], ARGV[1], '+inf')) do add(id) end
end
return out
