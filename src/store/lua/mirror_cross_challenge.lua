#!lua
-- Partners across teams: the away half follows the home half (decide_cross_challenge.lua).
-- freeze: at the window's close, the away half's score stops moving (the log script skips a
--         frozen half), so the score the home half decides with is the final one; returns it.
-- copy:   brings the away half to the home half's state: the partner's acceptance, `active`, or
--         the end with its result; each step once (a half that is closed already is left as
--         it is), with its own feed line about its own rep. Idempotent: run again, it does nothing.
-- KEYS: the closing keys of the away half: fence, open, feed, names, hash, scores, then the away
--       rep's open set and closed list.
-- ARGV: id, mode, the home half's status, winner, winner_team, reached, finished_at, partner
--       accepted '1'/'0', now ms, now text, feed maxlen, channel, participants (the away rep),
--       history retention s
-- Returns the score (freeze), or 1 when the copy changed something and 0 when not.
local id, mode = ARGV[1], ARGV[2]
local status, winner, winner_team, reached, finished_at = ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local now_ms, now_text, maxlen, channel, ttl = tonumber(ARGV[9]), ARGV[10], ARGV[11], ARGV[12], ARGV[14]
local t = {open = KEYS[2], feed = KEYS[3], names = KEYS[4]}
local c = wp_challenge_keys(5, wp_split(ARGV[13]))
local f = redis.call('HMGET', c.hash, 'status', 'accepted', 'kind', 'metric', 'other_name', 'other_team')
local parts = f[1] and wp_parts(c, ARGV[13])
local me = parts and parts[1]
if mode == 'freeze' then
  if not parts then return 0 end
  if f[1] == 'proposed' or f[1] == 'active' then redis.call('HSET', c.hash, 'frozen', '1') end
  return tonumber(redis.call('ZSCORE', c.score, me) or '0')
end
if not parts or (f[1] ~= 'proposed' and f[1] ~= 'active') then return 0 end
local events, changed = {}, false
local function event(kind, more)
  local ev = {kind = kind, at = now_text, challenge = id, metric = f[4], challenge_kind = f[3], participants = parts,
              across_teams = true, partner_name = f[5]}
  for k, v in pairs(more or {}) do ev[k] = v end
  events[#events + 1] = wp_event(t.feed, maxlen, ev)
end
if ARGV[8] == '1' and f[2] ~= me then
  redis.call('HSET', c.hash, 'accepted', me)
  changed = true
end
if status == 'active' and f[1] == 'proposed' then
  redis.call('HSET', c.hash, 'status', 'active')
  event('challenge.started')
  changed = true
elseif status == 'finished' or status == 'declined' or status == 'cancelled' then
  redis.call('HSET', c.hash, 'status', status, 'winner', winner, 'winner_team', winner_team, 'reached', reached,
             'finished_at', finished_at ~= '' and finished_at or now_text)
  wp_close(t, c, id, parts, now_ms, ttl)
  if status == 'finished' then
    local more = {}
    if reached ~= '[]' then more.reached = cjson.decode(reached) end
    if winner ~= '' then
      more.winner = winner
      if winner_team ~= '' then more.winner_team = winner_team end
      -- The home half names its winner's team when it is the away one (this one): else home's.
      if winner ~= 'draw' then
        more.name = (winner_team ~= '' and winner_team ~= f[6]) and (redis.call('HGET', t.names, me) or me) or f[5]
      end
    end
    event('challenge.finished', more)
  end
  changed = true
end
if changed then
  redis.call('SPUBLISH', channel, cjson.encode({kind = 'challenge', challenges = {id}, reps = parts, events = events}))
end
return changed and 1 or 0
