// Fair scoring's screenshots for docs/ (used by screenshots.mjs): weights and targets set as a
// manager would, then the rep page's % of target board with the pad's pace and My targets, the
// activities behind a count (the pad's, a challenge score, a 12-week total), and the console's
// Scoring section, at desk and phone size.
import os from 'node:os';
import path from 'node:path';
import { openPage, until } from './harness.mjs';

const SIZES = [['', { width: 1280, height: 800 }], ['-phone', { width: 390, height: 844 }]];

// Weights and weekly targets for the demo team, through the API the console uses.
export async function setScoring(stack, tokens, reps) {
  const team = await stack.api('PATCH', '/api/v1/teams/demo', { points: { appointments: 5, proposals: 10, forward_appointments: 8 } }, tokens.manager);
  if (team.status !== 200) throw new Error(`PATCH points: ${team.status} ${JSON.stringify(team.body)}`);
  for (const [rep, , pace] of reps) {
    const targets = { calls: { week: Math.round(110 * pace / 5) * 5, day: Math.round(22 * pace) }, appointments: { week: Math.round(20 * pace) } };
    const res = await stack.api('PUT', `/api/v1/teams/demo/reps/${rep}/targets`, targets, tokens.manager);
    if (res.status !== 200) throw new Error(`PUT targets ${rep}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

export async function shootScoring(page, browser, stack, token, out) {
  const saved = [];
  // The handicap board for the week, and the pad with its pace lines and My targets open.
  await page.setViewportSize(SIZES[0][1]);
  await page.evaluate(() => scrollTo(0, 0));
  await page.click('.board-modes [data-id="pct"]');
  await page.click('.board [role="tablist"][aria-label="Period"] [data-id="week"]');
  await page.waitForSelector('.board-panel[data-mode="pct"] .rows li[data-rep="natalie"]');
  await page.click('.targets-box > summary');
  await page.waitForSelector('.tap-pace:not([hidden])');
  await page.evaluate(() => document.activeElement?.blur());
  await page.waitForTimeout(400);
  saved.push(path.join(out, 'screenshot-scoring.png'));
  await page.screenshot({ path: saved.at(-1) });
  await page.click('.targets-box > summary');
  // Not for docs/: the board and the pad on a phone, to look at while working on them.
  await page.setViewportSize(SIZES[1][1]);
  await page.waitForTimeout(300);
  await page.locator('.card.board:not(.pair-board)').screenshot({ path: path.join(os.tmpdir(), 'wolfpack-board-phone.png') });
  await page.locator('.card.pad').screenshot({ path: path.join(os.tmpdir(), 'wolfpack-pad-phone.png') });
  await page.setViewportSize(SIZES[0][1]);

  // The activities behind Natalie's count of calls today, a correction from the CRM among them.
  const total = '.stats figure[data-metric="calls"] .stat-total .count-button';
  const before = await page.getAttribute(total, 'data-count');
  const fix = await stack.api('POST', '/api/v1/activities', { metric: 'calls', rep: 'natalie', delta: -1, id: 'shot-crm-fix-1' }, token);
  if (fix.status !== 201) throw new Error(`the correction: ${fix.status} ${JSON.stringify(fix.body)}`);
  // The activities behind the count.
  await page.click('.tap-foot[data-audit="calls"]');
  await page.waitForSelector('dialog.audit[open] .audit-item');
  await until(async () => (await page.getAttribute('dialog.audit', 'data-count')) === (await page.getAttribute('dialog.audit', 'data-sum')),
    { message: 'the audit to add up' });
  for (const [suffix, size] of SIZES) {
    await page.setViewportSize(size);
    await page.waitForTimeout(300);
    saved.push(path.join(out, `screenshot-audit${suffix}.png`));
    await page.screenshot({ path: saved.at(-1) });
  }
  await page.click('dialog.audit .card-head button');
  await page.setViewportSize(SIZES[0][1]);
  // The same panel behind her score in this week's challenge against Jake (what the week's board
  // brought before it began marked) and behind a 12-week total of the stats card.
  for (const [name, selector] of [['challenge-audit', '.challenges li.ch[data-status="active"] .ch-people li.is-me .count-button'],
    ['stats-audit', total]]) {
    // The stats card follows the correction by itself, a few seconds after it.
    if (selector === total) await until(async () => (await page.getAttribute(total, 'data-count')) === String(before - 1), { timeout: 10000, message: 'the stats card to follow the correction' });
    await page.click(selector);
    await page.waitForSelector('dialog.audit[open] .audit-item');
    await until(async () => (await page.getAttribute('dialog.audit', 'data-count')) === (await page.getAttribute('dialog.audit', 'data-sum')),
      { message: `the ${name} to add up` });
    for (const [suffix, size] of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(300);
      // Not for docs/: the 12-week total's panel at desk size, like the challenge's.
      const file = name === 'stats-audit' && !suffix ? path.join(os.tmpdir(), 'wolfpack-stats-audit.png') : path.join(out, `screenshot-${name}${suffix}.png`);
      if (file.startsWith(out)) saved.push(file);
      await page.screenshot({ path: file });
    }
    await page.click('dialog.audit .card-head button');
    await page.setViewportSize(SIZES[0][1]);
  }

  const console = await openPage(browser, `${stack.baseUrl}/admin?token=${token}#scoring`, { label: 'console scoring', contextOptions: { timezoneId: 'Europe/London' } });
  await console.waitForSelector('.targets-grid tr[data-rep="natalie"] input');
  for (const [suffix, size] of SIZES) {
    await console.setViewportSize(size);
    await console.evaluate(() => { document.activeElement?.blur(); scrollTo(0, 0); });
    await console.waitForTimeout(300);
    saved.push(path.join(out, `screenshot-console-scoring${suffix}.png`));
    await console.screenshot({ path: saved.at(-1) });
  }
  const problems = console.errors.map((e) => e.text);
  if (problems.length) console.warn(`console page errors:\n${problems.join('\n')}`);
  await console.context().close();
  return saved;
}
