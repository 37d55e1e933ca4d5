#!lua
-- Binds a waiting pairing code to the display a team admin made for it, keeping the code's
-- expiry. KEYS[1] the pairing ("wp:pair:CODE"). ARGV: team id, display id.
-- Returns 1 bound, 0 when the code is unknown, expired or already bound.
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local p = cjson.decode(raw)
if p.team then return 0 end
p.team, p.display = ARGV[1], ARGV[2]
redis.call('SET', KEYS[1], cjson.encode(p), 'KEEPTTL')
return 1
