// Partners across teams from the consoles, in headless chromium against the real server and
// Redis: North's manager makes a partner invite for Natalie, South's manager accepts it for
// Priya; both rep pages get the card without a reload ("Partners across teams", one on one rather
// than pair against pair),
// it moves with either one's taps, neither team's board shows the other's rep, and ending it in
// North's console takes the card off both pages.
// Run: node --test tests/web/   (env WOLFPACK_BINARY, WOLFPACK_SOURCE_DIR; see harness.mjs)
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, openPage, until, tearDown } from './harness.mjs';
import { tap } from './frames.mjs';

let stack, browser, north, south, natalie, priya, n, s;
let failed = false;
const test = (name, options, fn) => nodeTest(name, options, async (t) => {
  try { await fn(t); } catch (err) { failed = true; throw err; }
});
const text = (page, selector) => page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
const online = (page) => until(async () => (await page.getAttribute('.status', 'data-state')) === 'online',
  { timeout: 10000, message: `${page.label} online` });

before(async () => {
  failed = true;
  stack = await startStack({ name: 'partners' });
  n = await stack.createTeam({ id: 'north', name: 'North', tz: 'Europe/London' },
    [{ id: 'natalie', name: 'Natalie' }, { id: 'jake', name: 'Jake' }, { id: 'nora', name: 'Nora Lead', role: 'admin' }]);
  s = await stack.createTeam({ id: 'south', name: 'South', tz: 'America/Chicago' },
    [{ id: 'priya', name: 'Priya' }, { id: 'sam', name: 'Sam' }, { id: 'sid', name: 'Sid Lead', role: 'admin' }]);
  browser = await launchBrowser();
  natalie = await openPage(browser, `${stack.baseUrl}/?token=${n.natalie}`, { label: 'natalie' });
  priya = await openPage(browser, `${stack.baseUrl}/?token=${s.priya}`, { label: 'priya' });
  north = await openPage(browser, `${stack.baseUrl}/admin?token=${n.nora}#pairs`, { label: 'north console' });
  south = await openPage(browser, `${stack.baseUrl}/admin?token=${s.sid}#pairs`, { label: 'south console' });
  await online(natalie);
  await online(priya);
  failed = false;
}, { timeout: 60000 });

after(() => tearDown(browser, stack, failed), { timeout: 30000 });

test('an invite from North\'s console accepted in South\'s: one card on both pages, live, each team\'s board its own; ended from North', { timeout: 40000 }, async () => {
  await north.waitForSelector('#partner-invite-rep option[value="natalie"]', { state: 'attached' });
  await north.selectOption('#partner-invite-rep', 'natalie');
  await north.click('form[aria-label^="Invite a partner"] button[type="submit"]');
  await north.waitForSelector('.partner-code:not(:empty)');
  const code = await text(north, '.partner-code');
  assert.ok(code.length >= 12, `a code: ${code}`);

  await south.waitForSelector('#partner-accept-rep option[value="priya"]', { state: 'attached' });
  assert.equal(await south.$('#partner-accept-rep option[value="natalie"]'), null, 'South lists only its own people');
  await south.fill('#partner-accept-code', code);
  await south.selectOption('#partner-accept-rep', 'priya');
  await south.click('form[aria-label^="Accept another team"] button[type="submit"]');
  await until(async () => /Priya has a partner in another team now/.test(await text(south, '.partners-card') || ''), { message: 'South says so' });
  await south.waitForSelector('.partners li.pair');
  assert.match(await text(south, '.partners li.pair .pair-names'), /Priya & Natalie \(north\)/);
  // North's console, left open on Pairs, hears of it too (its `team` topic's partners changed).
  await until(async () => /Natalie & Priya \(south\)/.test(await text(north, '.partners li.pair .pair-names') || ''),
    { message: 'the partnership in North\'s open console' });

  // Both pages get the card without a reload; no pair against pair across teams.
  for (const [page, other] of [[natalie, 'Priya'], [priya, 'Natalie']]) {
    await until(async () => (await text(page, '.partner h2')) === `You vs ${other}`, { message: `the card on ${page.label}'s page` });
    assert.equal(await text(page, '.partner .chip'), 'Partners across teams');
    // One on one instead of pair against pair.
    assert.equal(await text(page, '.partner .pair-versus .checkins-head button'), `Challenge ${other}`);
  }
  // Priya's taps move Natalie's card; neither team's board shows the other's rep.
  await tap(priya, 'calls');
  await tap(priya, 'calls');
  await tap(natalie, 'calls');
  await until(async () => (await natalie.getAttribute('.partner .duel-line[data-metric="calls"] .theirs', 'data-count')) === '2',
    { message: 'Priya\'s 2 calls on Natalie\'s card' });
  await until(async () => (await priya.getAttribute('.partner .duel-line[data-metric="calls"] .theirs', 'data-count')) === '1',
    { message: 'Natalie\'s call on Priya\'s card' });
  assert.equal(await natalie.$('.board li[data-rep="priya"]'), null, 'North\'s board has no Priya');
  assert.equal(await priya.$('.board li[data-rep="natalie"]'), null, 'South\'s board has no Natalie');
  assert.equal((await stack.api('GET', '/api/v1/teams/south', undefined, n.nora)).status, 403, 'North\'s admin cannot read South');

  // Ended from North's console (its list read again when the section opens): the card goes from both pages.
  await north.click('a.console-tab[data-section="people"]');
  await north.click('a.console-tab[data-section="pairs"]');
  north.on('dialog', (d) => d.accept());
  await north.waitForSelector('.partners li.pair button');
  await north.click('.partners li.pair button');
  for (const page of [natalie, priya]) {
    await until(async () => (await page.$('.partner h2')) == null || !/You vs/.test(await text(page, '.partner h2')),
      { message: `no partner card on ${page.label}'s page` });
  }
  for (const page of [natalie, priya, north, south]) assert.deepEqual(page.errors, [], `no console errors on ${page.label}`);
});
