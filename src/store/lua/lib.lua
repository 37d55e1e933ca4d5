-- Shared by every script: Store::script() puts this text in front of each one, so one
-- definition of an event and of finishing a challenge serves every write path.
-- P: the team's key prefix "wp:{t:TEAM}:"; keys built from it stay in the team's slot.

local function wp_split(text)
  local out = {}
  if text then for part in string.gmatch(text, '[^,]+') do out[#out + 1] = part end end
  return out
end

-- A pair-vs-pair challenge's sides, stored beside its participants: "p1:ana,ben;p2:cy,dee" ->
-- {{pair = 'p1', reps = {'ana', 'ben'}}, ...}; none for a challenge between reps.
local function wp_sides(text)
  local out = {}
  if not text or text == '' then return out end
  for part in string.gmatch(text, '[^;]+') do
    local pair, reps = string.match(part, '^([^:]+):(.*)$')
    if pair then out[#out + 1] = {pair = pair, reps = wp_split(reps)} end
  end
  return out
end

-- A side's score: the sum of its reps' scores in the challenge's scores zset.
local function wp_side_sum(score_key, side)
  local sum = 0
  for _, rep in ipairs(side.reps) do sum = sum + tonumber(redis.call('ZSCORE', score_key, rep) or '0') end
  return sum
end

-- The side `rep` is on, or nil.
local function wp_side_of(sides, rep)
  for _, side in ipairs(sides) do
    for _, r in ipairs(side.reps) do if r == rep then return side end end
  end
  return nil
end

-- A race between sides that one has reached: the winner (the highest sum, 'draw' on a tie) and
-- the pairs at or above the target, or nil while none is.
local function wp_sides_race(score_key, sides, target)
  local best, winner, reached = nil, nil, {}
  for _, side in ipairs(sides) do
    local sum = wp_side_sum(score_key, side)
    if sum >= target then reached[#reached + 1] = side.pair end
    if best == nil or sum > best then best, winner = sum, side.pair elseif sum == best then winner = 'draw' end
  end
  if #reached == 0 then return nil end
  table.sort(reached)
  return winner, reached
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
  local f = redis.call('HMGET', key, 'metric', 'kind', 'sides')
  local ev = {kind = 'challenge.finished', at = now_text, challenge = id, metric = f[1], challenge_kind = f[2],
              participants = parts}
  -- cjson writes an empty table as {}: leave `reached` out rather than send an object.
  if reached ~= '[]' then ev.reached = cjson.decode(reached) end
  if winner ~= '' then
    ev.winner = winner
    if winner ~= 'draw' then ev.name = redis.call('HGET', P .. 'names', winner) or winner end
  end
  -- Pair against pair: each side with its names ("Ana & Ben"), and the winning pair's as `name`.
  for _, side in ipairs(wp_sides(f[3])) do
    local names = {}
    for _, rep in ipairs(side.reps) do names[#names + 1] = redis.call('HGET', P .. 'names', rep) or rep end
    ev.sides = ev.sides or {}
    ev.sides[#ev.sides + 1] = {pair = side.pair, reps = side.reps, name = table.concat(names, ' & ')}
    if side.pair == winner then ev.name = table.concat(names, ' & ') end
  end
  return wp_event(P, maxlen, ev), parts
end
