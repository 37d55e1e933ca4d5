// The console's screenshots for docs/ (used by screenshots.mjs): the setup form, People with an
// invite's QR code open, and Coaching, each at desk (1280×800) and phone (390×844) size.
import path from 'node:path';
import { openPage, until } from './harness.mjs';

const SIZES = [['', { width: 1280, height: 800 }], ['-phone', { width: 390, height: 844 }]];

// The form filled in part, as a manager would have it half way through; not submitted.
export async function shootSetup(browser, link, out) {
  const page = await openPage(browser, link, { label: 'setup', contextOptions: { timezoneId: 'Europe/London' } });
  await page.waitForSelector('#setup-team');
  await page.fill('#setup-team', 'North Sales');
  await page.check('#setup-metric-forward_appointments');
  await page.fill('#setup-metric-new', 'Demos booked');
  await page.press('#setup-metric-new', 'Enter');
  await page.fill('#setup-manager', 'Morgan Lee');
  await page.evaluate(() => document.activeElement?.blur());
  for (const [suffix, size] of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => scrollTo(0, 0));
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(out, `screenshot-setup${suffix}.png`) });
  }
  await page.context().close();
  return SIZES.map(([suffix]) => path.join(out, `screenshot-setup${suffix}.png`));
}

export async function shootConsole(browser, stack, token, out) {
  // An old-style link, taken off the address bar into storage once (storage.js takeToken).
  const page = await openPage(browser, `${stack.baseUrl}/admin?token=${token}#people`, { label: 'console', contextOptions: { timezoneId: 'Europe/London' } });
  await page.waitForSelector('li.person[data-rep="priya"]');
  await page.click('li.person[data-rep="priya"] [data-action="qr"]');
  await page.waitForSelector('li.person[data-rep="priya"] svg.qr');
  const saved = [];
  for (const [suffix, size] of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => { document.activeElement?.blur(); scrollTo(0, 0); });
    // On the phone: Priya's row with its link and QR code just under the sticky bars.
    if (suffix) await page.evaluate(() => scrollTo(0, document.querySelector('li.person[data-rep="priya"]').getBoundingClientRect().top + scrollY - 120));
    await page.waitForTimeout(300);
    saved.push(path.join(out, `screenshot-console-people${suffix}.png`));
    await page.screenshot({ path: saved.at(-1) });
  }
  await page.setViewportSize(SIZES[0][1]);
  await page.click('a.console-tab[data-section="coaching"]');
  await page.waitForSelector('.coach-rep[data-rep="natalie"] svg.spark');
  await until(() => page.evaluate(() => !document.querySelector('.coach-list[aria-busy]')), { message: 'coaching loaded' });
  for (const [suffix, size] of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => scrollTo(0, 0));
    await page.waitForTimeout(300);
    saved.push(path.join(out, `screenshot-console-coaching${suffix}.png`));
    await page.screenshot({ path: saved.at(-1) });
  }
  // Pairs: the pairs, weekly matchups and partners in other teams (a fresh invite code shown).
  await page.setViewportSize(SIZES[0][1]);
  await page.click('a.console-tab[data-section="pairs"]');
  await page.waitForSelector('li.pair[data-pair="p1"]');
  await page.waitForSelector('#matchups-metric option[value="calls"]', { state: 'attached' });
  await page.click('form.partner-form button[type="submit"]');
  await page.waitForSelector('.partner-code:not(:empty)');
  for (const [suffix, size] of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => { document.activeElement?.blur(); scrollTo(0, 0); });
    await page.waitForTimeout(300);
    saved.push(path.join(out, `screenshot-console-pairs${suffix}.png`));
    await page.screenshot({ path: saved.at(-1), fullPage: true });
  }
  const problems = page.errors.map((e) => e.text);
  if (problems.length) console.warn(`console page errors:\n${problems.join('\n')}`);
  await page.context().close();
  return saved;
}
