#!lua
-- Changes a display's name and settings (playlist, quiet mode, sound) and tells every instance.
-- KEYS: the team's migration fence (never written), the display's rep hash, the names hash.
-- ARGV: display id, name ('' keeps it), playlist JSON ('' keeps it), quiet mode ('' keeps it),
-- sound ('1', '0', '' keeps it), change channel.
-- Returns {name, playlist, quiet_mode, sound, reload_seq}, or false for no live display.
local f = redis.call('HMGET', KEYS[2], 'deleted', 'role')
if f[1] ~= '0' or f[2] ~= 'display' then return false end
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[2], 'name', ARGV[2])
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
end
if ARGV[3] ~= '' then redis.call('HSET', KEYS[2], 'playlist', ARGV[3]) end
if ARGV[4] ~= '' then redis.call('HSET', KEYS[2], 'quiet_mode', ARGV[4]) end
if ARGV[5] ~= '' then redis.call('HSET', KEYS[2], 'sound', ARGV[5]) end
-- A new name shows wherever people are listed; the rest only on that display.
if ARGV[2] ~= '' then redis.call('SPUBLISH', ARGV[6], '{"kind":"roster"}') end
redis.call('SPUBLISH', ARGV[6], cjson.encode({kind = 'display', display = ARGV[1]}))
return redis.call('HMGET', KEYS[2], 'name', 'playlist', 'quiet_mode', 'sound', 'reload_seq')
