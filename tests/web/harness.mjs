// Test support for the web pages: a private redis-server and wolfpack server on free ports,
// the admin HTTP API, headless Debian chromium (never a downloaded browser), and polling.
// Used by pages.test.mjs and screenshots.mjs; not a test file itself.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

// By default the checkout this file is in and its build/ (as scripts/test builds it), so a
// script run by hand in any clone or worktree uses its own pages, binary and docs/.
export const SOURCE_DIR = process.env.WOLFPACK_SOURCE_DIR || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BINARY = process.env.WOLFPACK_BINARY || path.join(process.env.WOLFPACK_BUILD || path.join(SOURCE_DIR, 'build'), 'wolfpack');
export const ADMIN_TOKEN = 'web-test-admin-token-0123456789abcdef';

const children = new Set();
process.on('exit', () => { for (const child of children) child.kill('SIGKILL'); });

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function launch(command, args, logFile) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  // Both streams into one log, ended once both are drained: ending it with stdout lost the
  // stderr line of a server that refused its config, and threw "write after end".
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  children.add(child);
  child.exited = new Promise((resolve) => child.on('close', (code, signal) => {
    children.delete(child);
    log.end(() => resolve({ code, signal }));
  }));
  child.on('error', (err) => log.write(`spawn failed: ${err.message}\n`));
  return child;
}

async function stopChild(child, signal = 'SIGTERM', graceMs = 6000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const done = await Promise.race([child.exited, sleep(graceMs).then(() => null)]);
  if (!done) {
    child.kill('SIGKILL');
    await child.exited;
  }
}

function redisAnswersPing(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => { resolve(d.toString().startsWith('+PONG')); socket.destroy(); });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => { resolve(false); socket.destroy(); });
  });
}

// Polls fn until it returns a truthy value; throws with `message` and the last value otherwise.
export async function until(fn, { timeout = 5000, interval = 25, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try { last = await fn(); } catch (err) { last = err; }
    if (last && !(last instanceof Error)) return last;
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${message}; last value: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    }
    await sleep(interval);
  }
}

// Redis + wolfpack; the server can be stopped and started again on the same port. `args` go
// to `wolfpack serve` after the others (e.g. ['--set', 'key=value']); `binary` is another build
// to run (bench/page-load.mjs compares two).
export async function startStack({ name = 'web', args = [], binary = BINARY } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wolfpack-${name}-`));
  const redisPort = await freePort();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const serverLog = path.join(dir, 'wolfpack.log');
  const redis = launch('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    path.join(dir, 'redis.log'));
  await until(() => redisAnswersPing(redisPort), { timeout: 10000, message: `redis-server on port ${redisPort}` })
    .catch(async (err) => { await stopChild(redis, 'SIGKILL'); throw err; });
  let server = null;

  const stack = {
    dir, baseUrl, port, redisPort, serverLog,
    // `extra`: more arguments for this start only (a later clock: --set testing.clock_offset_s=N).
    async startServer(extra = []) {
      if (!fs.existsSync(binary)) throw new Error(`no wolfpack binary at ${binary} (set WOLFPACK_BINARY)`);
      fs.appendFileSync(serverLog, `--- start ${new Date().toISOString()}\n`);
      server = launch(binary, ['serve', '--redis-url', `redis://127.0.0.1:${redisPort}`, '--address', '127.0.0.1',
        '--port', String(port), '--data-dir', path.join(dir, 'data'), '--web-root', path.join(SOURCE_DIR, 'web'),
        '--admin-token', ADMIN_TOKEN, ...args, ...extra], serverLog);
      const current = server;
      let exited = null;
      current.exited.then((how) => { exited = how; });
      await until(async () => {
        if (exited) return true;
        const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2000) }).catch(() => null);
        return res?.status === 200;
      }, { timeout: 15000, message: `GET /readyz 200 (log: ${serverLog})` });
      // A server that stops at once (a config key it does not know, a stale binary) says why
      // on stderr: its last lines go into the error rather than a 15 s wait.
      if (exited) {
        const tail = fs.readFileSync(serverLog, 'utf8').trimEnd().split('\n').slice(-5).join('\n');
        throw new Error(`${binary} exited (${exited.signal ?? `code ${exited.code}`}) before it was ready; its log ${serverLog}:\n${tail}`);
      }
    },
    async stopServer() {
      await stopChild(server);
      server = null;
    },
    get serverRunning() { return Boolean(server && server.exitCode === null && server.signalCode === null); },
    async api(method, urlPath, body, token = ADMIN_TOKEN) {
      const res = await fetch(baseUrl + urlPath, {
        method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(10000),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async createTeam(team, reps, pairs = []) {
      const created = await stack.api('POST', '/api/v1/teams', team);
      if (created.status !== 201) throw new Error(`POST /api/v1/teams: ${created.status} ${JSON.stringify(created.body)}`);
      const tokens = {};
      for (const rep of reps) {
        const res = await stack.api('POST', `/api/v1/teams/${team.id}/reps`, rep);
        if (res.status !== 201) throw new Error(`POST reps ${rep.id}: ${res.status} ${JSON.stringify(res.body)}`);
        tokens[rep.id] = res.body.token;
      }
      for (const pair of pairs) {
        const res = await stack.api('POST', `/api/v1/teams/${team.id}/pairs`, { reps: pair });
        if (res.status !== 201) throw new Error(`POST pairs ${pair}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      return tokens;
    },
    // A rep's count on a board, read over HTTP with their own token.
    async countOf(token, rep, metric, period = 'day') {
      const res = await stack.api('GET', `/api/v1/leaderboard?metric=${metric}&period=${period}`, undefined, token);
      if (res.status !== 200) throw new Error(`GET leaderboard: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.rows.find((r) => r.rep === rep)?.count ?? 0;
    },
    // The first-run setup link (the server logs `setup.open url=…` while Redis holds no team),
    // or a fresh one from `wolfpack admin setup-link` against this stack's Redis; on this
    // stack's address either way.
    async setupLink({ fresh = false } = {}) {
      let url = null;
      if (!fresh) {
        url = await until(() => /setup\.open url=(\S+)/.exec(fs.readFileSync(serverLog, 'utf8'))?.[1], {
          timeout: 5000, message: `a setup.open line in ${serverLog}` }).catch(() => null);
      }
      if (!url) {
        const out = await run(BINARY, ['--redis-url', `redis://127.0.0.1:${redisPort}`, '--log-level', 'warn', 'admin', 'setup-link',
          '--base-url', baseUrl]);
        url = /\S*\/admin#setup=\S+/.exec(out)?.[0];
        if (!url) throw new Error(`wolfpack admin setup-link printed no link: ${out}`);
      }
      const link = new URL(url);
      return `${baseUrl}${link.pathname}${link.hash}`;
    },
    // keepLogs: leave the directory (server and Redis logs) for a look after a failure.
    async stop({ keepLogs = false } = {}) {
      await stopChild(server);
      await stopChild(redis, 'SIGKILL');
      if (keepLogs) console.error(`wolfpack and redis logs kept in ${dir}`);
      else fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await stack.startServer();
  } catch (err) {
    await stack.stop({ keepLogs: true }); // else redis-server keeps this process alive
    throw err;
  }
  return stack;
}

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')}: exit ${code}: ${out}`))));
  });
}

// Last resort for an after() hook: every process this module started, gone.
// The end of a test file: the browser closed, the stack stopped (its logs kept after a failure),
// and any child left behind killed.
export async function tearDown(browser, stack, failed) {
  try {
    await browser?.close();
    await stack?.stop({ keepLogs: failed });
  } finally {
    killAll();
  }
}

export function killAll() {
  for (const child of children) child.kill('SIGKILL');
}

export async function launchBrowser() {
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch {
    throw new Error('playwright-core is missing: run `npm ci` in tests/web (it never downloads a browser)');
  }
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking'],
    headless: true,
  });
}

// A page that records its console errors, every request it makes (URL and Referer: no token
// may ride in either) and every WebSocket frame it sends and receives. contextOptions go to
// browser.newContext (timezoneId, permissions, acceptDownloads…).
export async function openPage(browser, url, { viewport = { width: 1280, height: 800 }, label = url, contextOptions = {} } = {}) {
  const context = await browser.newContext({ viewport, ...contextOptions });
  const page = await context.newPage();
  page.label = label;
  page.errors = [];
  page.sent = [];
  page.received = [];
  page.requests = [];
  page.on('request', (r) => {
    const entry = { url: r.url(), referer: r.headers().referer ?? null };
    page.requests.push(entry);
    r.allHeaders().then((all) => { entry.referer = all.referer ?? entry.referer; }, () => {}); // what went on the wire
  });
  page.on('console', (m) => m.type() === 'error' && page.errors.push({ at: Date.now(), text: m.text() }));
  page.on('pageerror', (e) => page.errors.push({ at: Date.now(), text: `uncaught: ${e.message}` }));
  page.on('websocket', (ws) => {
    page.requests.push({ url: ws.url(), referer: null, websocket: true });
    const record = (list) => (f) => {
      try { list.push({ at: Date.now(), url: ws.url(), frame: JSON.parse(f.payload) }); } catch { /* not JSON */ }
    };
    ws.on('framesent', record(page.sent));
    ws.on('framereceived', record(page.received));
  });
  if (url) await page.goto(url);
  return page;
}
