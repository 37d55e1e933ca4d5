// The score audit of a challenge and of the stats card's totals in headless chromium against the
// real server: Natalie taps her own score in a challenge (seeded by earlier calls) and her
// 12-week total, and each opens the activities behind it, adding up to the number shown.
// With WOLFPACK_SHOTS=DIR it leaves screenshots of the open panel at 1280x800 and 390x844 there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, openPage, until, killAll } from './harness.mjs';
import { wsRequest } from './kiosk-support.mjs';

let stack, browser, tokens, natalie;

const TEAM = { id: 'audit', name: 'Audit Floor', tz: 'Europe/London' };
const REPS = [{ id: 'natalie', name: 'Natalie' }, { id: 'jake', name: 'Jake' }];
const log = (who, metric, id, delta = 1) => stack.api('POST', '/api/v1/activities', { metric, id, delta }, tokens[who]);

before(async () => {
  stack = await startStack({ name: 'challenge-audit' });
  tokens = await stack.createTeam(TEAM, REPS, []);
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

async function openAuditOf(page, selector, count) {
  await until(async () => (await page.getAttribute(selector, 'data-count')) === String(count), { message: `${selector} to show ${count}` });
  await page.click(`${selector} .count-button, ${selector}.count-button, ${selector} button`);
  await page.waitForSelector('dialog.audit[open] .audit-item');
  await until(async () => (await page.getAttribute('dialog.audit', 'data-count')) === String(count), { message: 'the audit\'s count' });
  return {
    sum: await page.getAttribute('dialog.audit', 'data-sum'),
    items: await page.locator('dialog.audit .audit-item').count(),
    summary: await page.textContent('dialog.audit .audit-sum'),
  };
}

async function shots(page, name) {
  const dir = process.env.WOLFPACK_SHOTS;
  if (!dir) return;
  await page.screenshot({ path: `${dir}/${name}.png` });
}

test('a tapped challenge score and a 12-week total open the activities that add up to them', { timeout: 60000 }, async () => {
  assert.equal((await log('natalie', 'calls', 'before', 2)).status, 201);
  natalie = await openPage(browser, `${stack.baseUrl}/?token=${tokens.natalie}`, { label: 'natalie' });
  await until(async () => (await natalie.getAttribute('.status', 'data-state')) === 'online', { timeout: 10000, message: 'Natalie online' });
  const made = await wsRequest(natalie, tokens.jake, { type: 'challenge.create', metric: 'calls', kind: 'most', participants: ['natalie'],
    window: { period: 'week' } });
  const id = made.result.challenge.id;
  await wsRequest(natalie, tokens.natalie, { type: 'challenge.accept', challenge: id });
  assert.equal((await log('natalie', 'calls', 'during')).status, 201);
  assert.equal((await log('natalie', 'calls', 'oops', -1)).status, 201);
  assert.equal((await log('natalie', 'calls', 'again', 2)).status, 201);
  assert.equal((await log('jake', 'calls', 'his')).status, 201);

  // Her score: the 2 before the challenge (its week seeds it), +1, a correction, +2.
  const mine = `li.ch[data-challenge="${id}"] li[data-rep="natalie"] .count`;
  const score = await openAuditOf(natalie, mine, 4);
  assert.equal(score.sum, '4');
  assert.equal(score.items, 4);
  assert.match(score.summary, /^4 calls in this challenge: 4 entries, 1 of them a correction\.$/);
  assert.equal(await natalie.getAttribute('dialog.audit', 'data-challenge'), id);
  assert.match(await natalie.textContent('dialog.audit h2'), /Natalie · Calls challenge/);
  assert.equal(await natalie.$(`li.ch[data-challenge="${id}"] li[data-rep="jake"] .count button`), null, 'Jake\'s score is his to open');
  await shots(natalie, 'challenge-audit');
  await natalie.setViewportSize({ width: 390, height: 844 });
  await shots(natalie, 'challenge-audit-phone');
  await natalie.setViewportSize({ width: 1280, height: 800 });
  await natalie.click('dialog.audit .card-head button');

  // The stats card's total of the 12 weeks: the same 4 calls.
  await natalie.click('.stats .card-head button'); // Refresh: the stats are read at load
  const total = await openAuditOf(natalie, '.stats figure[data-metric="calls"] .stat-total .count-button', 4);
  assert.equal(total.sum, '4');
  assert.match(total.summary, /^4 calls in these 12 weeks: 4 entries/);
  await shots(natalie, 'stats-total-audit');
  await natalie.click('dialog.audit .card-head button');
  assert.deepEqual(natalie.errors, []);
});
