#!lua flags=no-writes
-- Devices signed in per rep. KEYS: the reps' device sessions sets. Returns their sizes.
local out = {}
for i, key in ipairs(KEYS) do out[i] = redis.call('SCARD', key) end
return out
