-- Shared by every script: Store::script() puts this text in front of each one, so one
-- definition of an event and of finishing a challenge serves every write path.
-- P: the team's key prefix "wp:{t:TEAM}:"; keys built from it stay in the team's slot.

local function wp_split(text)
  local out = {}
  if text then for part in string.gmatch(text, '[^,]+') do out[#out + 1] = part end end
  return out
end

-- Appends an event to the team feed (capped) and returns it with its id, the stream id.
local function wp_event(P, maxlen, ev)
  ev.id = redis.call('XADD', P .. 'feed', 'MAXLEN', '~', maxlen, '*', 'e', cjson.encode(ev))
  return ev
end

-- The open challenges that count toward a rep's cap: those the rep created or accepted. A
-- proposal the rep has not answered does not, or 20 proposals would lock them out of all others.
local function wp_taken(P, rep)
  local n = 0
  for _, id in ipairs(redis.call('SMEMBERS', P .. 'rep:' .. rep .. ':ch')) do
    for _, r in ipairs(wp_split(redis.call('HGET', P .. 'ch:' .. id, 'accepted'))) do
      if r == rep then
        n = n + 1
        break
      end
    end
  end
  return n
end

-- Removes a challenge from every open index and keeps it among each participant's last 20.
-- Closed, its hash and scores expire after ttl seconds (the history retention), like past boards.
local function wp_close(P, id, now_ms, ttl)
  local parts = wp_split(redis.call('HGET', P .. 'ch:' .. id, 'participants'))
  redis.call('ZREM', P .. 'ch:open', id)
  for _, rep in ipairs(parts) do
    redis.call('SREM', P .. 'rep:' .. rep .. ':ch', id)
    redis.call('ZADD', P .. 'rep:' .. rep .. ':chdone', now_ms, id)
    redis.call('ZREMRANGEBYRANK', P .. 'rep:' .. rep .. ':chdone', 0, -21)
    redis.call('EXPIRE', P .. 'rep:' .. rep .. ':chdone', ttl)
  end
  redis.call('EXPIRE', P .. 'ch:' .. id, ttl)
  redis.call('EXPIRE', P .. 'ch:' .. id .. ':score', ttl)
  return parts
end

-- Finishes an open challenge: status, result, indexes, the challenge.finished event.
-- winner: a rep id, 'draw' or '' (none); reached: a JSON array text.
local function wp_finish(P, id, winner, reached, now_ms, now_text, maxlen, ttl)
  local key = P .. 'ch:' .. id
  redis.call('HSET', key, 'status', 'finished', 'winner', winner, 'reached', reached, 'finished_at', now_text)
  local parts = wp_close(P, id, now_ms, ttl)
  local f = redis.call('HMGET', key, 'metric', 'kind')
  local ev = {kind = 'challenge.finished', at = now_text, challenge = id, metric = f[1], challenge_kind = f[2],
              participants = parts}
  -- cjson writes an empty table as {}: leave `reached` out rather than send an object.
  if reached ~= '[]' then ev.reached = cjson.decode(reached) end
  if winner ~= '' then
    ev.winner = winner
    if winner ~= 'draw' then ev.name = redis.call('HGET', P .. 'names', winner) or winner end
  end
  return wp_event(P, maxlen, ev), parts
end
