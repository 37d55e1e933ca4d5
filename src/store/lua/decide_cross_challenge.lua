#!lua
-- Partners across teams: the home half decides. A challenge between the two reps of a
-- partnership across teams is two records with one id, one in each team, each scoring its own
-- rep (no script touches two teams). The challenger's team is home: every decision is made here,
-- once, by compare-and-set on the home half's status: an answer (the partner accepts or
-- declines, the challenger cancels), a race someone reached, the window's close. The partner's
-- score comes as ARGV, read by the server from the away half (frozen there first at the close,
-- so it moves no more); the away half then copies the outcome (mirror_cross_challenge.lua).
-- A closed home half stays in the open index at score 0 (due) until the server has seen the away
-- half copy it: a crash between the two steps is finished by the next finisher pass.
-- KEYS: the closing keys of answer_challenge.lua: fence, open, feed, names, hash, scores, then
--       the home rep's open set and closed list.
-- ARGV: id, mode (accept, decline, cancel, race, close), expected status ('' for race and
--       close), the partner's score, now ms, now text, feed maxlen, channel, participants (the
--       home rep), history retention s
-- Returns {status, winner, winner_team, reached, finished_at, partner accepted '1'/'0', '1' when
-- this call decided something else '0'} of the home half after the call, or the error
-- 'not_found' / 'conflict:STATUS'.
local id, mode, expected, theirs = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local now_ms, now_text, maxlen, channel, ttl = tonumber(ARGV[5]), ARGV[6], ARGV[7], ARGV[8], ARGV[10]
local t = {open = KEYS[2], feed = KEYS[3], names = KEYS[4]}
local c = wp_challenge_keys(5, wp_split(ARGV[9]))
local function state(decided)
  local s = redis.call('HMGET', c.hash, 'status', 'winner', 'winner_team', 'reached', 'finished_at', 'other_accepted')
  return {s[1] or '', s[2] or '', s[3] or '', s[4] or '[]', s[5] or '', s[6] or '0', decided and '1' or '0'}
end
local f = redis.call('HMGET', c.hash, 'status', 'kind', 'target', 'end_ms', 'metric', 'other_rep', 'other_team',
                     'other_name')
if not f[1] then return {err = 'not_found'} end
local parts = wp_parts(c, ARGV[9])
if not parts then return {err = 'conflict:changed'} end
if expected ~= '' and f[1] ~= expected then return {err = 'conflict:' .. f[1]} end
if f[1] ~= 'proposed' and f[1] ~= 'active' then return state() end
local me, partner, partner_team, partner_name = parts[1], f[6], f[7], f[8]
local mine, target = tonumber(redis.call('ZSCORE', c.score, me) or '0'), tonumber(f[3] or '0')
local events = {}
local function event(kind, more)
  local ev = {kind = kind, at = now_text, challenge = id, metric = f[5], challenge_kind = f[2], participants = parts,
              across_teams = true, partner_name = partner_name}
  for k, v in pairs(more or {}) do ev[k] = v end
  events[#events + 1] = wp_event(t.feed, maxlen, ev)
end
-- The outcome now: nil while a race has nobody at the target.
local function outcome()
  local best = math.max(mine, theirs)
  if f[2] == 'race' and best < target then return nil end
  local reached = {}
  if f[2] == 'race' then
    if mine >= target then reached[#reached + 1] = me end
    if theirs >= target then reached[#reached + 1] = partner end
  end
  if mine == theirs then return {winner = 'draw', team = '', reached = reached} end
  if mine > theirs then return {winner = me, team = '', reached = reached, name = redis.call('HGET', t.names, me) or me} end
  return {winner = partner, team = partner_team, reached = reached, name = partner_name}
end
local function close(status)
  redis.call('HSET', c.hash, 'status', status, 'finished_at', now_text, 'other_count', theirs)
  wp_close(t, c, id, parts, now_ms, ttl)
  redis.call('ZADD', t.open, 0, id)  -- due until the away half has copied it
end
local function finish(o)
  redis.call('HSET', c.hash, 'winner', o and o.winner or '', 'winner_team', o and o.team or '',
             'reached', (o and #o.reached > 0) and cjson.encode(o.reached) or '[]')
  close('finished')
  local more = {}
  if o and #o.reached > 0 then more.reached = o.reached end
  if o then
    more.winner = o.winner
    if o.name then more.name = o.name end
    if o.team ~= '' then more.winner_team = o.team end
  end
  event('challenge.finished', more)
end

if mode == 'accept' then
  redis.call('HSET', c.hash, 'other_accepted', '1', 'status', 'active')
  event('challenge.started')
  if f[2] == 'race' then
    local o = outcome()
    if o then finish(o) end
  end
elseif mode == 'decline' or mode == 'cancel' then
  close(mode == 'decline' and 'declined' or 'cancelled')
elseif mode == 'race' then
  if f[1] ~= 'active' or f[2] ~= 'race' then return state() end
  local o = outcome()
  if not o then return state() end
  finish(o)
elseif mode == 'close' then
  if tonumber(f[4]) > now_ms then return state() end
  if f[1] == 'proposed' then close('cancelled') else finish(outcome()) end
else
  return {err = 'mode'}
end
redis.call('SPUBLISH', channel, cjson.encode({kind = 'challenge', challenges = {id}, reps = parts, events = events}))
return state(true)
