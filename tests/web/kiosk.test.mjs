// The wall as a kiosk in headless chromium against the real server: a fresh screen pairs by its
// code without a token in any URL, follows its playlist live, reloads when asked, shows an
// announcement on every screen, shows every live head-to-head when it starts mid-week, keeps
// the team's time in the team's zone, rests in quiet hours, runs the week in review on its day,
// blanks when removed, and is back soon after the server is.
import assert from 'node:assert/strict';
import { openPage, until } from './harness.mjs';
import { useKioskStack, pairWall, wsRequest, slideOf, leaks } from './kiosk-support.mjs';

const TZ = 'America/Denver';
// Every test pairs fresh screens from this one address: more than the 10 codes a minute the
// server allows by default (the limit itself is an e2e test).
const kiosk = useKioskStack({ name: 'kiosk', serverArgs: ['--set', 'displays.pairings_per_minute=1000'],
  team: { id: 'kiosk', name: 'Denver Sales Floor', tz: TZ },
  reps: [{ id: 'natalie', name: 'Natalie' }, { id: 'jake', name: 'Jake' }, { id: 'priya', name: 'Priya' },
    { id: 'tom', name: 'Tom' }, { id: 'morgan', name: 'Morgan', role: 'admin' }],
  pairs: [['natalie', 'jake'], ['priya', 'tom']] });
const { test } = kiosk;
let stack, browser, tokens, helper;
const ready = async () => {
  ({ stack, browser, tokens } = kiosk);
  helper ||= await openPage(browser, `${stack.baseUrl}/favicon.svg`, { label: 'helper' });
};
const put = (id, body) => stack.api('PUT', `/api/v1/teams/kiosk/displays/${id}`, body, tokens.morgan);
const visible = (page, sel) => page.evaluate((s) => { const el = document.querySelector(s); return Boolean(el && !el.hidden && getComputedStyle(el).display !== 'none'); }, sel);

test('a fresh screen pairs by its code; no URL it requests carries a token or the pairing secret', { timeout: 40000 }, async () => {
  await ready();
  const pairings = [];
  const wall = await pairWall(browser, stack, tokens.morgan, { name: 'Sales floor', beforeOpen: (page) => page.on('response', (r) => {
    if (r.request().method() === 'POST' && r.url().endsWith('/api/v1/displays/pairing')) pairings.push(r.json());
  }) });
  const secret = (await pairings[0]).secret;
  const secrets = [wall.token, tokens.morgan, secret];
  assert.ok(wall.token.length >= 32);
  assert.ok(secret.length >= 32);
  assert.equal((await stack.api('GET', '/api/v1/me', undefined, wall.token)).body.rep.role, 'display');
  // The pairing: one POST for the code, then the poll with the secret in its header only.
  const polls = wall.page.requests.filter((r) => r.url.includes('/api/v1/displays/pairing/'));
  assert.ok(polls.length >= 1);
  assert.deepEqual(leaks(wall.page, secrets), []);
  assert.deepEqual(wall.page.requests.filter((r) => /[?&]token=/.test(r.url)), []);
  assert.deepEqual(wall.page.errors, []);
  await wall.page.context().close();
});

test('a playlist change applies without a reload, and a reload request reloads the screen', { timeout: 40000 }, async () => {
  await ready();
  const { page, id } = await pairWall(browser, stack, tokens.morgan, { name: 'Kitchen' });
  await page.evaluate(() => { window.sameDocument = true; });
  assert.equal(await slideOf(page), 'board');
  assert.equal((await put(id, { playlist: [{ slide: 'feed', seconds: 600 }] })).status, 200);
  await until(async () => (await slideOf(page)) === 'feed', { timeout: 5000, message: 'the feed slide' });
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'no reload');
  assert.equal((await put(id, { playlist: [{ slide: 'board', seconds: 600, metric: 'appointments', period: 'week' }] })).status, 200);
  await until(() => page.evaluate(() => document.querySelector('.wall-metric')?.textContent === 'Appointments'), { message: 'the appointments board' });

  const reload = await stack.api('POST', `/api/v1/teams/kiosk/displays/${id}/reload`, undefined, tokens.morgan);
  assert.equal(reload.status, 202);
  await until(() => page.evaluate(() => window.sameDocument !== true).catch(() => false), { timeout: 8000, message: 'the screen to reload' });
  await until(() => page.evaluate(() => document.body.dataset.state === 'online'), { timeout: 10000, message: 'online again after the reload' });
  // Online comes with the welcome; the slide once display:me's snapshot follows it.
  await until(async () => (await slideOf(page)) === 'board', { timeout: 5000, message: 'its playlist to survive the reload' });
  // Identify: its name, large, for 10 s.
  await stack.api('POST', `/api/v1/teams/kiosk/displays/${id}/identify`, undefined, tokens.morgan);
  await until(() => page.evaluate(() => !document.getElementById('wall-identify').hidden &&
    document.querySelector('.identify-name')?.textContent === 'Kitchen'), { timeout: 3000, message: 'the screen\'s name' });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an announcement shows within a second on two screens and goes after its seconds', { timeout: 40000 }, async () => {
  await ready();
  const walls = [await pairWall(browser, stack, tokens.morgan, { name: 'Left' }), await pairWall(browser, stack, tokens.morgan, { name: 'Right' })];
  const text = 'Pizza at 4 — well done on the 200 calls!';
  const res = await stack.api('POST', '/api/v1/teams/kiosk/announcements', { text, seconds: 5 }, tokens.morgan);
  const sent = Date.now();
  assert.equal(res.status, 201);
  const shown = await Promise.all(walls.map(({ page }) => until(() => page.evaluate((t) =>
    !document.getElementById('wall-announce').hidden && document.querySelector('.announce-text')?.textContent === t && Date.now(), text),
  { timeout: 1000, interval: 20, message: 'the announcement on each screen within a second' })));
  const gone = await Promise.all(walls.map(({ page }) => until(() => page.evaluate(() => document.getElementById('wall-announce').hidden && Date.now()),
    { timeout: 8000, interval: 50, message: 'the announcement to go' })));
  for (let i = 0; i < walls.length; i++) {
    console.log(`announcement on screen ${i + 1}: shown ${shown[i] - sent} ms after the POST answered, gone after ${gone[i] - sent} ms`);
    assert.ok(gone[i] - sent >= 4000, 'it stays its seconds');
  }
  for (const { page } of walls) await page.context().close();
});

test('a screen started mid-week shows every live head-to-head, and a personal goal apart', { timeout: 40000 }, async () => {
  await ready();
  const ask = (who, m) => wsRequest(helper, tokens[who], m);
  const week = { period: 'week' };
  const a = await ask('natalie', { type: 'challenge.create', metric: 'calls', kind: 'most', participants: ['jake'], window: week });
  await ask('jake', { type: 'challenge.accept', challenge: a.result.challenge.id });
  const b = await ask('priya', { type: 'challenge.create', metric: 'appointments', kind: 'race', target: 12, participants: ['tom'], window: week });
  await ask('tom', { type: 'challenge.accept', challenge: b.result.challenge.id });
  const c = await ask('tom', { type: 'challenge.create', metric: 'calls', kind: 'most', participants: ['natalie'], window: { period: 'month' } });
  await ask('natalie', { type: 'challenge.accept', challenge: c.result.challenge.id });
  const goal = await ask('jake', { type: 'challenge.create', metric: 'calls', kind: 'target', target: 60, participants: [], window: week });
  const live = [a, b, c].map((x) => x.result.challenge.id);

  // Nothing on this screen's device, and none of these in the feed's newest events: a wall that
  // learnt challenges from the feed would show none of them.
  for (let i = 0; i < 60; i++) await stack.api('POST', '/api/v1/activities', { metric: 'proposals', id: `flood-${i}` }, tokens.priya);
  const { page, id } = await pairWall(browser, stack, tokens.morgan, { name: 'Mid-week' });
  await until(async () => (await page.$$eval('.wall-h2h-strip [data-challenge]', (els) => els.length)) === 3, { message: 'three head-to-heads on the strip' });
  const onStrip = await page.$$eval('.wall-h2h-strip [data-challenge]', (els) => els.map((e) => e.dataset.challenge).sort());
  assert.deepEqual(onStrip, [...live].sort());
  assert.ok(!onStrip.includes(goal.result.challenge.id), 'a personal goal is not a head to head');
  // The third card stays inside the strip (and the strip beside the side panel) at 1080p.
  const [edge, stripEnd, sideStart] = await page.evaluate(() => [
    Math.max(...[...document.querySelectorAll('.wall-h2h-strip [data-challenge]')].map((e) => e.getBoundingClientRect().right)),
    document.querySelector('.wall-h2h-strip').getBoundingClientRect().right,
    document.querySelector('.wall-side').getBoundingClientRect().left]);
  assert.ok(edge <= stripEnd + 0.5 && stripEnd <= sideStart, `the cards end at ${edge}px, the strip at ${stripEnd}px, the side panel starts at ${sideStart}px`);
  assert.equal((await put(id, { playlist: [{ slide: 'challenges', seconds: 600 }] })).status, 200);
  await until(async () => (await slideOf(page)) === 'challenges', { message: 'the challenges slide' });
  await until(async () => (await page.$$eval('.wall-h2h-big [data-challenge]', (els) => els.length)) === 3, { message: 'three cards' });
  await until(() => page.evaluate((g) => Boolean(document.querySelector(`.wall-goals [data-challenge="${g}"]`)), goal.result.challenge.id),
    { message: 'the goal among personal goals' });
  await page.context().close();
});

test('a team in America/Denver shows Denver\'s time on a screen whose browser is in Tokyo', { timeout: 30000 }, async () => {
  await ready();
  const { page } = await pairWall(browser, stack, tokens.morgan, { name: 'Tokyo office', contextOptions: { timezoneId: 'Asia/Tokyo' } });
  const denver = (ms) => new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
  const before = Date.now();
  const clock = await page.textContent('#wall-clock');
  const tokyo = await page.evaluate(() => new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));
  assert.ok([denver(before), denver(Date.now())].includes(clock), `the clock shows ${clock}, Denver is ${denver(before)}`);
  assert.notEqual(clock, tokyo, 'not the browser\'s own zone');
  assert.equal(await page.getAttribute('#wall-clock', 'data-tz'), TZ);
  await page.context().close();
});

test('at 1080p the team\'s name is not cut beside a long metric name', { timeout: 30000 }, async () => {
  await ready();
  const metrics = [{ id: 'calls', label: 'Calls' }, { id: 'appointments', label: 'Appointments' }, { id: 'proposals', label: 'Proposals' },
    { id: 'forward_appointments', label: 'Forward appointments' }];
  assert.equal((await stack.api('PATCH', '/api/v1/teams/kiosk', { metrics }, tokens.morgan)).status, 200);
  try {
    const { page, id } = await pairWall(browser, stack, tokens.morgan, { name: 'Wide' });
    assert.equal((await put(id, { playlist: [{ slide: 'board', seconds: 600, metric: 'forward_appointments', period: 'week' }] })).status, 200);
    await until(() => page.evaluate(() => document.querySelector('.wall-metric')?.textContent === 'Forward appointments'), { message: 'the long title' });
    const fits = await page.evaluate(() => ['#wall-team', '.wall-metric', '.wall-period'].map((sel) => {
      const el = document.querySelector(sel);
      return [sel, el.scrollWidth <= el.clientWidth + 1, el.textContent];
    }));
    assert.deepEqual(fits.filter(([, ok]) => !ok), [], 'nothing in the header is cut');
    assert.equal(fits[0][2], 'Denver Sales Floor');
    await page.context().close();
  } finally {
    await stack.api('PATCH', '/api/v1/teams/kiosk', { metrics: metrics.slice(0, 3) }, tokens.morgan);
  }
});

test('quiet hours dim the screen; the week in review plays on the team\'s last working day', { timeout: 40000 }, async () => {
  await ready();
  const { page, id } = await pairWall(browser, stack, tokens.morgan, { name: 'Hall' });
  const local = (offsetMin) => new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(Date.now() + offsetMin * 60000);
  const today = new Intl.DateTimeFormat('en-US', { timeZone: TZ, weekday: 'short' }).format(Date.now()).toLowerCase().slice(0, 3);
  const patch = (body) => stack.api('PATCH', '/api/v1/teams/kiosk', body, tokens.morgan);
  assert.equal((await patch({ working_days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], quiet_hours: { start: local(-60), end: local(60) } })).status, 200);
  await until(() => visible(page, '#wall-quiet'), { timeout: 5000, message: 'the quiet layer' });
  assert.equal(await page.evaluate(() => document.body.dataset.quiet), 'dim');
  assert.equal((await put(id, { quiet_mode: 'black' })).status, 200);
  await until(() => page.evaluate(() => document.body.dataset.quiet === 'black'), { message: 'black in quiet hours' });
  assert.equal((await patch({ quiet_hours: null })).status, 200);
  await until(async () => !(await visible(page, '#wall-quiet')), { timeout: 5000, message: 'awake again' });

  // Today as the only working day: today is the last one, so the review plays.
  assert.equal((await put(id, { playlist: [{ slide: 'review', seconds: 600 }, { slide: 'feed', seconds: 5 }] })).status, 200);
  await until(async () => (await slideOf(page)) === 'feed', { message: 'no review on another day: the feed' });
  assert.equal((await patch({ working_days: [today] })).status, 200);
  await until(async () => (await slideOf(page)) === 'review', { timeout: 8000, message: 'the week in review on its day (after the feed\'s 5 s)' });
  await until(() => page.evaluate(() => document.querySelectorAll('.review-pair').length === 2), { message: 'both pairs in the review' });
  assert.equal((await patch({ working_days: ['mon', 'tue', 'wed', 'thu', 'fri'] })).status, 200);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a removed screen blanks to a new pairing code; a screen is back within seconds of the server', { timeout: 60000 }, async () => {
  await ready();
  const gone = await pairWall(browser, stack, tokens.morgan, { name: 'Old TV' });
  const stays = await pairWall(browser, stack, tokens.morgan, { name: 'Lobby' });
  assert.equal((await stack.api('DELETE', `/api/v1/teams/kiosk/displays/${gone.id}`, undefined, tokens.morgan)).status, 204);
  await until(() => gone.page.evaluate((old) => { const c = document.querySelector('.pair-code')?.dataset.code; return Boolean(c && c !== old); }, gone.code),
    { timeout: 10000, message: 'a new pairing code on the removed screen' });
  assert.equal(await gone.page.evaluate(() => localStorage.getItem('wolfpack.wall.token')), null);
  assert.ok(!(await gone.page.$('.wall-row')), 'no numbers left on it');

  // An outage: the server stops, stays away for a while, comes back.
  await stack.stopServer();
  await until(() => stays.page.evaluate(() => document.body.dataset.state === 'offline'), { timeout: 10000, message: 'offline' });
  await new Promise((r) => setTimeout(r, 12000)); // long enough for the backoff to reach its cap
  await stack.startServer();
  const back = Date.now();
  await until(() => stays.page.evaluate(() => document.body.dataset.state === 'online'), { timeout: 15000, interval: 50, message: 'online again' });
  console.log(`screen live again ${Date.now() - back} ms after the server answered /readyz`);
  await until(async () => (await stays.page.$$('.wall-row')).length > 0 || (await stays.page.$('.wall-empty')), { message: 'a board again' });
  await gone.page.context().close();
  await stays.page.context().close();
});
