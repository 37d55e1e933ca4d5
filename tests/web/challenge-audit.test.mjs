// The score audit on the rep page in headless chromium against the real server: every count of
// Natalie's own on the page (the pad's, her board row, her part of her pair's count, the partner
// card's, her scores in a live, a finished and a pair-against-pair challenge, the stats card's
// totals, this week's bar and number, the ratios' totals) opens the activities behind it, which
// add up to the number she tapped. A count that stops opening fails the inventory below.
// With WOLFPACK_SHOTS=DIR it leaves screenshots of the panel opened from a challenge score and
// from a 12-week total, at 1280x800 and 390x844, there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, openPage, until, killAll } from './harness.mjs';
import { wsRequest } from './kiosk-support.mjs';

let stack, browser, tokens, natalie;

const TEAM = { id: 'audit', name: 'Audit Floor', tz: 'Europe/London' };
const REPS = [{ id: 'natalie', name: 'Natalie' }, { id: 'jake', name: 'Jake' }, { id: 'sofia', name: 'Sofia' }, { id: 'tom', name: 'Tom' }];
const SIZES = [['', { width: 1280, height: 800 }], ['-phone', { width: 390, height: 844 }]];
const log = (who, metric, id, delta = 1) => stack.api('POST', '/api/v1/activities', { metric, id, delta }, tokens[who]);
const iso = (ms) => new Date(ms).toISOString();

before(async () => {
  stack = await startStack({ name: 'challenge-audit' });
  tokens = await stack.createTeam(TEAM, REPS, [['natalie', 'jake'], ['sofia', 'tom']]);
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

// Clicks `selector` (the count, or the button inside it) and waits for the audit to load:
// its count must be the number shown, and its entries must add up to it.
async function openAuditOf(page, selector, what) {
  const el = page.locator(selector).first();
  await el.waitFor({ timeout: 5000 }).catch(() => assert.fail(`${what}: no ${selector} on the page`));
  const shown = Number(await el.getAttribute('data-count') ?? (await el.textContent()).replace(/[^\d-]/g, ''));
  await el.click();
  await page.waitForSelector('dialog.audit[open]', { timeout: 3000 }).catch(() => assert.fail(`${what}: ${selector} opened no activities`));
  await until(async () => (await page.getAttribute('dialog.audit', 'data-count')) === String(shown),
    { message: `${what}: the audit of ${shown}` });
  const audit = {
    shown,
    sum: Number(await page.getAttribute('dialog.audit', 'data-sum')),
    items: await page.locator('dialog.audit .audit-item').count(),
    period: await page.getAttribute('dialog.audit', 'data-period'),
    summary: await page.textContent('dialog.audit .audit-sum'),
    title: await page.textContent('dialog.audit h2'),
  };
  assert.equal(audit.sum, shown, `${what}: the entries add up to ${shown}`);
  assert.ok(audit.items > 0, `${what}: entries listed`);
  return audit;
}

const closeAudit = (page) => page.click('dialog.audit .card-head button');

async function shots(page, name) {
  const dir = process.env.WOLFPACK_SHOTS;
  if (!dir) return;
  await until(async () => (await page.locator('.party, .toast').count()) === 0, { timeout: 10000, message: 'no celebration or note over the panel' });
  for (const [suffix, size] of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${dir}/${name}${suffix}.png` });
  }
  await page.setViewportSize(SIZES[0][1]);
}

test('every count of her own on the rep page opens the activities that add up to it', { timeout: 90000 }, async () => {
  assert.equal((await log('natalie', 'calls', 'before', 2)).status, 201);
  const targets = await stack.api('PUT', '/api/v1/teams/audit/reps/natalie/targets', { calls: { week: 10 } }, tokens.natalie);
  assert.equal(targets.status, 200, JSON.stringify(targets.body));
  natalie = await openPage(browser, `${stack.baseUrl}/?token=${tokens.natalie}`, { label: 'natalie' });
  await until(async () => (await natalie.getAttribute('.status', 'data-state')) === 'online', { timeout: 10000, message: 'Natalie online' });
  const create = async (by, message) => (await wsRequest(natalie, tokens[by], { type: 'challenge.create', ...message })).result.challenge.id;
  const accept = (who, id) => wsRequest(natalie, tokens[who], { type: 'challenge.accept', challenge: id });
  const week = await create('jake', { metric: 'calls', kind: 'most', participants: ['natalie'], window: { period: 'week' } });
  await accept('natalie', week);
  const race = await create('jake', { metric: 'appointments', kind: 'race', target: 1, participants: ['natalie'],
    window: { start: iso(Date.now() - 3600000), end: iso(Date.now() + 86400000) } });
  await accept('natalie', race);
  const pairs = await create('jake', { metric: 'calls', kind: 'most', pairs: ['p1', 'p2'], window: { period: 'week' } });
  await accept('sofia', pairs);
  assert.equal((await log('natalie', 'calls', 'during')).status, 201);
  assert.equal((await log('natalie', 'calls', 'oops', -1)).status, 201);
  assert.equal((await log('natalie', 'calls', 'again', 2)).status, 201);
  assert.equal((await log('jake', 'calls', 'his')).status, 201);
  assert.equal((await log('natalie', 'appointments', 'won')).status, 201); // she wins the race at once
  await until(async () => (await natalie.getAttribute(`li.ch[data-challenge="${race}"]`, 'data-status')) === 'finished',
    { message: 'the race finished on her page' });
  // The stats card follows activity logged elsewhere (here over the API) by itself.
  await until(async () => (await natalie.getAttribute('.stats figure[data-metric="calls"] .stat-total .count-button', 'data-count')) === '4',
    { timeout: 10000, message: 'the stats card to follow her week' });

  // Her score in the week's challenge: the 2 before it (its week seeds it), +1, a correction, +2.
  const score = await openAuditOf(natalie, `.challenges li.ch[data-challenge="${week}"] li[data-rep="natalie"] .count-button`, 'challenge score');
  assert.equal(score.shown, 4);
  assert.equal(score.items, 4);
  assert.match(score.summary, /^4 calls in this challenge \([^)]+ – [^)]+\): 4 entries, 1 of them a correction, 1 from before it began \(its period's board\)\.$/);
  assert.equal(await natalie.getAttribute('dialog.audit', 'data-challenge'), week);
  assert.match(score.title, /^Natalie · Most calls$/);
  assert.equal(await natalie.locator('dialog.audit .audit-day').count(), 1, 'one day, named once over its entries');
  assert.match(await natalie.textContent('dialog.audit .audit-item[data-id="before"] .audit-what'), /^before it began · API$/);
  assert.equal(await natalie.locator('dialog.audit .audit-item', { hasText: 'before it began' }).count(), 1, 'the rest counted while it ran');
  assert.equal(await natalie.$(`li.ch[data-challenge="${week}"] li[data-rep="jake"] .count button`), null, 'Jake\'s score is his to open');
  await shots(natalie, 'screenshot-challenge-audit');
  await closeAudit(natalie);

  const total = await openAuditOf(natalie, '.stats figure[data-metric="calls"] .stat-total .count-button', '12-week total');
  assert.match(total.summary, /^4 calls in these 12 weeks \([^)]+ – [^)]+\): 4 entries/);
  await shots(natalie, 'screenshot-stats-audit');
  await closeAudit(natalie);

  // The rest of the inventory: [what, selector, the period it opens on (null: a challenge or range)].
  const counts = [
    ['the pad\'s week under its pace', '.tap-foot[data-audit="calls"] .tap-pace', 'week'],
    ['the pad\'s week without a pace', '.tap-foot[data-audit="appointments"] .tap-week', 'week'],
    ['her row on the board', '.board:not(.pair-board) .rows li[data-rep="natalie"] .count-button', 'day'],
    ['her part of her pair\'s count', '.pair-board .pair-part[data-rep="natalie"] .count-button', 'week'],
    ['the partner card\'s week', '.partner .duel-line[data-metric="calls"] .mine .count-button', 'week'],
    ['her score against the other pair', `.partner li.ch[data-challenge="${pairs}"] li[data-rep="natalie"] .count-button`, null],
    ['her final score in the race', `.challenges li.ch[data-challenge="${race}"] .ch-final[data-rep="natalie"] .count-button`, null],
    ['this week\'s bar', '.stats figure[data-metric="calls"] rect.wk.now', 'week'],
    ['this week\'s number', '.stats figure[data-metric="calls"] .now-label', 'week'],
    ['a ratio\'s calls', '.ratio[data-ratio="appointments_per_call"] .ratio-count[data-metric="calls"] .count-button', null],
    ['a ratio\'s appointments', '.ratio[data-ratio="appointments_per_call"] .ratio-count[data-metric="appointments"] .count-button', null],
  ];
  for (const [what, selector, period] of counts) {
    const audit = await openAuditOf(natalie, selector, what);
    if (period) assert.equal(audit.period, period, `${what}: opens on its period`);
    await closeAudit(natalie);
  }
  assert.deepEqual(natalie.errors, []);
});
