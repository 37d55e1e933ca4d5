// Two pairs compete for a week, end to end from the pages, in headless chromium against the real
// server and Redis: the manager turns weekly matchups on in the console, the week's matchup
// shows on all four pair cards and on the wall's pairs slide (the pair board beside the
// matchup), every tap moves the sides live, and at the week's end (the server restarted with its
// clock just before it: testing.clock_offset_s) the matchup is finished once, announced on
// every page and the wall, and the next week is drawn. Then the console's pair rules: no display
// is offered as a partner, a pair is dissolved, a removed rep leaves no card behind.
// Run: node --test tests/web/   (env WOLFPACK_BINARY, WOLFPACK_SOURCE_DIR; see harness.mjs)
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, openPage, until, tearDown } from './harness.mjs';
import { tap, allShow } from './frames.mjs';

let stack, browser, tokens, pages, wall, manager, matchId;
let failed = false;
const test = (name, options, fn) => nodeTest(name, options, async (t) => {
  try { await fn(t); } catch (err) { failed = true; throw err; }
});

const TEAM = { id: 'league', name: 'League Floor', tz: 'America/Denver' };
const REPS = [{ id: 'natalie', name: 'Natalie' }, { id: 'jake', name: 'Jake' }, { id: 'priya', name: 'Priya' },
  { id: 'marcus', name: 'Marcus' }, { id: 'boss', name: 'Dana Boss', role: 'admin' }, { id: 'wall', name: 'Floor TV', role: 'display' }];
const REP_IDS = ['natalie', 'jake', 'priya', 'marcus'];
const P1 = /^(Natalie & Jake|Jake & Natalie)/; // a pair's name, in the server's order of its reps
const text = (page, selector) => page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
const online = (page) => until(async () => (await page.getAttribute('.status', 'data-state')) === 'online',
  { timeout: 10000, message: `${page.label} online` });
const wallOnline = () => until(() => wall.evaluate(() => document.body.dataset.state === 'online'), { timeout: 10000, message: 'the wall online' });
// The challenges a page was sent for a pair card (newest last).
const cardChallenges = (page, pair) => page.received.filter((r) => r.frame.topic === `pair:${pair}` && r.frame.data?.challenges)
  .flatMap((r) => r.frame.data.challenges);

before(async () => {
  failed = true;
  stack = await startStack({ name: 'matchups', args: ['--set', 'challenges.finisher_ms=200'] });
  tokens = await stack.createTeam(TEAM, REPS, [['natalie', 'jake'], ['priya', 'marcus']]);
  // Every day a working day: the week ends on a Sunday night, when a Monday-to-Friday team's wall
  // rests (quiet, no celebrations).
  const everyDay = await stack.api('PATCH', `/api/v1/teams/${TEAM.id}`, { working_days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] });
  assert.equal(everyDay.status, 200);
  // The TV plays the pairs slide only: the pair board of calls this week and the pairs' head-to-heads.
  const programmed = await stack.api('PUT', `/api/v1/teams/${TEAM.id}/displays/wall`,
    { playlist: [{ slide: 'pairs', seconds: 600, metric: 'calls', period: 'week' }] });
  assert.equal(programmed.status, 200, JSON.stringify(programmed.body));
  browser = await launchBrowser();
  pages = {};
  for (const rep of REP_IDS) pages[rep] = await openPage(browser, `${stack.baseUrl}/?token=${tokens[rep]}`, { label: rep });
  wall = await openPage(browser, `${stack.baseUrl}/wall?token=${tokens.wall}`, { label: 'wall', viewport: { width: 1920, height: 1080 } });
  manager = await openPage(browser, `${stack.baseUrl}/admin?token=${tokens.boss}#pairs`, { label: 'console' });
  for (const page of Object.values(pages)) await online(page);
  await wallOnline();
  failed = false;
}, { timeout: 60000 });

after(() => tearDown(browser, stack, failed), { timeout: 30000 });

test('matchups turned on in the console: the week\'s matchup on all four pair cards and the wall, every tap live', { timeout: 60000 }, async () => {
  await manager.waitForSelector('#matchups-metric option[value="calls"]', { state: 'attached' });
  await manager.selectOption('#matchups-metric', 'calls');
  await manager.click('form.matchups button[type="submit"]');
  await until(async () => /^On:/.test(await text(manager, 'form.matchups .form-status')), { message: 'the console says matchups are on' });

  // Drawn at once (turned on mid-week): one `most` challenge of this week, p1 against p2, already on.
  const { natalie, jake, priya, marcus } = pages;
  await natalie.waitForSelector('.partner li.ch[data-status="active"]');
  matchId = await natalie.getAttribute('.partner li.ch[data-status="active"]', 'data-challenge');
  const drawn = cardChallenges(natalie, 'p1').find((c) => c.id === matchId);
  assert.deepEqual({ kind: drawn.kind, metric: drawn.metric, sides: drawn.sides.map((s) => [s.pair, s.reps.map((r) => r.rep).sort()]) },
    { kind: 'most', metric: 'calls', sides: [['p1', ['jake', 'natalie']], ['p2', ['marcus', 'priya']]] });
  for (const page of [jake, priya, marcus]) await page.waitForSelector(`.partner li.ch[data-challenge="${matchId}"][data-status="active"]`);
  await until(async () => /This week's pair matchups \(calls\): (Natalie & Jake|Jake & Natalie) vs (Priya & Marcus|Marcus & Priya)/.test(await text(priya, '.feed') || ''),
    { message: 'the draw on the feed' }).catch(async (err) => {
    throw new Error(`${err.message}: the feed reads ${await text(priya, '.feed')}; events ${JSON.stringify(priya.received.filter((r) => r.frame.type === 'event').map((r) => r.frame.event))}`);
  });
  // The wall's pairs slide: the pair board, and the matchup beside it.
  await wall.waitForSelector('.wall-pairs-slide .wall-pairs li[data-pair="p1"]');
  await wall.waitForSelector(`.wall-pairs-slide .wall-matchups .wall-h2h[data-challenge="${matchId}"] [data-pair="p2"]`);

  // A week of taps, in short: each one moves its side on the four pages and the wall within a
  // second of its ack, and the wall's pair board with it.
  const everywhere = [natalie, jake, priya, marcus, wall];
  const delays = [];
  const sums = { p1: 0, p2: 0 };
  for (const [page, pair] of [[natalie, 'p1'], [priya, 'p2'], [jake, 'p1'], [marcus, 'p2'], [natalie, 'p1'], [jake, 'p1']]) {
    const ack = await tap(page, 'calls');
    sums[pair] += 1;
    delays.push(await allShow(everywhere, matchId, pair, sums[pair], ack.at));
  }
  console.log(`# matchup sides on 4 pages and the wall: slowest after each ack ${delays.join(', ')} ms`);
  await until(async () => (await wall.getAttribute('.wall-pairs li[data-pair="p1"] .count', 'data-count')) === '4', { message: 'p1 at 4 on the wall\'s pair board' });
  assert.equal(await wall.getAttribute('.wall-pairs li[data-pair="p2"] .count', 'data-count'), '2');
  assert.match(await text(wall, '.wall-pairs li[data-pair="p1"] .wall-pair-split'), /^(Natalie 2 · Jake 2|Jake 2 · Natalie 2)$/);
});

test('the week ends: the matchup is finished once, announced on every page and the wall, and the next week drawn', { timeout: 60000 }, async () => {
  const end = Date.parse(cardChallenges(pages.natalie, 'p1').find((c) => c.id === matchId).window.end);
  // The server comes back with its clock 10 s before the week's end (Monday 00:00 in Denver).
  await stack.stopServer();
  const offset = Math.round((end - 10000 - Date.now()) / 1000);
  await stack.startServer(['--set', `testing.clock_offset_s=${offset}`]);
  for (const page of Object.values(pages)) await online(page);
  await wallOnline();

  for (const page of Object.values(pages)) {
    await until(async () => (await page.$(`.challenges li.ch[data-challenge="${matchId}"][data-status="finished"]`)) != null,
      { timeout: 20000, message: `the matchup finished on ${page.label}'s page` });
  }
  for (const page of [pages.natalie, pages.jake]) {
    await until(async () => (await text(page, '#party .party-name')) === 'Your pair won', { timeout: 3000, message: `the celebration on ${page.label}'s page` });
  }
  for (const page of [pages.priya, pages.marcus]) {
    await until(async () => /^(Natalie & Jake|Jake & Natalie) won$/.test(await text(page, '#party .party-name')), { timeout: 3000, message: `the result on ${page.label}'s page` });
  }
  await until(async () => /^(Natalie & Jake|Jake & Natalie) won$/.test(await text(wall, `.wall-h2h[data-challenge="${matchId}"] .wall-h2h-result`)),
    { timeout: 3000, message: 'the result on the wall' });
  await until(async () => P1.test(await text(wall, '#wall-party .party-name')), { timeout: 5000, message: 'the wall\'s celebration' }).catch(async (err) => {
    throw new Error(`${err.message}: ${JSON.stringify(wall.received.filter((r) => r.frame.type === 'event' || r.frame.topic === 'display:me').map((r) => [r.at, r.frame.event?.kind || r.frame.data?.quiet]))} body ${await wall.evaluate(() => JSON.stringify(document.body.dataset))} party ${await wall.evaluate(() => document.getElementById('wall-party').outerHTML.slice(0, 300))}`);
  });
  // Once: one challenge.finished for it on each page's feed, whatever the reconnects.
  for (const page of Object.values(pages)) {
    const finished = page.received.filter((r) => r.frame.type === 'event' && r.frame.event?.kind === 'challenge.finished' && r.frame.event.challenge === matchId);
    assert.equal(finished.length, 1, `${page.label} was told once`);
  }
  // The new week: two pairs meet again (a round robin of two), drawn at its start.
  await until(async () => {
    const next = await pages.marcus.getAttribute('.partner li.ch[data-status="active"]', 'data-challenge').catch(() => null);
    return next && next !== matchId;
  }, { timeout: 10000, message: 'next week\'s matchup on Marcus\'s card' });
  // The restarted server answers 503 until it reaches Redis: a page's first requests may meet that.
  const whileDown = /ERR_CONNECTION_REFUSED|WebSocket|status of 503 \(Service Unavailable\)/;
  for (const page of [...Object.values(pages), wall]) assert.deepEqual(page.errors.filter((e) => !whileDown.test(e.text)), [],
    `no console errors on ${page.label} (other than refused connections while the server was down)`);
});

test('the console\'s pair rules: no display as a partner, a pair dissolved, a removed rep leaves no card', { timeout: 30000 }, async () => {
  await manager.click('a.console-tab[data-section="pairs"]');
  await manager.waitForSelector('.section[data-section="pairs"] li.pair[data-pair="p1"]');
  assert.equal(await manager.$$eval('#pair-a option, #pair-b option', (os) => os.filter((o) => o.value === 'wall').length), 0,
    'the display is not offered');
  const refused = await stack.api('POST', `/api/v1/teams/${TEAM.id}/pairs`, { reps: ['natalie', 'wall'] }, tokens.boss);
  assert.equal(refused.status, 400);
  manager.on('dialog', (d) => d.accept());
  // Dissolved from the console: Priya's and Marcus's pages drop the card without a reload.
  await manager.click('li.pair[data-pair="p2"] button');
  for (const page of [pages.priya, pages.marcus]) {
    await until(async () => (await page.$('.partner[data-pair="p2"]')) == null, { message: `the card gone from ${page.label}'s page` });
  }
  // Jake removed: Natalie's page no longer shows "You vs Jake".
  await manager.click('a.console-tab[data-section="people"]');
  await manager.click('li[data-rep="jake"] [data-action="remove"]');
  await until(async () => (await pages.natalie.$('.partner[data-pair="p1"]')) == null, { message: 'no card with Jake on Natalie\'s page' });
  assert.doesNotMatch(await text(pages.natalie, 'main'), /You vs Jake/);
});
