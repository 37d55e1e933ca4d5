#!lua flags=no-writes
-- Several weeks' check-ins in one round trip. KEYS: the weeks' check-in hashes. Returns, per
-- week, its hash flat (rep, check-in JSON, ...).
local out = {}
for i, key in ipairs(KEYS) do out[i] = redis.call('HGETALL', key) end
return out
