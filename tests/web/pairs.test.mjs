// Pair against pair in headless chromium against the real server and Redis: Natalie and Jake
// challenge Priya and Marcus from their pair card, Marcus accepts on his page, all four pages and
// the wall show both sides' sums move within a second of each tap's ack, and the result is
// announced on all of them. Also the pair board beside the rep board, streaks and the rhythm.
// Run: node --test tests/web/   (env WOLFPACK_BINARY, WOLFPACK_SOURCE_DIR; see harness.mjs)
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, openPage, until, tearDown } from './harness.mjs';
import { sentAndAcked, tap, allShow } from './frames.mjs';

let stack, browser, tokens, pages, wall;
let failed = false;
const test = (name, options, fn) => nodeTest(name, options, async (t) => {
  try { await fn(t); } catch (err) { failed = true; throw err; }
});

const TEAM = { id: 'duo', name: 'Duo Floor', tz: 'Europe/London' };
const REPS = [{ id: 'natalie', name: 'Natalie' }, { id: 'jake', name: 'Jake' }, { id: 'priya', name: 'Priya' },
  { id: 'marcus', name: 'Marcus' }, { id: 'wall', name: 'Floor TV', role: 'display' }];
const text = (page, selector) => page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);

before(async () => {
  failed = true;
  stack = await startStack({ name: 'pairs' });
  tokens = await stack.createTeam(TEAM, REPS, [['natalie', 'jake'], ['priya', 'marcus']]);
  browser = await launchBrowser();
  pages = {};
  for (const rep of ['natalie', 'jake', 'priya', 'marcus']) {
    pages[rep] = await openPage(browser, `${stack.baseUrl}/?token=${tokens[rep]}`, { label: rep });
  }
  wall = await openPage(browser, `${stack.baseUrl}/wall?token=${tokens.wall}&interval=600`, { label: 'wall', viewport: { width: 1920, height: 1080 } });
  for (const page of Object.values(pages)) {
    await until(async () => (await page.getAttribute('.status', 'data-state')) === 'online', { timeout: 10000, message: `${page.label} online` });
  }
  await until(() => wall.evaluate(() => document.body.dataset.state === 'online'), { message: 'the wall online' });
  failed = false;
}, { timeout: 60000 });

after(() => tearDown(browser, stack, failed), { timeout: 30000 });

test('Natalie and Jake challenge Priya and Marcus from the pair card; all four pages and the wall follow; the result is announced', { timeout: 60000 }, async () => {
  const { natalie, jake, priya, marcus } = pages;
  const from = natalie.sent.length;
  await natalie.click('.partner [aria-controls$="-challenge"]');
  await natalie.waitForSelector('.pair-ch-form select[name="opponent"] option[value="p2"]', { state: 'attached' });
  await natalie.selectOption('.pair-ch-form select[name="metric"]', 'calls');
  await natalie.selectOption('.pair-ch-form select[name="kind"]', 'race');
  await natalie.fill('.pair-ch-form input[name="target"]', '3');
  await natalie.fill('.pair-ch-form input[name="stakes"]', 'Losers buy lunch');
  await natalie.click('.pair-ch-form button[type="submit"]');
  const { sent, ack } = await sentAndAcked(natalie, 'challenge.create', from);
  assert.deepEqual({ pairs: sent.pairs, kind: sent.kind, target: sent.target, window: sent.window },
    { pairs: ['p1', 'p2'], kind: 'race', target: 3, window: { period: 'week' } });
  const id = ack.frame.result.challenge.id;

  // Either rep of the other pair may answer: Marcus accepts for both.
  for (const page of [priya, marcus]) await page.waitForSelector(`li.ch[data-challenge="${id}"] [data-action="accept"]`);
  assert.equal(await jake.$(`li.ch[data-challenge="${id}"] [data-action="accept"]`), null, 'Jake\'s pair is in already');
  const accepting = marcus.sent.length;
  await marcus.click(`.challenges li.ch[data-challenge="${id}"] [data-action="accept"]`);
  await sentAndAcked(marcus, 'challenge.accept', accepting);
  await until(async () => (await priya.$(`li.ch[data-challenge="${id}"][data-status="active"]`)) != null, { message: 'live on Priya\'s page' });
  await wall.waitForSelector(`.wall-h2h[data-challenge="${id}"] [data-pair="p2"]`);

  // Each tap moves its pair's sum on all four pages and the wall within a second of the ack.
  const everywhere = [natalie, jake, priya, marcus, wall];
  const delays = [];
  const seen = { p1: 0, p2: 0 };
  for (const [page, pair] of [[priya, 'p2'], [natalie, 'p1'], [marcus, 'p2'], [jake, 'p1']]) {
    const a = await tap(page, 'calls');
    seen[pair] += 1;
    delays.push(await allShow(everywhere, id, pair, seen[pair], a.at));
  }
  console.log(`# side sums on 4 pages and the wall: slowest after each ack ${delays.join(', ')} ms`);
  // Both reps of each side are shown, on the pair card too.
  assert.equal(await natalie.$$eval(`.partner li.ch[data-challenge="${id}"] [data-pair="p2"] li[data-rep]`, (els) => els.length), 2);

  // Natalie's second tap takes p1 to 3 first: Natalie & Jake win, told on every page and the wall.
  await tap(natalie, 'calls');
  for (const page of [natalie, jake, priya, marcus]) {
    await until(async () => (await page.$(`.challenges li.ch[data-challenge="${id}"][data-status="finished"]`)) != null,
      { timeout: 3000, message: `finished on ${page.label}'s page` });
  }
  for (const page of [natalie, jake]) {
    await until(async () => (await text(page, '#party .party-name')) === 'Your pair won', { timeout: 3000, message: `the celebration on ${page.label}'s page` });
  }
  for (const page of [priya, marcus]) {
    await until(async () => (await text(page, '#party .party-name')) === 'Natalie & Jake won', { timeout: 3000, message: `the result over ${page.label}'s page` });
  }
  await until(async () => (await text(wall, `.wall-h2h[data-challenge="${id}"] .wall-h2h-result`)) === 'Natalie & Jake won',
    { timeout: 3000, message: 'the result on the wall' });
  await until(async () => (await text(wall, '#wall-party .party-name')) === 'Natalie & Jake', { timeout: 3000, message: 'the wall\'s celebration' });
  for (const page of [...Object.values(pages), wall]) assert.deepEqual(page.errors, [], `no console errors on ${page.label}`);
});

test('the pair board beside the rep board; streaks and the rhythm on the pair card', { timeout: 30000 }, async () => {
  const { natalie, priya } = pages;
  await natalie.click('.pair-board [role="tab"][data-id="calls"]');
  await natalie.click('.pair-board [role="tab"][data-id="week"]');
  await until(async () => (await natalie.getAttribute('.pair-board li[data-pair="p1"] .count', 'data-count')) === '3', { message: 'p1 at 3 on the pair board' });
  assert.equal(await natalie.getAttribute('.pair-board li[data-pair="p2"] .count', 'data-count'), '2');
  assert.match(await text(natalie, '.pair-board li[data-pair="p1"] .name'), /^You & Jake/);
  assert.ok(await natalie.$('.pair-board li[data-pair="p1"].is-me'), 'my pair is highlighted');
  // A tap by Priya moves the pair board on Natalie's page.
  const a = await tap(priya, 'calls');
  await until(async () => (await natalie.getAttribute('.pair-board li[data-pair="p2"] .count', 'data-count')) === '3',
    { timeout: Math.max(0, a.at + 1000 - Date.now()), message: 'p2 moved on Natalie\'s pair board' });
  // Every day a working day (the team setting, live on open pages): Natalie logged today, so her
  // streak reads 1 day; the rhythm asks her for the week's commitment.
  const all = await stack.api('PATCH', `/api/v1/teams/${TEAM.id}`, { working_days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] });
  assert.equal(all.status, 200);
  await until(async () => (await natalie.getAttribute('.partner .streak[data-rep="natalie"]', 'data-streak')) === '1', { message: 'Natalie\'s 1-day streak' });
  assert.equal(await natalie.getAttribute('.partner .streak[data-rep="jake"]', 'data-streak'), '1');
  await natalie.click('.partner .rhythm [data-ask="commitment"]');
  await natalie.fill('.partner textarea[name="commitment"]', 'Five new outreach attempts');
  const from = natalie.sent.length;
  await natalie.click('.partner .checkin-form button[type="submit"]');
  await sentAndAcked(natalie, 'checkin.post', from);
  await until(async () => (await text(pages.jake, '.partner .checkin-view[data-rep="natalie"] .checkin-commitment')) === 'Five new outreach attempts',
    { message: 'Natalie\'s commitment on Jake\'s card' });
  // On a phone the pair board comes after the rep board, not above the +1 pad.
  await natalie.setViewportSize({ width: 390, height: 844 });
  const tops = await natalie.evaluate(() => ['pad', 'board', 'pairs'].map((n) => document.querySelector(`.slot-${n}`).getBoundingClientRect().top));
  assert.ok(tops[0] < tops[1] && tops[1] < tops[2], `pad, rep board, pair board top to bottom: ${tops}`);
  await natalie.setViewportSize({ width: 1280, height: 800 });
  // Committed, nothing asked (unless today is the last working day): the line says so, and only that.
  await until(async () => (await natalie.getAttribute('.partner .rhythm', 'data-ask')) !== 'commitment', { message: 'the ask answered' });
  assert.match(await text(natalie, '.partner .rhythm'), /^Committed for the week/);
  assert.doesNotMatch(await text(natalie, '.partner .rhythm'), /null/);
});
