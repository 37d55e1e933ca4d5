// The Node.js peer for bench/run: the protocol subset the fan-out and ingest scenarios use,
// written the way a careful Node developer would (ws + ioredis, one serialised Buffer per
// topic update shared by every subscriber, the same coalescing as wolfpack's hub).
//
//   node server.js --port 0 --redis /path/redis.sock|redis://host:port [--coalesce-ms 100]
//
// Same data as wolfpack: tokens (wp:tok:SHA256), rep hashes, the team JSON, and the very
// Lua scripts of src/store/lua (lib.lua after each one's #!lua line, as Store::script does), so a log is
// the same atomic Redis write, milestones included. Left out: JSON Schema validation, rate
// limits, keep-alive pings, slow-consumer cut-off, backdated `at`, time zones other than UTC
// (bench teams are UTC), and every topic but leaderboards.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
import { WebSocketServer } from 'ws';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((out, a, i, all) => (a.startsWith('--') ? [...out, [a.slice(2), all[i + 1]]] : out), []));
const coalesceMs = Number(args['coalesce-ms'] ?? 100);
const here = path.dirname(fileURLToPath(import.meta.url));
const lua = (name) => fs.readFileSync(path.join(here, '../../src/store/lua', `${name}.lua`), 'utf8');
const lib = lua('lib');
// The shebang stays the first line; lib.lua's functions go right after it.
const script = (name) => {
  const body = lua(name), eol = body.indexOf('\n');
  return `${body.slice(0, eol + 1)}${lib}\n${body.slice(eol + 1)}`;
};

const redisTarget = args.redis ?? '/tmp/redis.sock';
const redisOptions = redisTarget.startsWith('/') ? { path: redisTarget } : redisTarget;
const redis = new Redis(redisOptions);
const notices = new Redis(redisOptions);
redis.defineCommand('wpLog', { numberOfKeys: 21, lua: script('log_activity') });
redis.defineCommand('wpBoard', { numberOfKeys: 4, lua: script('read_board') });

const PERIODS = ['day', 'week', 'month', 'quarter', 'all'];
const IDEM_TTL_S = 8 * 86400, RETENTION_S = 400 * 86400, FEED_MAX = 10000;
const prefix = (team) => `wp:{t:${team}}:`;
const pad = (n, w = 2) => String(n).padStart(w, '0');

// Period keys in UTC, as domain::Calendar writes them (monday weeks, ISO numbering).
function periodKey(period, d) {
  const y = d.getUTCFullYear(), m = d.getUTCMonth() + 1;
  switch (period) {
    case 'day': return `d:${y}-${pad(m)}-${pad(d.getUTCDate())}`;
    case 'week': {
      const t = new Date(Date.UTC(y, d.getUTCMonth(), d.getUTCDate()));
      const dow = t.getUTCDay() || 7;
      t.setUTCDate(t.getUTCDate() + 4 - dow);  // the Thursday of this ISO week
      const week = Math.ceil(((t - Date.UTC(t.getUTCFullYear(), 0, 1)) / 86400000 + 1) / 7);
      return `w:${t.getUTCFullYear()}-W${pad(week)}`;
    }
    case 'month': return `m:${y}-${pad(m)}`;
    case 'quarter': return `q:${y}-Q${Math.floor((m - 1) / 3) + 1}`;
    default: return 'all';
  }
}
const rfc3339 = (d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

// ---- who is connecting --------------------------------------------------------------------
const teams = new Map();  // team id -> team JSON
async function team(id) {
  if (!teams.has(id)) {
    const text = await redis.get(`${prefix(id)}team`);
    if (!text) return null;
    teams.set(id, JSON.parse(text));
  }
  return teams.get(id);
}

async function authenticate(token) {
  if (!token || token.length > 256) return null;
  const hash = crypto.createHash('sha256').update(token).digest('hex');
  const owner = await redis.get(`wp:tok:${hash}`);
  if (!owner || !owner.includes('/')) return null;
  const [teamId, repId] = owner.split('/');
  const [name, role, stored, deleted] = await redis.hmget(`${prefix(teamId)}rep:${repId}`, 'name', 'role', 'token', 'deleted');
  if (deleted !== '0' || stored !== hash) return null;
  const t = await team(teamId);
  return t ? { id: repId, name, role, team: teamId, teamData: t } : null;
}

// ---- topics --------------------------------------------------------------------------------
const topics = new Map();  // team + '\n' + topic -> state
let nextSeq = Date.now() * 1000;
let lastFlush = 0, flushTimer = null;

function topicOf(teamId, name) {
  const key = `${teamId}\n${name}`;
  let t = topics.get(key);
  if (!t) {
    const [, metric, period] = name.split(':');
    t = { key, team: teamId, name, metric, period, subs: new Set(), pending: new Set(), data: null, seq: 0,
          dirty: false, reading: false };
    topics.set(key, t);
    listen(teamId);
  }
  return t;
}

function frame(type, t) {
  return Buffer.from(`{"type":"${type}","topic":${JSON.stringify(t.name)},"seq":${t.seq},"data":${t.data}}`);
}

function sendSnapshots(t) {
  if (!t.pending.size || t.data === null) return;
  const snapshot = frame('snapshot', t);
  for (const ws of t.pending) if (ws.readyState === ws.OPEN) ws.send(snapshot, { binary: false });
  t.pending.clear();
}

async function refresh(t) {
  t.reading = true;
  t.dirty = false;
  try {
    const periodKey_ = periodKey(t.period, new Date());
    const board = `${prefix(t.team)}lb:${t.metric}:${periodKey_}`;
    const r = await redis.wpBoard(board, `${board}:total`, `${prefix(t.team)}names`, `${prefix(t.team)}bv`, 50);
    const rows = [];
    for (let i = 2, rank = 0, prev = null, n = 0; i + 2 < r.length; i += 3) {  // r[0]: the board version
      const count = Number(r[i + 1]);
      n += 1;
      if (count !== prev) rank = n, prev = count;  // competition ranking: equal counts share a rank
      rows.push({ rank, rep: r[i], name: r[i + 2], count });
    }
    const text = JSON.stringify({ metric: t.metric, period: t.period, period_key: periodKey_, rows, total: Number(r[1]) });
    if (text !== t.data) {
      t.data = text;
      t.seq = ++nextSeq;
      const update = frame('update', t);  // serialised once, the same Buffer for everyone
      for (const ws of t.subs) if (!t.pending.has(ws) && ws.readyState === ws.OPEN) ws.send(update, { binary: false });
    }
    sendSnapshots(t);
  } catch (e) {
    t.dirty = true;
    console.error(`peer.read_failed topic=${t.name} error="${e.message}"`);
  } finally {
    t.reading = false;
    if (t.dirty) scheduleFlush();
    if (!t.subs.size) topics.delete(t.key);
  }
}

function flush() {
  flushTimer = null;
  lastFlush = Date.now();
  for (const t of topics.values()) if (t.dirty && !t.reading) refresh(t);
}

// Leading edge: the first change after a quiet spell goes at once, later ones at most every coalesceMs.
function scheduleFlush() {
  if (flushTimer) return;
  flushTimer = setTimeout(flush, Math.max(0, lastFlush + coalesceMs - Date.now()));
}

// Change notices come by sharded pub/sub on each team's channel, subscribed with its first topic.
const listening = new Set();
function listen(teamId) {
  if (listening.has(teamId)) return;
  listening.add(teamId);
  notices.ssubscribe(`${prefix(teamId)}chg`);
}
notices.on('smessageBuffer', (channel, message) => {
  const c = channel.toString();
  const teamId = c.slice(6, c.length - 5);
  let n;
  try { n = JSON.parse(message); } catch { return; }
  if (n.kind !== 'activity') return;
  for (const p of PERIODS) {
    const t = topics.get(`${teamId}\nleaderboard:${n.metric}:${p}`);
    if (t) { t.dirty = true; scheduleFlush(); }
  }
});

// ---- requests ------------------------------------------------------------------------------
const send = (ws, obj) => ws.send(JSON.stringify(obj));
const error = (ws, req, code, message) => send(ws, req === undefined ? { type: 'error', code, message } : { type: 'error', req, code, message });
const ID = /^[A-Za-z0-9_-]{1,64}$/;

async function log(ws, me, m) {
  if (me.role === 'display') return error(ws, m.req, 'forbidden', 'a display token only reads');
  const delta = m.delta ?? 1;
  if (!me.teamData.metrics.some((x) => x.id === m.metric)) return error(ws, m.req, 'not_found', 'metric: not one of this team\'s metrics');
  if (!Number.isInteger(delta) || delta < -100 || delta > 100 || delta === 0) return error(ws, m.req, 'bad_request', 'delta: -100..100, not 0');
  if (typeof m.id !== 'string' || !ID.test(m.id)) return error(ws, m.req, 'bad_request', 'id: 1-64 characters of [A-Za-z0-9_-]');
  const P = prefix(me.team), now = new Date(), ms = now.getTime();
  const boards = PERIODS.map((p) => `${P}lb:${m.metric}:${periodKey(p, now)}`);
  try {
    // Bench reps are in no challenge: the script is told of none ('[]').
    const day = periodKey('day', now), week = periodKey('week', now);
    const r = await redis.wpLog(`${P}idem:${me.id}:${m.id}`, ...boards, ...boards.map((b) => `${b}:total`), `${P}feed`,
      `${P}rep:${me.id}:ch`, `${P}activities`, `${P}pb:${me.id}:${m.metric}`, `${P}names`,
      `${P}ms:${me.id}:${m.metric}:${day}`, `${P}ms:${me.id}:${m.metric}:${week}`, `${P}ch:open`, `${P}fence`, `${P}bv`,
      me.id, String(delta), String(IDEM_TTL_S), String(RETENTION_S), String(FEED_MAX), `${P}chg`, m.metric,
      rfc3339(now), m.id, 'web', String(ms), String(ms), rfc3339(now), String(ms - RETENTION_S * 1000),
      week, '10,25,50,100', '1',
      String(ms + 2250),  // the deadline wolfpack sets: 3/4 of its 3 s command timeout
      '[]');
    const counts = Object.fromEntries(PERIODS.map((p, i) => [p, Number(r[i + 1])]));
    const result = r[0] === 1 ? { counts, duplicate: true } : { counts };
    send(ws, { type: 'ack', req: m.req, ok: true, result });
  } catch (e) {
    error(ws, m.req, 'unavailable', `Redis: ${e.message}`);
  }
}

function subscribe(ws, me, m) {
  const parts = typeof m.topic === 'string' ? m.topic.split(':') : [];
  if (parts.length !== 3 || parts[0] !== 'leaderboard' || !PERIODS.includes(parts[2]))
    return error(ws, m.req, 'not_found', 'topic: only leaderboard:METRIC:PERIOD in this peer');
  if (!me.teamData.metrics.some((x) => x.id === parts[1])) return error(ws, m.req, 'not_found', 'topic: unknown metric');
  const t = topicOf(me.team, m.topic);
  if (m.type === 'unsubscribe') {
    t.subs.delete(ws);
    t.pending.delete(ws);
    ws.topics.delete(t);
    return send(ws, { type: 'ack', req: m.req, ok: true });
  }
  send(ws, { type: 'ack', req: m.req, ok: true });
  t.subs.add(ws);
  t.pending.add(ws);
  ws.topics.add(t);
  if (t.data !== null) sendSnapshots(t);
  else if (!t.reading) refresh(t);
}

const server = http.createServer((req, res) => {
  res.writeHead(req.url === '/readyz' || req.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' });
  res.end('{"status":"ok"}');
});
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 });

server.on('upgrade', async (req, socket, head) => {
  const url = new URL(req.url, 'http://peer');
  const auth = req.headers.authorization ?? '';
  const token = auth.startsWith('Bearer ') ? auth.slice(7) : url.searchParams.get('token');
  let me = null;
  try { me = url.pathname === '/ws' ? await authenticate(token) : null; } catch { me = null; }
  if (!me) {
    socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.topics = new Set();
    const { teamData, ...who } = me;
    send(ws, { type: 'welcome', protocol: 'wolfpack.v1', server: 'peer-node', me: who, team: teamData, now: rfc3339(new Date()) });
    ws.on('message', (data) => {
      let m;
      try { m = JSON.parse(data); } catch { return error(ws, undefined, 'bad_request', 'malformed JSON'); }
      if (m === null || typeof m !== 'object') return error(ws, undefined, 'bad_request', 'a JSON object');
      if (m.type === 'log') return log(ws, me, m);
      if (m.type === 'subscribe' || m.type === 'unsubscribe') return subscribe(ws, me, m);
      return error(ws, m.req, 'bad_request', `type: not in this peer's subset`);
    });
    ws.on('close', () => {
      for (const t of ws.topics) {
        t.subs.delete(ws);
        t.pending.delete(ws);
        if (!t.subs.size && !t.reading) topics.delete(t.key);
      }
    });
    ws.on('error', () => {});
  });
});

server.listen(Number(args.port ?? 0), args.address ?? '127.0.0.1', () => {
  console.log(`peer-node listening port=${server.address().port}`);
});
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
