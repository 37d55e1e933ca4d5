// The static files as Chromium receives them: every module a page loads was named in its Link:
// rel=modulepreload header (and none it does not load), each fetched once; scripts arrive
// gzipped; a repeat load revalidates them (304) instead of fetching them again; the rep page
// still comes up live. Run: node --test tests/web/   (see harness.mjs)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, killAll } from './harness.mjs';

let stack, browser, tokens;

before(async () => {
  stack = await startStack({ name: 'static' });
  tokens = await stack.createTeam({
    id: 'static', name: 'Static Floor', tz: 'Europe/London', metrics: [{ id: 'calls', label: 'Calls' }],
  }, [{ id: 'natalie', name: 'Natalie' }, { id: 'priya', name: 'Priya' }, { id: 'wall', name: 'Wall', role: 'display' }]);
  await stack.api('POST', '/api/v1/activities', { metric: 'calls', id: 'seed-priya-1' }, tokens.priya);
  browser = await launchBrowser();
}, { timeout: 60000 });

after(async () => {
  try {
    await browser?.close();
    await stack?.stop();
  } finally {
    killAll();
  }
}, { timeout: 30000 });

// A page whose every request is recorded from CDP: URL, status, headers, type.
async function recordedPage() {
  // The service worker stays out: what is measured is the server's answers and the HTTP cache.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  page.responses = [];
  cdp.on('Network.responseReceived', ({ type, response }) => {
    const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    page.responses.push({ type, url: new URL(response.url), status: response.status, headers });
  });
  return page;
}

const preloads = (link) => [...(link ?? '').matchAll(/<([^>]+)>;\s*rel=modulepreload/g)].map((m) => m[1]);
const scripts = (page) => page.responses.filter((r) => r.type === 'Script').map((r) => r.url.pathname);

for (const [name, target] of [['rep page', '/'], ['wall', '/wall'], ['admin', '/admin'], ['join', '/join']]) {
  test(`${name}: its Link header preloads exactly the modules it loads, each fetched once, gzipped`, { timeout: 30000 }, async () => {
    const page = await recordedPage();
    try {
      await page.goto(stack.baseUrl + target, { waitUntil: 'load' });
      const doc = page.responses.find((r) => r.type === 'Document');
      assert.equal(doc.status, 200);
      assert.equal(doc.headers['content-encoding'], 'gzip');
      assert.equal(doc.headers.vary, 'Accept-Encoding');
      const announced = preloads(doc.headers.link);
      const loaded = scripts(page);
      assert.ok(loaded.length > 0, 'the page loads modules');
      assert.deepEqual([...loaded].sort(), [...new Set(loaded)].sort(), 'no module fetched twice');
      assert.deepEqual([...announced].sort(), [...loaded].sort(), 'the Link header names the modules the page loads');
      for (const r of page.responses.filter((x) => x.type === 'Script')) {
        assert.match(r.headers.etag, /^"[A-Za-z0-9_-]{22}(-gzip)?"$/, r.url.pathname);
        assert.equal(r.headers['cache-control'], 'no-cache', r.url.pathname);
      }
      const big = page.responses.filter((r) => r.type === 'Script' && r.headers['content-encoding'] === 'gzip');
      assert.ok(big.length >= loaded.length / 2, `most modules arrive gzipped (${big.length} of ${loaded.length})`);
    } finally {
      await page.context().close();
    }
  });
}

test('rep page: live after a first load, and a repeat load revalidates every file with 304s', { timeout: 30000 }, async () => {
  const page = await recordedPage();
  const live = () => page.waitForFunction(() =>
    document.querySelector('.status')?.getAttribute('data-state') === 'online' &&
    document.querySelector('.rows li[data-rep="priya"] .count')?.dataset.count === '1', null, { timeout: 15000 });
  try {
    await page.goto(`${stack.baseUrl}/?token=${tokens.natalie}`);
    await live();
    const first = page.responses.filter((r) => r.url.origin === stack.baseUrl && !r.url.pathname.startsWith('/api/'));
    page.responses = [];
    await page.goto(`${stack.baseUrl}/`);
    await live();
    const again = page.responses.filter((r) => ['Script', 'Stylesheet'].includes(r.type));
    assert.ok(again.length >= first.filter((r) => r.type === 'Script').length);
    for (const r of again) {
      assert.equal(r.status, 304, `${r.url.pathname} revalidated, not fetched again`);
      assert.equal(r.headers['content-security-policy']?.startsWith("default-src 'self'"), true, r.url.pathname);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.headers['referrer-policy'], 'no-referrer');
    }
  } finally {
    await page.context().close();
  }
});
