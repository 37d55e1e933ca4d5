// The rep page's first load and a repeat load in headless Chromium over a throttled network
// (Chrome DevTools Protocol: 20 ms round trip, 10 Mbit/s each way by default, about office
// Wi-Fi): bytes on the wire, requests, and the time from navigation start to the page showing
// live data (Live, and the leaderboard's rows from the server). Prints the medians as JSON.
//
//   node bench/page-load.mjs [--binary build/wolfpack]... [--runs 5] [--rtt-ms 20] [--mbit 10]
//
// Several --binary (e.g. main's build and this one) are measured in turn, run by run, each with
// its own server and Redis, so a busy machine slows them alike.
// The service worker is blocked: a page's CDP throttling does not reach the worker's own
// fetches, so with it the repeat load would bypass the throttle. Without it the repeat load is
// what the browser's HTTP cache does (as on http:// addresses other than localhost, where no
// service worker runs); with it, the worker's network-first fetch meets the same cache.
// Needs tests/web's playwright-core (npm ci there) and /usr/bin/chromium.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: opts } = parseArgs({
  options: {
    binary: { type: 'string', multiple: true, default: [path.join(here, '..', 'build', 'wolfpack')] },
    runs: { type: 'string', default: '5' },
    'rtt-ms': { type: 'string', default: '20' },
    mbit: { type: 'string', default: '10' },
  },
});
process.env.WOLFPACK_SOURCE_DIR ??= path.join(here, '..');
const { startStack, launchBrowser, killAll } = await import('../tests/web/harness.mjs');

const conditions = {
  offline: false,
  latency: Number(opts['rtt-ms']),
  downloadThroughput: (Number(opts.mbit) * 1e6) / 8,
  uploadThroughput: (Number(opts.mbit) * 1e6) / 8,
};

// Counts what one navigation puts on the wire, from the CDP Network events.
function meter(cdp) {
  let m;
  const reset = () => { m = { requests: 0, bytes: 0, notModified: 0, gzip: 0 }; };
  reset();
  cdp.on('Network.requestWillBeSent', () => { m.requests += 1; });
  cdp.on('Network.responseReceived', ({ response }) => {
    if (response.status === 304) m.notModified += 1;
    if (/gzip/i.test(response.headers['content-encoding'] ?? response.headers['Content-Encoding'] ?? '')) m.gzip += 1;
  });
  cdp.on('Network.loadingFinished', ({ encodedDataLength }) => { m.bytes += encodedDataLength; });
  return { reset, get: () => ({ ...m }) };
}

// Navigates and waits for Live and Priya's row; the time is the page's own clock.
async function load(page, url) {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(() => {
    const live = document.querySelector('.status')?.getAttribute('data-state') === 'online';
    const row = document.querySelector('.rows li[data-rep="priya"] .count')?.dataset.count === '1';
    return live && row ? performance.now() : null;
  }, null, { polling: 'raf', timeout: 30000 });
  return handle.jsonValue();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// A server of `binary` with a team whose board has a row, so "live data" can be seen.
async function stackOf(binary) {
  const stack = await startStack({ name: 'page-load', binary: path.resolve(binary) });
  stack.binary = path.resolve(binary);
  stack.tokens = await stack.createTeam({
    id: 'bench', name: 'Bench Floor', tz: 'Europe/London',
    metrics: [{ id: 'calls', label: 'Calls' }, { id: 'appointments', label: 'Appointments' }],
  }, [{ id: 'natalie', name: 'Natalie' }, { id: 'priya', name: 'Priya' }]);
  await stack.api('POST', '/api/v1/activities', { metric: 'calls', id: 'seed-priya-1' }, stack.tokens.priya);
  stack.first = [];
  stack.repeat = [];
  return stack;
}

async function measure(browser, stack) {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', conditions);
  const wire = meter(cdp);
  const firstMs = await load(page, `${stack.baseUrl}/?token=${stack.tokens.natalie}`);
  stack.first.push({ ms: firstMs, ...wire.get() });
  await page.goto('about:blank');
  wire.reset();
  const repeatMs = await load(page, `${stack.baseUrl}/`); // the token is in localStorage now
  stack.repeat.push({ ms: repeatMs, ...wire.get() });
  await context.close();
}

const summary = (runs) => ({
  ms: Math.round(median(runs.map((r) => r.ms))),
  ms_range: [Math.round(Math.min(...runs.map((r) => r.ms))), Math.round(Math.max(...runs.map((r) => r.ms)))],
  kib: Math.round(median(runs.map((r) => r.bytes)) / 102.4) / 10,
  requests: median(runs.map((r) => r.requests)),
  not_modified: median(runs.map((r) => r.notModified)),
  gzip: median(runs.map((r) => r.gzip)),
});

const stacks = [];
let browser;
try {
  for (const binary of opts.binary) stacks.push(await stackOf(binary));
  browser = await launchBrowser();
  for (const stack of stacks) await measure(browser, stack); // a warm-up each, not counted
  for (const stack of stacks) stack.first.length = stack.repeat.length = 0;
  for (let i = 0; i < Number(opts.runs); ++i)
    for (const stack of i % 2 ? [...stacks].reverse() : stacks) await measure(browser, stack);
  console.log(JSON.stringify({
    runs: Number(opts.runs), rtt_ms: conditions.latency, mbit: Number(opts.mbit),
    results: stacks.map((s) => ({ binary: s.binary, first: summary(s.first), repeat: summary(s.repeat) })),
  }, null, 2));
} finally {
  await browser?.close();
  for (const stack of stacks) await stack.stop();
  killAll();
}
