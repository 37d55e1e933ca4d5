#!lua
-- The TV asking whether its code was bound, with the pairing's secret. KEYS[1] the pairing.
-- ARGV: the secret's hash. Returns false (unknown, expired or another secret: nothing to
-- tell), 'waiting', or {team, display} once bound, when the pairing is spent.
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local p = cjson.decode(raw)
if p.secret ~= ARGV[1] then return false end
if not p.team then return 'waiting' end
redis.call('DEL', KEYS[1])
return {p.team, p.display}
