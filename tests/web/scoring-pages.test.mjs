// Fair scoring in headless chromium against the real server: a rep sets a weekly target, taps,
// and sees her pace and the % of target board move; her counts (the board's, the partner card's)
// open the activities behind them; most improved ranks a rep against his own last week; the wall shows the top of a board and the
// movers, and leaves out a rep who hid from it, while teammates still see her.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startStack, launchBrowser, openPage, until, killAll } from './harness.mjs';

let stack, browser, tokens, natalie, priya, jake, wall;

const TEAM = { id: 'score', name: 'Scoring Floor', tz: 'Europe/London' };
const REPS = [{ id: 'natalie', name: 'Natalie' }, { id: 'priya', name: 'Priya' }, { id: 'jake', name: 'Jake' },
  { id: 'tv', name: 'Floor TV', role: 'display' }];

// The ISO week key ("w:2026-W49") of a time on the team's (Europe/London) calendar.
function weekKey(ms) {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: TEAM.tz, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(ms)).split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  date.setUTCDate(date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7)); // the Thursday of its week
  const first = new Date(Date.UTC(date.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((date - first) / 86400000 - 3 + ((first.getUTCDay() + 6) % 7)) / 7);
  return `w:${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

const online = (page, what) => until(async () => (await page.getAttribute('.status', 'data-state')) === 'online',
  { timeout: 10000, message: `${what} to show Live` });

before(async () => {
  stack = await startStack({ name: 'scoring' });
  tokens = await stack.createTeam(TEAM, REPS, [['natalie', 'jake']]);
  // Jake made 2 calls last week (written as the log script leaves a board): his 5 this week are +3 on it.
  const zadd = spawnSync('redis-cli', ['-p', String(stack.redisPort), 'ZADD', `wp:{t:score}:lb:calls:${weekKey(Date.now() - 7 * 86400000)}`, '2', 'jake']);
  assert.equal(zadd.status, 0, String(zadd.stderr));
  for (let i = 0; i < 5; i++) await stack.api('POST', '/api/v1/activities', { metric: 'calls', id: `jake-${i}` }, tokens.jake);
  for (let i = 0; i < 9; i++) await stack.api('POST', '/api/v1/activities', { metric: 'calls', id: `priya-${i}` }, tokens.priya);
  browser = await launchBrowser();
  natalie = await openPage(browser, `${stack.baseUrl}/?token=${tokens.natalie}`, { label: 'natalie' });
  await online(natalie, 'Natalie\'s page');
}, { timeout: 60000 });

after(async () => {
  try {
    await browser?.close();
    await stack?.stop();
  } finally {
    killAll();
  }
}, { timeout: 30000 });

test('a rep sets a weekly target, taps, and sees her pace and the % of target board move', { timeout: 60000 }, async () => {
  await natalie.click('.targets-box > summary');
  await natalie.fill('#target-calls-week', '50');
  await natalie.click('.target-form button[type="submit"]');
  await until(async () => (await natalie.textContent('.target-form .form-status')) === 'Saved.', { message: 'the targets to save' });
  const pace = '.tap-cell .tap-foot[data-audit="calls"] .tap-pace';
  await until(async () => /0 \/ 50 this week/.test(await natalie.textContent(pace)), { message: 'the pace line: 0 / 50 this week' });
  assert.match(await natalie.textContent(pace), /(behind pace|ahead of pace|on pace|no working hours left)/);

  // The handicap board for the week: her 0% now.
  await natalie.click('.board-modes [data-id="pct"]');
  await natalie.click('.board [role="tablist"][aria-label="Period"] [data-id="week"]');
  const mine = '.rows li[data-rep="natalie"] .count';
  await until(async () => (await natalie.getAttribute(mine, 'data-value')) === '0', { message: 'Natalie at 0% on the % board' });

  for (let i = 0; i < 3; i++) await natalie.click('button[data-metric="calls"]');
  await until(async () => /3 \/ 50 this week/.test(await natalie.textContent(pace)), { message: 'the pace line: 3 / 50' });
  await until(async () => (await natalie.getAttribute(mine, 'data-value')) === '6', { message: 'Natalie at 6% (3 of 50)' });
  assert.equal(await natalie.textContent('.rows li[data-rep="natalie"] .row-sub'), '3 of 50');
  assert.ok(await natalie.$('.rows li[data-rep="priya"]') === null, 'Priya has no target: not on the % board');

  // The count opens its activities: three taps from the page, summing to the count.
  await natalie.click(`${mine}`);
  await natalie.waitForSelector('dialog.audit[open][data-period="week"] .audit-item');
  await until(async () => (await natalie.getAttribute('dialog.audit', 'data-count')) === '3', { message: 'the audit of the week' });
  assert.equal(await natalie.getAttribute('dialog.audit', 'data-sum'), '3');
  assert.equal(await natalie.locator('dialog.audit .audit-item').count(), 3);
  assert.match(await natalie.textContent('dialog.audit .audit-item .audit-what'), /tap/);
  await natalie.click('dialog.audit .card-head button');
  // So does her side of the partner card: the same three of this week.
  await natalie.click('.partner .duel-line[data-metric="calls"] .mine .count-button');
  await natalie.waitForSelector('dialog.audit[open][data-period="week"] .audit-item');
  await until(async () => (await natalie.getAttribute('dialog.audit', 'data-sum')) === '3', { message: 'the partner card\'s audit' });
  assert.equal(await natalie.getAttribute('dialog.audit', 'data-count'), '3');
  await natalie.click('dialog.audit .card-head button');
  assert.deepEqual(natalie.errors, []);
});

test('around me and most improved on a rep\'s page; the wall shows the top and movers, and leaves out a rep who hid', { timeout: 60000 }, async () => {
  priya = await openPage(browser, `${stack.baseUrl}/?token=${tokens.priya}`, { label: 'priya' });
  jake = await openPage(browser, `${stack.baseUrl}/?token=${tokens.jake}`, { label: 'jake' });
  // The TV plays today's calls board until the test moves it to the movers slide.
  const program = (slide) => stack.api('PUT', '/api/v1/teams/score/displays/tv', { playlist: [{ seconds: 600, metric: 'calls', ...slide }] });
  assert.equal((await program({ slide: 'board', period: 'day' })).status, 200);
  wall = await openPage(browser, `${stack.baseUrl}/wall?token=${tokens.tv}`, { label: 'wall', viewport: { width: 1920, height: 1080 } });
  await online(priya, 'Priya\'s page');
  await online(jake, 'Jake\'s page');
  await until(() => wall.evaluate(() => document.body.dataset.state === 'online'), { message: 'the wall to connect' });
  // Jake's board opens on his neighbourhood: "you are #2 of 3".
  await until(async () => /you are #2 of 3/.test(await jake.textContent('.board-caption')), { message: 'Jake\'s around-me caption' });
  // Most improved: his 5 this week against the 2 of his only earlier week.
  await jake.click('.board-modes [data-id="improved"]');
  await until(async () => (await jake.getAttribute('.board-panel[data-mode="improved"] .rows li[data-rep="jake"] .count', 'data-value')) === '3',
    { message: 'Jake +3.0 on most improved' });
  assert.equal(await jake.$('.board-panel[data-mode="improved"] .rows li[data-rep="priya"]'), null, 'Priya has no earlier week: left out');

  const wallHas = (rep) => wall.evaluate((r) => Boolean(document.querySelector(`.wall-rows li[data-rep="${r}"]`)), rep);
  await until(() => wallHas('priya'), { message: 'Priya, the leader, on the wall' });
  await until(() => wallHas('jake'), { message: 'Jake, second, on the wall' });
  assert.equal(await wallHas('natalie'), false, 'the last place is not on the wall');

  // Priya hides from the wall on her own page.
  await priya.click('#me summary');
  await priya.click('#wall-pref');
  await until(async () => /leaves you out/.test(await priya.textContent('.wall-pref-note')), { message: 'Priya\'s choice saved' });
  await until(async () => !(await wallHas('priya')), { message: 'the wall to leave Priya out' });
  assert.equal(await wall.evaluate(() => document.querySelector('.wall-rows li[data-rep="jake"] .rank').textContent), '2', 'Jake keeps his team rank');
  await jake.click('.board-modes [data-id="top"]');
  await until(() => jake.$('.rows li[data-rep="priya"]'), { message: 'Priya still on Jake\'s board' });

  // The movers: Jake, who logged today, and not Priya, who logged more but hid.
  assert.equal((await program({ slide: 'movers' })).status, 200);
  await until(() => wall.evaluate(() => Boolean(document.querySelector('.wall-mover[data-rep="jake"]'))), { message: 'Jake among the wall\'s movers' });
  assert.equal(await wall.evaluate(() => Boolean(document.querySelector('.wall-mover[data-rep="priya"]'))), false, 'Priya hid: not a mover on the wall');
  for (const page of [priya, jake, wall]) assert.deepEqual(page.errors, [], `${page.label}: console errors`);
});
