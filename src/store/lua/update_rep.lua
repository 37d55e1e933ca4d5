#!lua
-- Renames a rep and/or changes their role; a rep who becomes a display leaves every pair (a
-- display only reads). A new role closes the rep's open connections (a revoke notice), since
-- each carries the role it was opened with; the pages reconnect with the new one.
-- KEYS: the team's migration fence (never written), rep hash, names hash, pairs hash.
-- ARGV: rep id, name ('' keeps it), role ('' keeps it), change channel. Returns {name, role}, or false for no live rep.
local f = redis.call('HMGET', KEYS[2], 'deleted', 'name', 'role')
if f[1] ~= '0' then return false end
local name, role = f[2], f[3]
if ARGV[2] ~= '' then
  name = ARGV[2]
  redis.call('HSET', KEYS[2], 'name', name)
  redis.call('HSET', KEYS[3], ARGV[1], name)
end
if ARGV[3] ~= '' and ARGV[3] ~= role then
  role = ARGV[3]
  redis.call('HSET', KEYS[2], 'role', role)
  redis.call('SPUBLISH', ARGV[4], cjson.encode({kind = 'revoke', rep = ARGV[1]}))
  if role == 'display' then
    local all = redis.call('HGETALL', KEYS[4])
    for i = 1, #all, 2 do
      for _, member in ipairs(wp_split(all[i + 1])) do
        if member == ARGV[1] then redis.call('HDEL', KEYS[4], all[i]) end
      end
    end
  end
end
redis.call('SPUBLISH', ARGV[4], '{"kind":"roster"}')
return {name, role}
