// The wall's screenshots for docs/ (run by screenshots.mjs after it seeded the demo team): a TV
// paired by its code, then each slide of its playlist at 1920×1080 (PNG) and 3840×2160 (JPEG, to
// keep the repository small), the pairing code, an announcement, and the console's Displays
// section with the screen in it.
import path from 'node:path';
import { openPage, until } from './harness.mjs';
import { pairWall } from './kiosk-support.mjs';

const SLIDES = [
  ['board', { slide: 'board', seconds: 600, metric: 'calls', period: 'week' }, '.wall-row'],
  ['pairs', { slide: 'pairs', seconds: 600, metric: 'calls', period: 'week' }, '.wall-pair'],
  ['challenges', { slide: 'challenges', seconds: 600 }, '.wall-h2h-big .wall-h2h'],
  ['movers', { slide: 'movers', seconds: 600, metric: 'calls' }, '.wall-mover'],
  ['feed', { slide: 'feed', seconds: 600 }, '.wall-feed-big li'],
  ['review', { slide: 'review', seconds: 600 }, '.review-pair'],
];

export async function shootWall(browser, stack, { team, adminToken, out }) {
  const saved = [];
  const shot = async (page, name, { fourK = false } = {}) => {
    await page.waitForTimeout(1400); // entrance animations
    const file = path.join(out, `screenshot-wall-${name}${fourK ? '-4k.jpg' : '.png'}`);
    await page.screenshot(fourK ? { path: file, type: 'jpeg', quality: 82 } : { path: file });
    saved.push(file);
  };
  // The pairing screen, before anyone typed its code.
  const { page, id } = await pairWall(browser, stack, adminToken, { team, name: 'Sales floor', bind: async (code, name, tv) => {
    await shot(tv, 'pairing');
    const res = await stack.api('POST', `/api/v1/teams/${team}/displays`, { code, name }, adminToken);
    if (res.status !== 201) throw new Error(`pairing: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.display.id;
  } });
  const put = (body) => stack.api('PUT', `/api/v1/teams/${team}/displays/${id}`, body, adminToken);
  const patch = (body) => stack.api('PATCH', `/api/v1/teams/${team}`, body, adminToken);
  const before = (await stack.api('GET', `/api/v1/teams/${team}`, undefined, adminToken)).body.team;
  // The working days from the week's start up to today: today is the last, so the review plays.
  const names = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  const today = names.indexOf(new Intl.DateTimeFormat('en-US', { timeZone: before.tz, weekday: 'short' }).format(Date.now()).toLowerCase().slice(0, 3));
  const first = before.week_start === 'sunday' ? 0 : 1;
  const upToToday = names.filter((_, i) => (i - first + 7) % 7 <= (today - first + 7) % 7);
  try {
    for (const [name, slide, ready] of SLIDES) {
      if (name === 'review') await patch({ working_days: upToToday });
      await page.setViewportSize({ width: 1920, height: 1080 });
      await put({ playlist: [slide] });
      await until(() => page.evaluate(([s, r]) => document.getElementById('wall-main').dataset.slide === s &&
        document.querySelectorAll(r).length > 0, [name, ready]), { timeout: 10000, message: `the ${name} slide` });
      await until(async () => (await page.locator('.party').count()) === 0, { timeout: 30000, message: 'no celebration over it' });
      await shot(page, name);
      await page.setViewportSize({ width: 3840, height: 2160 });
      await shot(page, name, { fourK: true });
    }
    await patch({ working_days: before.working_days });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await put({ playlist: [{ slide: 'board', seconds: 20, metric: 'calls', period: 'day' }, { slide: 'board', seconds: 20, metric: 'calls', period: 'week' },
      { slide: 'pairs', seconds: 15, metric: 'appointments', period: 'week' }, { slide: 'challenges', seconds: 15 },
      { slide: 'movers', seconds: 15, metric: 'calls' }, { slide: 'review', seconds: 30 }] });
    await stack.api('POST', `/api/v1/teams/${team}/announcements`, { text: 'Pizza at 4 — well done on the 200 calls!', seconds: 60 }, adminToken);
    await page.waitForSelector('#wall-announce:not([hidden])');
    await shot(page, 'announcement');
    // The console's Displays section with this screen in it (its playlist open).
    const console_ = await openPage(browser, `${stack.baseUrl}/admin?token=${adminToken}#displays`,
      { label: 'console', viewport: { width: 1280, height: 900 }, contextOptions: { timezoneId: 'Europe/London' } });
    await console_.waitForSelector(`.display[data-display="${id}"][data-online="true"]`);
    await console_.click(`.display[data-display="${id}"] button[aria-expanded]`);
    await console_.waitForSelector(`.display[data-display="${id}"] .playlist-slide`);
    await console_.evaluate(() => document.activeElement?.blur());
    await console_.waitForTimeout(300);
    saved.push(path.join(out, 'screenshot-console-displays.png'));
    await console_.screenshot({ path: saved.at(-1), fullPage: true });
    await console_.context().close();
    await page.waitForSelector('#wall-announce', { state: 'hidden', timeout: 70000 }).catch(() => {});
  } finally {
    await patch({ working_days: before.working_days, quiet_hours: before.quiet_hours });
  }
  if (page.errors.length) console.warn(`wall console errors:\n${page.errors.map((e) => e.text).join('\n')}`);
  await page.context().close();
  return saved;
}
