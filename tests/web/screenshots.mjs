// Screenshots of the pages for docs/ (not part of the test run):
//   node tests/web/screenshots.mjs
// Starts Redis and the server as the tests do, creates the demo team over the admin API, logs a
// plausible week of activity, challenges (live, won, then one proposed), check-ins and a cheer, then saves
// docs/screenshot-rep.png (1280×800), docs/screenshot-rep-phone.png (390×844),
// docs/screenshot-wall.png (1920×1080), docs/screenshot-stats.png (the 12-week chart), the pair card
// and pair board (screenshot-pair-card.png, screenshot-pair-board.png) and the
// console's (console-shots.mjs): the setup form, People and Coaching, each at 1280×800 and 390×844;
// and fair scoring's (scoring-shots.mjs): the % of target board with pace, the activities behind a
// count, the console's Scoring section.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStack, launchBrowser, openPage, until, SOURCE_DIR } from './harness.mjs';
import { shootSetup, shootConsole } from './console-shots.mjs';
import { setScoring, shootScoring } from './scoring-shots.mjs';
import { shootWall } from './wall-shots.mjs';

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
      // Tom joined last week and is finding his feet: the wall's mover this week.
      const ramp = rep === 'tom' ? (day <= 1 ? 2.8 : 0.7) : 1;
      for (const m of METRICS) {
        const n = Math.round(PER_DAY[m.id] * pace * ramp * share * (0.65 + random() * 0.7));
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

// The API takes activity at most 7 days old, so a 12-week chart would be ten empty weeks on a
// fresh server. For the picture only, Natalie's earlier weekly boards are written straight into
// Redis (the keys the stats endpoint reads: store/keys.hpp board()), a steady climb with noise.
async function seedHistory(stack, tokens) {
  const stats = await stack.api('GET', '/api/v1/reps/natalie/stats?weeks=12', undefined, tokens.natalie);
  const weeks = stats.body.weeks.slice(0, -2); // the last two hold the activity logged above
  const commands = [];
  // Natalie climbs steadily (the stats picture); the others, for the console's coaching view,
  // at their own pace.
  for (const [rep, , busy] of REPS) {
    weeks.forEach((w, i) => {
      if (rep === 'tom') return; // he joined last week (seedActivity)
      const pace = (rep === 'natalie' ? 0.75 + (i / weeks.length) * 0.35 : busy * (0.8 + random() * 0.3)) + (random() - 0.5) * 0.18;
      for (const m of METRICS) {
        const n = Math.round(PER_DAY[m.id] * 5 * pace * (0.85 + random() * 0.3));
        commands.push(`ZADD wp:{t:demo}:lb:${m.id}:${w.week} ${n} ${rep}`);
      }
    });
  }
  execFileSync('redis-cli', ['-p', String(stack.redisPort)], { input: `${commands.join('\n')}\n` });
}

// Sends one request over its own WebSocket connection from a page, as the rep of `token`.
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

const settled = (page) => until(async () => (await page.getAttribute('.status', 'data-state')) === 'online' &&
  (await page.evaluate(() => (document.querySelector('.status').dataset.waiting || '0') === '0')), { message: 'taps sent' });

// Seeding a week of activity per rep takes more than the REST budget's 600 a minute.
const stack = await startStack({ name: 'screenshots', args: ['--set', 'limits.api_activities_per_minute=1000000'] });
const browser = await launchBrowser();
try {
  // Before any team exists: the first-run setup link the server logged.
  await shootSetup(browser, await stack.setupLink(), OUT);
  const tokens = await stack.createTeam({ id: 'demo', name: 'Demo Sales Floor', tz: 'Europe/London', metrics: METRICS },
    [...REPS.map(([id, name]) => ({ id, name })), { id: 'manager', name: 'Morgan (manager)', role: 'admin' },
      { id: 'wall', name: 'Sales floor wall', role: 'display' }],
    [['natalie', 'jake'], ['priya', 'marcus'], ['sofia', 'tom']]);
  await seedActivity(stack, tokens);
  await seedHistory(stack, tokens);
  await setScoring(stack, tokens, REPS);
  fs.mkdirSync(OUT, { recursive: true });

  // The wall first: it learns challenges from the feed as they are proposed.
  const wall = await openPage(browser, `${stack.baseUrl}/wall?token=${tokens.wall}&interval=600&periods=week,day`,
    { label: 'wall', viewport: { width: 1920, height: 1080 } });
  await until(() => wall.evaluate(() => document.body.dataset.state === 'online'), { message: 'wall online' });

  const rep = await openPage(browser, `${stack.baseUrl}/?token=${tokens.natalie}`, { label: 'natalie' });
  await until(async () => (await rep.getAttribute('.status', 'data-state')) === 'online', { message: 'rep page online' });
  const as = (who, message) => request(rep, tokens[who], message);

  // A result already in: Natalie won a short calls sprint against Priya (window of a few seconds).
  const sprint = await as('natalie', { type: 'challenge.create', metric: 'calls', kind: 'most', participants: ['priya'],
    window: { start: new Date().toISOString(), end: new Date(Date.now() + 2500).toISOString() }, stakes: 'Winner picks the playlist' });
  await as('priya', { type: 'challenge.accept', challenge: sprint.result.challenge.id });
  await as('natalie', { type: 'log', metric: 'calls', id: 'shot-sprint-1' });
  // Live: Natalie against Jake on this week's appointments, and Priya against Marcus on calls.
  const live = await as('natalie', { type: 'challenge.create', metric: 'appointments', kind: 'most', participants: ['jake'],
    window: { period: 'week' }, stakes: 'Loser buys the Friday coffee' });
  await as('jake', { type: 'challenge.accept', challenge: live.result.challenge.id });
  const other = await as('priya', { type: 'challenge.create', metric: 'calls', kind: 'race', target: 150, participants: ['marcus'],
    window: { period: 'week' } });
  await as('marcus', { type: 'challenge.accept', challenge: other.result.challenge.id });
  // Pairs first: weekly matchups on calls (three pairs: two meet, one sits out this week), and
  // Natalie and Jake challenging Sofia and Tom from their pair card, Tom accepting for his pair.
  await stack.api('PATCH', '/api/v1/teams/demo', { matchups: { metric: 'calls' } }, tokens.manager);
  const pairs = await as('natalie', { type: 'challenge.create', pairs: ['p1', 'p3'], metric: 'appointments', kind: 'most',
    window: { period: 'week' }, stakes: 'Losers buy lunch' });
  await as('tom', { type: 'challenge.accept', challenge: pairs.result.challenge.id });
  await as('jake', { type: 'checkin.post', commitment: '120 calls and 6 appointments booked by Friday',
    reflection: 'Mornings work best; moving admin to after 4pm.' });

  await rep.waitForSelector('.ch[data-status="finished"]');
  // Not for docs/: the result as it lands on the page.
  await rep.waitForSelector('#party .party-card');
  await rep.waitForTimeout(900);
  const won = path.join(os.tmpdir(), 'wolfpack-rep-celebration.png');
  await rep.screenshot({ path: won });
  await rep.evaluate(() => document.querySelector('.partner .checkins-head button')?.click());
  await rep.fill('[id$="-checkin-commitment"]', '110 calls, 8 appointments, 2 proposals out');
  await rep.click('.checkin-form button[type="submit"]');
  await rep.waitForSelector('.partner .checkin-view.is-me[data-posted="true"]');
  await as('priya', { type: 'cheer', to: 'natalie', text: 'Flying today!' }).catch(() => {});

  // A few taps on the page itself: the live board, the duel and the challenge move.
  for (const key of ['2', '1', '1', '2']) {
    await rep.keyboard.press(key);
    await rep.waitForTimeout(150);
  }
  await settled(rep);
  // …and the rest of the floor keeps going, so the feed is not all Natalie.
  for (const [who, metric, n] of [['priya', 'calls', 2], ['jake', 'appointments', 1], ['sofia', 'proposals', 1], ['marcus', 'calls', 1]]) {
    for (let i = 0; i < n; i++) await as(who, { type: 'log', metric, id: `shot-late-${who}-${i}` });
  }
  await as('sofia', { type: 'cheer', to: 'tom', text: 'Great call with Acme!' });
  await until(async () => (await rep.locator('.party').count()) === 0, { timeout: 15000, message: 'the result celebration to end' });
  await rep.click('.stats button'); // numbers including the taps above
  await rep.waitForSelector('.stats svg rect');
  await rep.evaluate(() => { document.activeElement?.blur(); scrollTo(0, 0); });
  await rep.waitForTimeout(900);
  await rep.screenshot({ path: path.join(OUT, 'screenshot-rep.png') });
  // Not for docs/: the whole page, to look at every card while working on them.
  const full = path.join(os.tmpdir(), 'wolfpack-rep-full.png');
  await rep.screenshot({ path: full, fullPage: true });
  // The stats card at the two-column width, where its charts sit two by two; the sticky top
  // bar would cover part of an element scrolled under it.
  await until(async () => (await rep.locator('.toast').count()) === 0, { timeout: 10000, message: 'the cheer toast to go' });
  await rep.setViewportSize({ width: 1100, height: 900 });
  // Through the CSSOM: the page's CSP (default-src 'self') refuses an injected <style>.
  await rep.evaluate(() => document.querySelector('.topbar').style.setProperty('position', 'static', 'important'));
  await rep.waitForTimeout(300);
  await rep.locator('.card.stats').screenshot({ path: path.join(OUT, 'screenshot-stats.png') });
  // The pair card and the pair board, each on its own (1280 wide, three columns).
  await rep.setViewportSize({ width: 1280, height: 900 });
  await rep.waitForTimeout(300);
  await rep.locator('.partner').screenshot({ path: path.join(OUT, 'screenshot-pair-card.png') });
  await rep.locator('.pair-board').screenshot({ path: path.join(OUT, 'screenshot-pair-board.png') });

  // On the phone, a proposal waiting on Natalie: Jake's, for the next three months.
  const end = new Date(); end.setUTCMonth(end.getUTCMonth() + 3);
  await as('jake', { type: 'challenge.create', metric: 'forward_appointments', kind: 'most', participants: ['natalie'],
    window: { start: new Date().toISOString(), end: end.toISOString() }, stakes: 'Winner picks Friday lunch' });
  await rep.waitForSelector('.ch[data-status="proposed"]');
  await until(async () => (await rep.locator('.toast').count()) === 0, { timeout: 10000, message: 'the challenge toast to go' });
  await rep.setViewportSize({ width: 390, height: 844 });
  await rep.evaluate(() => document.querySelector('.topbar').style.removeProperty('position'));
  await rep.evaluate(() => scrollTo(0, 0));
  await rep.waitForTimeout(300);
  await rep.screenshot({ path: path.join(OUT, 'screenshot-rep-phone.png') });
  const phoneFull = path.join(os.tmpdir(), 'wolfpack-rep-phone-full.png');
  await rep.screenshot({ path: phoneFull, fullPage: true });

  await until(() => wall.evaluate(() => document.querySelectorAll('.wall-rows li').length > 0 &&
    document.querySelectorAll('.wall-h2h').length >= 2), { message: 'wall rows and challenges' });
  await until(async () => (await wall.locator('.party').count()) === 0, { timeout: 40000, message: 'the wall\'s celebrations to end' });
  await wall.waitForTimeout(1500); // the rows' entrance animation
  await wall.screenshot({ path: path.join(OUT, 'screenshot-wall.png') });
  // Not for docs/: the celebration overlay, to look at while working on the wall.
  await wall.evaluate(() => dispatchEvent(new CustomEvent('wolfpack:celebrate', { detail: { name: 'Natalie', text: 'reached 25 calls today' } })));
  await wall.waitForTimeout(1800);
  const party = path.join(os.tmpdir(), 'wolfpack-wall-celebration.png');
  await wall.screenshot({ path: party });
  console.log(`not for docs/: ${full}, ${phoneFull}, ${won}, ${party}`);

  const shots = await shootConsole(browser, stack, tokens.manager, OUT);
  shots.push(...await shootScoring(rep, browser, stack, tokens.manager, OUT));
  shots.push(...await shootWall(browser, stack, { team: 'demo', adminToken: tokens.manager, out: OUT }));

  const problems = [rep, wall].flatMap((p) => p.errors.map((e) => `${p.label}: ${e.text}`));
  if (problems.length) console.warn(`console errors:\n${problems.join('\n')}`);
  console.log(`saved ${['screenshot-rep.png', 'screenshot-rep-phone.png', 'screenshot-wall.png', 'screenshot-stats.png'].map((f) => path.join(OUT, f)).join(', ')}, ${shots.join(', ')}`);
} finally {
  await browser.close();
  await stack.stop();
}
