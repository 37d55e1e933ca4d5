// Screenshots of the pages for docs/ (not part of the test run):
//   node tests/web/screenshots.mjs
// Starts Redis and the server as the tests do, creates the demo team over the admin API, logs a
// plausible week of activity and a challenge, then saves docs/screenshot-rep.png (1280×800),
// docs/screenshot-rep-phone.png (390×844) and docs/screenshot-wall.png (1920×1080).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStack, launchBrowser, openPage, until, SOURCE_DIR } from './harness.mjs';

const OUT = path.join(SOURCE_DIR, 'docs');
const METRICS = [
  { id: 'calls', label: 'Calls' }, { id: 'appointments', label: 'Appointments' },
  { id: 'proposals', label: 'Proposals' }, { id: 'forward_appointments', label: 'Forward appointments' },
];
// The demo team of `wolfpack admin demo`, and how busy each rep is.
const REPS = [
  ['natalie', 'Natalie', 1.05], ['jake', 'Jake', 0.9], ['priya', 'Priya', 1.2], ['marcus', 'Marcus', 0.7],
  ['sofia', 'Sofia', 0.95], ['tom', 'Tom', 0.5],
];
const PER_DAY = { calls: 22, appointments: 4, proposals: 1.6, forward_appointments: 1.1 };

// A small seeded generator: the same pictures on every run.
let seed = 20261124;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

async function seedActivity(stack, tokens) {
  const now = Date.now();
  for (const [rep, , pace] of REPS) {
    const activities = [];
    for (let day = 0; day < 6; day++) {
      // Today is only partly done: activity from the last few hours.
      const hours = day === 0 ? 5 : 9;
      const share = day === 0 ? 0.55 : 1;
      for (const m of METRICS) {
        const n = Math.round(PER_DAY[m.id] * pace * share * (0.65 + random() * 0.7));
        for (let i = 0; i < n; i++) {
          const at = now - day * 86400000 - 120000 - random() * hours * 3600000;
          activities.push({ metric: m.id, id: `shot-${rep}-${m.id}-${day}-${i}`, at: new Date(at).toISOString() });
        }
      }
    }
    activities.sort((a, b) => a.at.localeCompare(b.at));
    for (let i = 0; i < activities.length; i += 500) {
      const res = await stack.api('POST', '/api/v1/activities', { activities: activities.slice(i, i + 500) }, tokens[rep]);
      if (res.status !== 200) throw new Error(`seeding ${rep}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }
}

// Sends one request over a page's own WebSocket connection to the server, as that rep.
function request(page, token, message) {
  return page.evaluate(([t, m]) => new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${location.host}/ws?token=${t}`);
    ws.onmessage = (e) => {
      const f = JSON.parse(e.data);
      if (f.type === 'welcome') ws.send(JSON.stringify({ ...m, req: 1 }));
      else if (f.req === 1) { ws.close(); (f.type === 'ack' ? resolve : reject)(f); }
    };
    ws.onerror = () => reject(new Error('WebSocket failed'));
  }), [token, message]);
}

const stack = await startStack({ name: 'screenshots' });
const browser = await launchBrowser();
try {
  const tokens = await stack.createTeam({ id: 'demo', name: 'Demo Sales Floor', tz: 'Europe/London', metrics: METRICS },
    [...REPS.map(([id, name]) => ({ id, name })), { id: 'manager', name: 'Morgan (manager)', role: 'admin' },
      { id: 'wall', name: 'Sales floor wall', role: 'display' }],
    [['natalie', 'jake'], ['priya', 'marcus']]);
  await seedActivity(stack, tokens);
  fs.mkdirSync(OUT, { recursive: true });

  const rep = await openPage(browser, `${stack.baseUrl}/?token=${tokens.natalie}`, { label: 'natalie' });
  await until(async () => (await rep.getAttribute('.status', 'data-state')) === 'online', { message: 'rep page online' });
  const created = await request(rep, tokens.natalie, {
    type: 'challenge.create', metric: 'appointments', kind: 'most', participants: ['jake'],
    window: { period: 'week' }, stakes: 'Loser buys the Friday coffee',
  });
  await request(rep, tokens.jake, { type: 'challenge.accept', challenge: created.result.challenge.id });
  await request(rep, tokens.priya, { type: 'cheer', to: 'natalie', text: 'Flying today!' }).catch(() => {});

  // A few taps on the page itself: the undo bar and the live board show them.
  for (const key of ['1', '1', '2']) {
    await rep.keyboard.press(key);
    await rep.waitForTimeout(150);
  }
  await rep.waitForSelector('.h2h-challenge');
  await until(async () => (await rep.getAttribute('.status', 'data-state')) === 'online' &&
    (await rep.evaluate(() => !document.querySelector('.status').dataset.waiting || document.querySelector('.status').dataset.waiting === '0')),
  { message: 'taps sent' });
  await rep.waitForTimeout(900);
  await rep.screenshot({ path: path.join(OUT, 'screenshot-rep.png') });

  await rep.setViewportSize({ width: 390, height: 844 });
  await until(async () => (await rep.locator('.toast').count()) === 0, { timeout: 10000, message: 'the cheer toast to go' });
  await rep.waitForTimeout(300);
  await rep.screenshot({ path: path.join(OUT, 'screenshot-rep-phone.png') });

  const wall = await openPage(browser, `${stack.baseUrl}/wall?token=${tokens.wall}&interval=600`,
    { label: 'wall', viewport: { width: 1920, height: 1080 } });
  await until(() => wall.evaluate(() => document.body.dataset.state === 'online' &&
    document.querySelectorAll('.wall-rows li').length > 0), { message: 'wall online with rows' });
  await wall.waitForTimeout(1500); // the rows' entrance animation
  await wall.screenshot({ path: path.join(OUT, 'screenshot-wall.png') });
  // Not for docs/: the celebration overlay, to look at while working on the wall.
  await wall.evaluate(() => dispatchEvent(new CustomEvent('wolfpack:celebrate', { detail: { name: 'Natalie', text: 'reached 25 calls today' } })));
  await wall.waitForTimeout(1800);
  const party = path.join(os.tmpdir(), 'wolfpack-wall-celebration.png');
  await wall.screenshot({ path: party });
  console.log(`celebration (not for docs/): ${party}`);

  const problems = [rep, wall].flatMap((p) => p.errors.map((e) => `${p.label}: ${e.text}`));
  if (problems.length) console.warn(`console errors:\n${problems.join('\n')}`);
  console.log(`saved ${['screenshot-rep.png', 'screenshot-rep-phone.png', 'screenshot-wall.png'].map((f) => path.join(OUT, f)).join(', ')}`);
} finally {
  await browser.close();
  await stack.stop();
}
