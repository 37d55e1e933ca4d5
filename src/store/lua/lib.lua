-- Shared by every script: Store::script() puts this text right after each script's #!lua line.
-- Every key these functions touch is handed to them, from the script's KEYS: nothing here
-- builds a key name, so every script declares all it touches and stays legal in Redis Cluster.
-- t: the team's keys a challenge's life touches: {open = its open challenges (zset by end),
--    feed = its event stream, names = rep -> name}.
-- c: one challenge's keys (wp_challenge_keys).

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
local function wp_event(feed, maxlen, ev)
  ev.id = redis.call('XADD', feed, 'MAXLEN', '~', maxlen, '*', 'e', cjson.encode(ev))
  return ev
end

-- One challenge's keys, from KEYS[first]: its hash, its scores, then each participant's open
-- set and closed list, in `parts` order. Returns them and the index after the last.
local function wp_challenge_keys(first, parts)
  local c = {hash = KEYS[first], score = KEYS[first + 1], open = {}, done = {}}
  local k = first + 2
  for _, rep in ipairs(parts) do
    c.open[rep], c.done[rep] = KEYS[k], KEYS[k + 1]
    k = k + 2
  end
  return c, k
end

-- The participants the caller declared keys for, if they are the challenge's (they never
-- change once it is made); nil when they differ. A challenge that is gone has none ('').
local function wp_parts(c, declared)
  local stored = redis.call('HGET', c.hash, 'participants') or ''
  if stored ~= declared then return nil end
  return wp_split(stored)
end

-- The open challenges that count toward a rep's cap: those the rep created or accepted. A
-- proposal the rep has not answered does not, or 20 proposals would lock them out of all others.
-- open: the rep's open set; ids: the ids the caller read it holds; KEYS[first...]: their
-- hashes, in that order. Returns the count and the index after the last hash, or nil when
-- the set holds other ids than declared (the caller reads them again and resends).
local function wp_taken(rep, open, ids, first)
  local members = redis.call('SMEMBERS', open)
  if #members ~= #ids then return nil end
  local declared = {}
  for _, id in ipairs(ids) do declared[id] = true end
  for _, id in ipairs(members) do
    if not declared[id] then return nil end
  end
  local n = 0
  for i = 1, #ids do
    for _, r in ipairs(wp_split(redis.call('HGET', KEYS[first + i - 1], 'accepted'))) do
      if r == rep then
        n = n + 1
        break
      end
    end
  end
  return n, first + #ids
end

-- Removes a challenge from every open index and keeps it among each participant's last 20.
-- Closed, its hash and scores expire after ttl seconds (the history retention), like past boards.
local function wp_close(t, c, id, parts, now_ms, ttl)
  redis.call('ZREM', t.open, id)
  for _, rep in ipairs(parts) do
    redis.call('SREM', c.open[rep], id)
    redis.call('ZADD', c.done[rep], now_ms, id)
    redis.call('ZREMRANGEBYRANK', c.done[rep], 0, -21)
    redis.call('EXPIRE', c.done[rep], ttl)
  end
  redis.call('EXPIRE', c.hash, ttl)
  redis.call('EXPIRE', c.score, ttl)
end

-- Finishes an open challenge: status, result, indexes, the challenge.finished event.
-- winner: a rep id, 'draw' or '' (none); reached: a JSON array text.
local function wp_finish(t, c, id, parts, winner, reached, now_ms, now_text, maxlen, ttl)
  redis.call('HSET', c.hash, 'status', 'finished', 'winner', winner, 'reached', reached, 'finished_at', now_text)
  wp_close(t, c, id, parts, now_ms, ttl)
  local f = redis.call('HMGET', c.hash, 'metric', 'kind', 'sides')
  local ev = {kind = 'challenge.finished', at = now_text, challenge = id, metric = f[1], challenge_kind = f[2],
              participants = parts}
  -- cjson writes an empty table as {}: leave `reached` out rather than send an object.
  if reached ~= '[]' then ev.reached = cjson.decode(reached) end
  if winner ~= '' then
    ev.winner = winner
    if winner ~= 'draw' then ev.name = redis.call('HGET', t.names, winner) or winner end
  end
  -- Pair against pair: each side with its names ("Ana & Ben"), and the winning pair's as `name`.
  for _, side in ipairs(wp_sides(f[3])) do
    local names = {}
    for _, rep in ipairs(side.reps) do names[#names + 1] = redis.call('HGET', t.names, rep) or rep end
    ev.sides = ev.sides or {}
    ev.sides[#ev.sides + 1] = {pair = side.pair, reps = side.reps, name = table.concat(names, ' & ')}
    if side.pair == winner then ev.name = table.concat(names, ' & ') end
  end
  return wp_event(t.feed, maxlen, ev)
end
