#!lua
-- Ends sessions of a rep and tells every instance, so their sockets close.
-- KEYS: the team's migration fence (never written), rep hash, the rep's device sessions set,
-- pairs hash.
-- ARGV: mode, new API token hash (mode 'rotate'), change channel, rep id, session (mode 'one').
--   'one'    ends one device session (ARGV[5], a token hash) — signing out of this device
--   'all'    ends every device session and the API token — "sign out everywhere"
--   'rotate' ends every one and sets a new API token
--   'delete' ends every one, marks the rep deleted and dissolves their pairs (history stays)
-- Returns the token hashes that stopped working (their token keys are deleted next), or false
-- when there is no live rep.
local mode, rep = ARGV[1], ARGV[4]
if redis.call('HGET', KEYS[2], 'deleted') ~= '0' then return false end
local ended = {}
if mode == 'one' then
  if redis.call('SREM', KEYS[3], ARGV[5]) == 1 then ended[1] = ARGV[5] end
  if redis.call('HGET', KEYS[2], 'token') == ARGV[5] then
    redis.call('HSET', KEYS[2], 'token', '')
    ended[1] = ARGV[5]
  end
  redis.call('SPUBLISH', ARGV[3], cjson.encode({kind = 'revoke', rep = rep, session = string.sub(ARGV[5], 1, 16)}))
  return ended
end
local api = redis.call('HGET', KEYS[2], 'token')
if api and api ~= '' then ended[#ended + 1] = api end
for _, h in ipairs(redis.call('SMEMBERS', KEYS[3])) do ended[#ended + 1] = h end
redis.call('DEL', KEYS[3])
redis.call('HSET', KEYS[2], 'token', (mode == 'rotate') and ARGV[2] or '')
redis.call('HDEL', KEYS[2], 'invite')
redis.call('SPUBLISH', ARGV[3], cjson.encode({kind = 'revoke', rep = rep}))
if mode == 'delete' then
  redis.call('HSET', KEYS[2], 'deleted', '1')
  local all = redis.call('HGETALL', KEYS[4])
  for i = 1, #all, 2 do
    for _, member in ipairs(wp_split(all[i + 1])) do
      if member == rep then redis.call('HDEL', KEYS[4], all[i]) end
    end
  end
  redis.call('SPUBLISH', ARGV[3], '{"kind":"roster"}')
end
return ended
