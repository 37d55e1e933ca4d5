// Partners across teams challenge each other, in headless chromium against the real server and
// Redis: Jake (Alpha, at a desk) challenges Natalie (Beta, on a phone) from the pair card; she
// accepts on hers; both cards show both counts move with each one's taps, and the result on
// both. Each team's board keeps its own people. With PARTNER_SHOTS_DIR set, the card's states
// are saved there (partner-challenge-*.png).
// Run: node --test tests/web/   (env WOLFPACK_BINARY, WOLFPACK_SOURCE_DIR; see harness.mjs)
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startStack, launchBrowser, openPage, until, tearDown } from './harness.mjs';
import { sentAndAcked, tap } from './frames.mjs';

let stack, browser, jake, natalie, pair;
let failed = false;
const test = (name, options, fn) => nodeTest(name, options, async (t) => {
  try { await fn(t); } catch (err) { failed = true; throw err; }
});
const text = (page, selector) => page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
const online = (page) => until(async () => (await page.getAttribute('.status', 'data-state')) === 'online',
  { timeout: 10000, message: `${page.label} online` });
// The card alone: the sticky top bar, toasts and celebrations left out of the picture.
const shoot = async (page, name) => {
  if (!process.env.PARTNER_SHOTS_DIR) return;
  const hide = (on) => page.evaluate((v) => {
    document.querySelector('.topbar').style.position = v ? 'static' : '';
    for (const s of ['#toasts', '#party']) document.querySelector(s).style.display = v ? 'none' : '';
  }, on);
  await hide(true);
  await page.locator('.partner').screenshot({ path: path.join(process.env.PARTNER_SHOTS_DIR, `partner-challenge-${name}.png`) });
  await hide(false);
};

before(async () => {
  failed = true;
  stack = await startStack({ name: 'cross-challenges', args: ['--set', 'live.coalesce_ms=20'] });
  const a = await stack.createTeam({ id: 'alpha', name: 'Alpha', tz: 'Europe/London' },
    [{ id: 'jake', name: 'Jake' }, { id: 'marcus', name: 'Marcus' }, { id: 'ana', name: 'Ana Lead', role: 'admin' }]);
  const b = await stack.createTeam({ id: 'beta', name: 'Beta', tz: 'Europe/London' },
    [{ id: 'natalie', name: 'Natalie' }, { id: 'sofia', name: 'Sofia' }, { id: 'bo', name: 'Bo Lead', role: 'admin' }]);
  const invite = await stack.api('POST', '/api/v1/teams/alpha/partner-invites', { rep: 'jake' }, a.ana);
  const made = await stack.api('POST', '/api/v1/teams/beta/partner-invites/accept', { code: invite.body.code, rep: 'natalie' }, b.bo);
  assert.equal(made.status, 201, JSON.stringify(made.body));
  pair = made.body.pair.id;
  browser = await launchBrowser();
  jake = await openPage(browser, `${stack.baseUrl}/?token=${a.jake}`, { label: 'jake' });
  natalie = await openPage(browser, `${stack.baseUrl}/?token=${b.natalie}`, { label: 'natalie', viewport: { width: 390, height: 844 } });
  await online(jake);
  await online(natalie);
  failed = false;
}, { timeout: 60000 });

after(() => tearDown(browser, stack, failed), { timeout: 30000 });

test('Jake challenges his partner in another team from the pair card; both pages move and show the result', { timeout: 40000 }, async () => {
  const card = (id) => `.partner li.ch[data-challenge="${id}"]`;
  const countOn = (page, id, rep) => page.evaluate((s) => document.querySelector(s)?.dataset.count ?? null, `${card(id)} li[data-rep="${rep}"] .count`);
  await until(async () => (await text(jake, '.partner h2')) === 'You vs Natalie', { message: 'the card on Jake\'s page' });
  const open = jake.locator('.partner .pair-versus .checkins-head button');
  assert.equal(await open.textContent(), 'Challenge Natalie');
  await open.click();
  await jake.selectOption(`#pch-${pair}-kind`, 'race');
  await jake.fill(`#pch-${pair}-target`, '3');
  await jake.fill(`#pch-${pair}-stakes`, 'Loser buys the coffee');
  const from = jake.sent.length;
  await jake.click(`form[aria-label="Challenge Natalie"] button[type="submit"]`);
  const { ack } = await sentAndAcked(jake, 'challenge.create', from);
  const id = ack.frame.result.challenge.id;
  assert.equal(ack.frame.result.challenge.across_teams, true);

  // Natalie is asked on her card (and in her challenges); Jake's says whom it waits for.
  await natalie.waitForSelector(`${card(id)} button[data-action="accept"]`);
  await jake.waitForSelector(card(id));
  assert.match(await text(jake, `${card(id)} .ch-when`), /waiting for Natalie/);
  assert.ok(await natalie.$(`.challenges li.ch[data-challenge="${id}"] button[data-action="accept"]`), 'in her challenges too');
  await shoot(jake, 'proposed-desk');
  await shoot(natalie, 'proposed-phone');
  await natalie.click(`${card(id)} button[data-action="accept"]`);
  await until(async () => (await jake.getAttribute(card(id), 'data-status')) === 'active', { message: 'live on Jake\'s card' });

  // Each one's tap reaches the other team's page.
  const jakeTap = await tap(jake, 'calls');
  await until(async () => ((await countOn(natalie, id, 'jake')) === '1' ? Date.now() : null), { message: 'Jake\'s call on Natalie\'s card' })
    .then((at) => console.log(`# from Jake's ack to Natalie's page (the other team): ${at - jakeTap.at} ms`));
  await tap(natalie, 'calls');
  await tap(natalie, 'calls');
  await until(async () => (await countOn(jake, id, 'natalie')) === '2', { message: 'Natalie\'s calls on Jake\'s card' });
  await shoot(jake, 'live-desk');
  await shoot(natalie, 'live-phone');

  // Natalie's third call wins the race: both pages say so.
  const last = await tap(natalie, 'calls');
  const shown = await until(async () => (/Natalie won/.test(await text(jake, `${card(id)} .ch-result`) || '') ? Date.now() : null),
    { message: 'the result on Jake\'s card' });
  console.log(`# from Natalie's winning ack to the result on Jake's page: ${shown - last.at} ms`);
  await until(async () => /You won/.test(await text(natalie, `${card(id)} .ch-result`) || ''), { message: 'the result on Natalie\'s card' });
  assert.match(await text(jake, `${card(id)} .ch-result`), /Natalie 3 · You 1/);
  // His own score opens the activities behind it, read from his team's half; hers is not his to open.
  await jake.click(`${card(id)} .ch-final[data-rep="jake"] button[data-audit="${id}"]`);
  await jake.waitForSelector('dialog.audit[open]', { timeout: 3000 });
  await until(async () => (await jake.getAttribute('dialog.audit', 'data-count')) === '1', { message: 'the audit of Jake\'s 1' });
  assert.equal(await jake.getAttribute('dialog.audit', 'data-sum'), '1');
  assert.equal(await jake.$(`${card(id)} .ch-final[data-rep="natalie"] button`), null, 'Natalie\'s score is text on Jake\'s page');
  await jake.click('dialog.audit .card-head button');
  await shoot(jake, 'finished-desk');
  await shoot(natalie, 'finished-phone');

  // Each team's board keeps its own.
  assert.equal(await jake.$('.board li[data-rep="natalie"]'), null, 'Alpha\'s board has no Natalie');
  assert.equal(await natalie.$('.board li[data-rep="jake"]'), null, 'Beta\'s board has no Jake');
  for (const page of [jake, natalie]) assert.deepEqual(page.errors, [], `no console errors on ${page.label}`);
});
