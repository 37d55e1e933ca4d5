// A TV paired, programmed and announced to from the manager's console alone: the code typed into
// Displays → Pair a TV, the screen binding itself, its playlist edited and applied live, identify
// and reload, an announcement, the screen hours, and removal blanking it. No request of either
// page carries a token, an invite code or the pairing secret in its URL or Referer.
import assert from 'node:assert/strict';
import { openPage, until } from './harness.mjs';
import { useKioskStack, pairWall, slideOf, leaks } from './kiosk-support.mjs';

const kiosk = useKioskStack({ name: 'kiosk-console', team: { id: 'kiosk', name: 'Console Floor', tz: 'Europe/London' },
  reps: [{ id: 'natalie', name: 'Natalie' }, { id: 'jake', name: 'Jake' }, { id: 'morgan', name: 'Morgan', role: 'admin' }],
  pairs: [['natalie', 'jake']] });

// The manager signed in on the console's own browser with an invite, as people do.
async function consolePage() {
  const { stack, browser, tokens } = kiosk;
  const invite = await stack.api('POST', '/api/v1/teams/kiosk/reps/morgan/invite', undefined, tokens.morgan);
  assert.equal(invite.status, 201);
  const page = await openPage(browser, `${stack.baseUrl}/join#${invite.body.code}`, { label: 'console' });
  await page.waitForURL(/\/$/);
  await page.goto(`${stack.baseUrl}/admin#displays`);
  await page.waitForSelector('.display-pair-form');
  return { page, code: invite.body.code };
}

kiosk.test('a screen is paired, programmed, announced to and removed from the console alone', { timeout: 90000 }, async () => {
  const { stack, browser } = kiosk;
  const { page: console_, code: inviteCode } = await consolePage();
  const typed = [];
  const wall = await pairWall(browser, stack, null, { name: 'Sales floor', bind: async (code, name) => {
    // As a person types it off the screen: lower case, with a space.
    const spoken = `${code.slice(0, 3)} ${code.slice(3)}`.toLowerCase();
    typed.push(spoken);
    await console_.fill('#pair-code', spoken);
    await console_.fill('#pair-name', name);
    await console_.click('.display-pair-form button[type="submit"]');
    await console_.waitForSelector('.display[data-display] .display-name-input');
    return console_.getAttribute('.display[data-display]', 'data-display');
  } });
  assert.equal(typed.length, 1);
  assert.match(await console_.textContent('.display-pair-form + .form-status'), /Paired: “Sales floor”/);
  // The console lists it as on now (its socket reported in); the section reads the list again
  // when opened.
  await until(async () => {
    await console_.evaluate(() => { location.hash = '#team'; });
    await console_.evaluate(() => { location.hash = '#displays'; });
    await console_.waitForSelector(`.display[data-display="${wall.id}"]`);
    return (await console_.getAttribute(`.display[data-display="${wall.id}"]`, 'data-online')) === 'true';
  }, { timeout: 10000, interval: 500, message: 'the screen listed as on now' });
  assert.match(await console_.textContent(`.display[data-display="${wall.id}"] .display-seen`), /On now/);

  // Its playlist: one slide, the feed, saved from the editor; the screen follows without a reload.
  await wall.page.evaluate(() => { window.sameDocument = true; });
  const row = `.display[data-display="${wall.id}"]`;
  await console_.click(`${row} button[aria-expanded]`);
  await console_.waitForSelector(`${row} .playlist-slide`);
  while ((await console_.$$(`${row} .playlist-slide`)).length > 1) await console_.click(`${row} .playlist-slide:last-child button:has-text("Remove")`);
  await console_.selectOption(`${row} .playlist-slide select[aria-label="Slide 1"]`, 'feed');
  await console_.fill(`${row} input[aria-label="Seconds of slide 1"]`, '600');
  await console_.click(`${row} .playlist-form button[type="submit"]`);
  await until(async () => (await slideOf(wall.page)) === 'feed', { timeout: 5000, message: 'the feed on the screen' });
  assert.equal(await wall.page.evaluate(() => window.sameDocument), true, 'applied without a reload');

  // Identify, then reload, from the console.
  await console_.click(`${row} button:has-text("Identify")`);
  await until(() => wall.page.evaluate(() => !document.getElementById('wall-identify').hidden &&
    document.querySelector('.identify-name')?.textContent === 'Sales floor'), { timeout: 3000, message: 'its name on the screen' });
  await console_.click(`${row} button:has-text("Reload")`);
  await until(() => wall.page.evaluate(() => window.sameDocument !== true).catch(() => false), { timeout: 8000, message: 'the screen reloaded' });
  await until(async () => (await slideOf(wall.page).catch(() => null)) === 'feed', { timeout: 10000, message: 'its playlist after the reload' });

  // An announcement from the console, on the screen within a second.
  const text = 'Pizza at 4 — well done on the 200 calls!';
  await console_.fill('#announce-text', text);
  await console_.selectOption('#announce-seconds', '10');
  const sent = Date.now();
  await console_.click('.announce-form button[type="submit"]');
  await until(() => wall.page.evaluate((t) => document.querySelector('.announce-text')?.textContent === t, text),
    { timeout: 1500, interval: 20, message: 'the announcement on the screen' });
  console.log(`announcement from the console on the screen ${Date.now() - sent} ms after the click`);

  // Screen hours: Saturday and Sunday off, quiet from 19:00 to 07:00.
  await console_.evaluate(() => {
    for (const box of document.querySelectorAll('.day-check input')) box.checked = !['sat', 'sun'].includes(box.value);
  });
  await console_.check('#quiet-on');
  await console_.fill('#quiet-start', '19:00');
  await console_.fill('#quiet-end', '07:00');
  await console_.click('.screen-hours button[type="submit"]');
  await until(async () => {
    const team = (await stack.api('GET', '/api/v1/teams/kiosk', undefined, kiosk.tokens.morgan)).body.team;
    return team.working_days.join() === 'mon,tue,wed,thu,fri' && team.quiet_hours?.start === '19:00' && team.quiet_hours?.end === '07:00';
  }, { message: 'the screen hours saved' });

  // Removed: the screen blanks to a new pairing code.
  console_.once('dialog', (d) => d.accept());
  await console_.click(`${row} button:has-text("Remove")`);
  await until(() => wall.page.evaluate((old) => { const c = document.querySelector('.pair-code')?.dataset.code; return Boolean(c && c !== old); }, wall.code),
    { timeout: 10000, message: 'a new pairing code on the removed screen' });
  await until(async () => !(await console_.$(row)), { message: 'the screen gone from the list' });

  const secrets = [wall.token, inviteCode, kiosk.tokens.morgan, await console_.evaluate(() => JSON.parse(localStorage.getItem('wolfpack.token')))];
  assert.deepEqual(leaks(console_, secrets), []);
  assert.deepEqual(leaks(wall.page, secrets), []);
  assert.deepEqual(console_.errors, []);
  // The removed screen's last try with its old sign-in is refused, as it should be; nothing else.
  assert.deepEqual(wall.page.errors.filter((e) => !/401|Authentication failed/.test(e.text)), []);
});
