// The manager's console and invites in headless chromium, from an empty data directory: the
// setup link, the team, three people, a pair, an invite signing a rep in on another browser
// (no token in any URL or Referer the pages request), the rep's tap moving the coaching view,
// a metric renamed live on the rep's open page, the CSV, sign-out everywhere, and axe-core on
// the console, the rep page and the wall. Run: node --test tests/web/ (see harness.mjs)
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startStack, launchBrowser, openPage, until, killAll } from './harness.mjs';
import { axeViolations, seriousOrWorse, describe } from './axe.mjs';

let stack, browser, manager, ana;
const pages = [];
const secrets = new Map(); // text that must never be in a URL or Referer -> what it is
let setupCode = '';
let failed = false;
const test = (name, options, fn) => nodeTest(name, options, async (t) => {
  try { await fn(t); } catch (err) { failed = true; throw err; }
});
const stored = (page, key) => page.evaluate((k) => JSON.parse(localStorage.getItem(k)), key);
const count = (page, rep, metric) => page.evaluate(([r, m]) =>
  document.querySelector(`.coach-rep[data-rep="${r}"] .coach-num[data-metric="${m}"] dd`)?.dataset.count ?? null, [rep, metric]);
const section = async (page, id) => {
  await page.click(`a.console-tab[data-section="${id}"]`);
  await page.waitForSelector(`.section[data-section="${id}"]`);
};
async function open(url, label, options = {}) {
  const page = await openPage(browser, url, { label, ...options });
  pages.push(page);
  return page;
}
async function noSeriousViolations(page, what) {
  const found = await axeViolations(page);
  console.log(`axe ${what}: ${found.length ? describe(found) : 'no violations'}`);
  assert.deepEqual(seriousOrWorse(found).map((v) => v.id), [], `${what}:\n${describe(seriousOrWorse(found))}`);
}

before(async () => {
  failed = true;
  stack = await startStack({ name: 'console' });
  browser = await launchBrowser();
  failed = false;
}, { timeout: 60000 });

after(async () => {
  try {
    await browser?.close();
    await stack?.stop({ keepLogs: failed });
  } finally {
    killAll();
  }
}, { timeout: 30000 });

test('the setup link opens the form; submitting creates the team and signs the manager in', { timeout: 60000 }, async () => {
  const link = await stack.setupLink();
  setupCode = decodeURIComponent(new URL(link).hash.slice('#setup='.length));
  manager = await open(link, 'manager', { contextOptions: { timezoneId: 'America/Chicago', permissions: ['clipboard-read', 'clipboard-write'], acceptDownloads: true } });
  await manager.waitForSelector('#setup-team');
  assert.equal(new URL(manager.url()).hash, '', 'the setup code leaves the address bar');
  assert.equal(await manager.inputValue('#setup-tz'), 'America/Chicago', 'the zone comes from the browser');
  await noSeriousViolations(manager, 'the setup form');

  await manager.fill('#setup-team', 'North Sales');
  await manager.check('#setup-metric-qualified_leads');
  await manager.fill('#setup-metric-new', 'Demos booked');
  await manager.press('#setup-metric-new', 'Enter');
  await manager.fill('#setup-manager', 'Morgan Lee');
  await manager.click('form.setup button[type="submit"]');
  await manager.waitForSelector('.section[data-section="people"]');

  const token = await stored(manager, 'wolfpack.token');
  assert.ok(token, 'the manager\'s session token is kept');
  secrets.set(token, 'the manager\'s token');
  const me = await stack.api('GET', '/api/v1/me', undefined, token);
  assert.equal(me.status, 200);
  assert.deepEqual({ id: me.body.rep.id, role: me.body.rep.role, team: me.body.rep.team }, { id: 'morgan_lee', role: 'admin', team: 'north-sales' });
  const team = await stack.api('GET', '/api/v1/teams/north-sales', undefined, token);
  assert.deepEqual(team.body.team.metrics.map((m) => m.id), ['calls', 'appointments', 'proposals', 'qualified_leads', 'demos_booked']);
  assert.equal(team.body.team.tz, 'America/Chicago');

  // The link is spent: opened again, it says so before anyone types.
  const again = await open(link, 'spent setup link');
  await until(async () => /used or has expired/.test(await again.textContent('main')), { message: 'the spent setup link\'s message' });
});

test('three people added, each with an invite link and QR code, and a pair made', { timeout: 60000 }, async () => {
  for (const name of ['Ana Ruiz', 'Ben Okafor', 'Cleo Park']) {
    await manager.fill('#person-name', name);
    await manager.click('.add-person button[type="submit"]');
    const id = name.toLowerCase().replace(' ', '_');
    await manager.waitForSelector(`li.person[data-rep="${id}"] .invite-url`);
    const url = await manager.inputValue(`li.person[data-rep="${id}"] .invite-url`);
    assert.match(url, new RegExp(`^${stack.baseUrl}/join#[^?&/]{12,}$`));
    assert.ok((await manager.getAttribute(`li.person[data-rep="${id}"] svg.qr path.qr-ink`, 'd')).length > 100, 'a QR code');
  }
  await section(manager, 'pairs');
  assert.equal(await manager.locator('#pair-b option[value="ana_ruiz"]').isDisabled(), false);
  await manager.selectOption('#pair-a', 'ana_ruiz');
  assert.equal(await manager.locator('#pair-b option[value="ana_ruiz"]').isDisabled(), true, 'not a pair with oneself');
  await manager.selectOption('#pair-b', 'ben_okafor');
  await manager.click('.pair-form button[type="submit"]');
  await manager.waitForSelector('li.pair');
  assert.match(await manager.textContent('li.pair .pair-names'), /Ana Ruiz & Ben Okafor/);
  const team = await stack.api('GET', '/api/v1/teams/north-sales');
  assert.deepEqual(team.body.pairs.map((p) => [...p.reps].sort()), [['ana_ruiz', 'ben_okafor']]);
  assert.deepEqual(team.body.reps.map((r) => r.id).sort(), ['ana_ruiz', 'ben_okafor', 'cleo_park', 'morgan_lee']);
});

test('an invite opened in another browser signs the rep in, once; the address loses the code', { timeout: 60000 }, async () => {
  await section(manager, 'people');
  await manager.click('li.person[data-rep="ana_ruiz"] [data-action="copy"]');
  await until(async () => /Copied/.test(await manager.textContent('li.person[data-rep="ana_ruiz"] .invite')), { message: 'the link copied' });
  const url = await manager.evaluate(() => navigator.clipboard.readText());
  assert.equal(url, await manager.inputValue('li.person[data-rep="ana_ruiz"] .invite-url'));
  secrets.set(new URL(url).hash.slice(1), 'Ana\'s invite code');

  ana = await open(url, 'ana');
  await ana.waitForSelector('button[data-metric="calls"]');
  assert.equal(new URL(ana.url()).pathname, '/');
  assert.equal(new URL(ana.url()).hash, '');
  const token = await stored(ana, 'wolfpack.token');
  secrets.set(token, 'Ana\'s token');
  await until(async () => (await ana.getAttribute('.status', 'data-state')) === 'online', { message: 'Ana online' });
  assert.equal(await ana.locator('a[href="/admin"]').count(), 0, 'a rep\'s page never links to the console');
  // People loads the team afresh when opened: Ana's device is counted.
  await until(async () => {
    await section(manager, 'team');
    await section(manager, 'people');
    return /1 device signed in/.test(await manager.textContent('li.person[data-rep="ana_ruiz"] .person-devices').catch(() => ''));
  }, { timeout: 10000, interval: 200, message: 'the console to count Ana\'s device' });

  const spent = await open(url, 'spent invite');
  await until(async () => /used or has expired/.test(await spent.textContent('main')), { message: 'the spent invite\'s message' });
  assert.equal(await stored(spent, 'wolfpack.token'), null);

  // The manager's own rep page offers the console.
  const own = await open(`${stack.baseUrl}/`, 'manager rep page', { contextOptions: { storageState: await manager.context().storageState() } });
  await own.waitForSelector('button[data-metric="calls"]');
  assert.ok(await own.locator('a[data-link="console"]').count() > 0, 'a manager\'s page links to the console');
});

test('an invite asks before replacing someone else\'s sign-in; staying leaves the code unspent', { timeout: 30000 }, async () => {
  await manager.click('li.person[data-rep="cleo_park"] [data-action="copy"]');
  await until(async () => /Copied/.test(await manager.textContent('li.person[data-rep="cleo_park"] .invite')), { message: 'Cleo\'s link copied' });
  const url = await manager.inputValue('li.person[data-rep="cleo_park"] .invite-url');
  secrets.set(new URL(url).hash.slice(1), 'Cleo\'s invite code');
  const tab = await ana.context().newPage();
  await tab.goto(url);
  await tab.waitForSelector('[data-action="stay"]');
  assert.match(await tab.textContent('main'), /Ana Ruiz is signed in here/);
  await tab.click('[data-action="stay"]');
  await tab.waitForSelector('button[data-metric="calls"]');
  assert.equal(secrets.get(await stored(tab, 'wolfpack.token')), 'Ana\'s token', 'still Ana on this browser');
  await tab.close();
  const cleo = await open(url, 'cleo');
  await cleo.waitForSelector('button[data-metric="calls"]');
  secrets.set(await stored(cleo, 'wolfpack.token'), 'Cleo\'s token');
});

test('Ana\'s tap moves the manager\'s coaching view, without a reload', { timeout: 30000 }, async () => {
  await section(manager, 'coaching');
  await manager.waitForSelector('.coach-rep[data-rep="ana_ruiz"]');
  await manager.evaluate(() => { window.notReloaded = true; });
  const before = Number(await count(manager, 'ana_ruiz', 'calls'));
  await ana.click('button[data-metric="calls"]');
  await until(async () => Number(await count(manager, 'ana_ruiz', 'calls')) === before + 1, { timeout: 10000, message: `Ana's calls this week to read ${before + 1} on the console` });
  assert.equal(await manager.evaluate(() => window.notReloaded), true);
  assert.ok(await manager.locator('.coach-rep[data-rep="ana_ruiz"] svg.spark').count() >= 5, 'a chart per metric');
  assert.match(await manager.textContent('.coach-rep[data-rep="ana_ruiz"] .chip'), /with Ben Okafor/);
});

test('a metric renamed in the console shows on Ana\'s open page without a reload', { timeout: 30000 }, async () => {
  await ana.evaluate(() => { window.notReloaded = true; });
  await section(manager, 'team');
  await manager.fill('input[data-metric="calls"]', 'Dials');
  await manager.press('input[data-metric="calls"]', 'Enter');
  await until(async () => (await ana.textContent('button[data-metric="calls"] .tap-label')) === 'Dials', { timeout: 10000, message: 'Ana\'s +1 button to say Dials' });
  assert.equal(await ana.evaluate(() => window.notReloaded), true);
});

test('the CSV downloads with the rows', { timeout: 30000 }, async () => {
  await section(manager, 'export');
  const [download] = await Promise.all([manager.waitForEvent('download'), manager.click('.export button[type="submit"]')]);
  const text = fs.readFileSync(await download.path(), 'utf8');
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const columns = head.split(',');
  for (const c of ['at', 'at_local', 'rep', 'metric', 'delta', 'id']) assert.ok(columns.includes(c), `column ${c} in ${head}`);
  const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i], v])));
  assert.deepEqual(rows.map((r) => [r.rep, r.metric, r.delta]), [['ana_ruiz', 'calls', '1']], text);
  assert.notEqual(rows[0].at_local, rows[0].at, 'the local time in the team\'s zone (America/Chicago) beside UTC');
  await until(async () => /Downloaded: 1 activity/.test(await manager.textContent('.export .form-status')), { message: 'the row count' });
});

test('a display invite opens the wall; axe finds no serious violation on the console, the rep page and the wall', { timeout: 90000 }, async () => {
  await section(manager, 'people');
  await manager.fill('#person-name', 'Floor TV');
  await manager.selectOption('#person-role', 'display');
  await manager.click('.add-person button[type="submit"]');
  await manager.waitForSelector('li.person[data-rep="floor_tv"] .invite-url');
  const url = await manager.inputValue('li.person[data-rep="floor_tv"] .invite-url');
  secrets.set(new URL(url).hash.slice(1), 'the wall\'s invite code');
  const wall = await open(url, 'wall', { viewport: { width: 1920, height: 1080 } });
  await until(() => wall.evaluate(() => location.pathname === '/wall' && document.body.dataset.state === 'online'), { message: 'the wall online' });
  secrets.set(await stored(wall, 'wolfpack.wall.token'), 'the wall\'s token');
  await until(() => wall.evaluate(() => document.querySelectorAll('.wall-rows li').length > 0), { message: 'the wall\'s board' });
  await noSeriousViolations(wall, 'the wall');
  await noSeriousViolations(ana, 'the rep page');
  for (const id of ['team', 'people', 'pairs', 'coaching', 'export']) {
    await section(manager, id);
    await manager.waitForTimeout(300); // a section's first load
    await noSeriousViolations(manager, `the console's ${id}`);
  }
});

test('sign out everywhere closes Ana\'s page; her token stops working', { timeout: 30000 }, async () => {
  await section(manager, 'people');
  manager.once('dialog', (d) => d.accept());
  await manager.click('li.person[data-rep="ana_ruiz"] [data-action="sign-out"]');
  await until(async () => (await ana.$('#token-input')) !== null, { timeout: 15000, message: 'Ana\'s page to ask for a sign-in' });
  const token = [...secrets].find(([, what]) => what === 'Ana\'s token')[0];
  assert.equal((await stack.api('GET', '/api/v1/me', undefined, token)).status, 401);
});

test('no token or invite code in any URL or Referer the pages requested', () => {
  const all = pages.flatMap((p) => p.requests.map((r) => ({ ...r, page: p.label })));
  assert.ok(all.length > 50, `requests recorded: ${all.length}`);
  assert.ok(all.some((r) => r.websocket), 'WebSocket upgrades are among them');
  for (const r of all) {
    for (const [secret, what] of secrets) {
      assert.ok(!r.url.includes(secret), `${what} in ${r.url} (${r.page})`);
      assert.ok(!(r.referer || '').includes(secret), `${what} in the Referer of ${r.url} (${r.page})`);
    }
    assert.ok(!/[?&]token=/.test(r.url), `?token= in ${r.url}`);
    // The setup code rides in bodies only (POST /api/v1/setup/check, /api/v1/setup).
    assert.ok(!r.url.includes(setupCode), `the setup code in ${r.url}`);
    assert.ok(!(r.referer || '').includes(setupCode), `the setup code in the Referer of ${r.url}`);
  }
});

test('no console errors on the pages, other than the answers the flow expects', () => {
  // A spent link checked; a team id taken; Ana's page after "Sign out everywhere" (her socket
  // closed, the reconnect refused).
  const expected = /status of (401|409)|WebSocket connection to .* failed/;
  for (const page of pages) {
    assert.deepEqual(page.errors.map((e) => e.text).filter((t) => !expected.test(t)), [], `${page.label}: console errors`);
  }
});
