// Celebrations never hide the game, on a real wall: 20 milestones in 10 s (ten reps reaching 10
// calls today, then 25) give at most the overlays the configured share of screen time
// allows, and none while a head-to-head's countdown on screen is in its last minute.
import assert from 'node:assert/strict';
import { openPage, until } from './harness.mjs';
import { useKioskStack, pairWall, wsRequest } from './kiosk-support.mjs';

// 1 % of 10 minutes is 6 s: three celebrations of 2 s.
const PERCENT = 1, SECONDS = 2, ALLOWED = Math.floor((PERCENT / 100) * 600 / SECONDS);
const RACERS = Array.from({ length: 10 }, (_, i) => ({ id: `r${i}`, name: `Rep ${i}` }));
const party = useKioskStack({ name: 'kiosk-party', serverArgs: ['--set', `wall.celebration_percent=${PERCENT}`,
  '--set', `wall.celebration_seconds=${SECONDS}`], team: { id: 'kiosk', name: 'Party Floor', tz: 'Europe/London' },
  reps: [...RACERS, { id: 'natalie', name: 'Natalie' }, { id: 'jake', name: 'Jake' }, { id: 'boss', name: 'Boss', role: 'admin' }] });

party.test('20 milestones in 10 s: at most the configured overlays, none in a visible countdown\'s last minute', { timeout: 90000 }, async () => {
  const { stack, browser, tokens } = party;
  const { page, id } = await pairWall(browser, stack, tokens.boss, { name: 'Floor' });
  const set = await stack.api('PUT', `/api/v1/teams/kiosk/displays/${id}`, { playlist: [{ slide: 'board', seconds: 600, metric: 'calls', period: 'day' }] }, tokens.boss);
  assert.equal(set.status, 200);
  // Every celebration the page draws, with the shortest countdown on screen at that moment.
  await page.evaluate(() => {
    window.parties = [];
    new MutationObserver((changes) => {
      for (const c of changes) for (const node of c.addedNodes) {
        if (!node.classList?.contains('party')) continue;
        const lefts = [...document.querySelectorAll('[data-ends]')].filter((el) => el.offsetParent !== null)
          .map((el) => Number(el.dataset.ends) - Date.now());
        window.parties.push({ at: Date.now(), left: lefts.length ? Math.min(...lefts) : null, text: node.textContent });
      }
    }).observe(document.getElementById('wall-party'), { childList: true });
  });

  // A head-to-head ending in 14 s: its whole countdown is its last minute.
  const helper = await openPage(browser, `${stack.baseUrl}/favicon.svg`, { label: 'helper' });
  const end = Date.now() + 14000;
  const made = await wsRequest(helper, tokens.natalie, { type: 'challenge.create', metric: 'calls', kind: 'most', participants: ['jake'],
    window: { start: new Date().toISOString(), end: new Date(end).toISOString() } });
  await wsRequest(helper, tokens.jake, { type: 'challenge.accept', challenge: made.result.challenge.id });
  await until(() => page.evaluate(() => Boolean(document.querySelector('.wall-h2h-strip:not([hidden]) [data-ends]'))), { message: 'the countdown on screen' });

  for (const [i, rep] of RACERS.entries()) {
    for (const [from, to] of [[0, 10], [10, 25]]) {
      const activities = Array.from({ length: to - from }, (_, k) => ({ metric: 'calls', id: `party-${rep.id}-${from + k}` }));
      const res = await stack.api('POST', '/api/v1/activities', { activities }, tokens[rep.id]);
      assert.equal(res.status, 200);
    }
    if (i < RACERS.length - 1) await new Promise((r) => setTimeout(r, 1000));
  }
  // Ten reps at 10 and then 25 calls: 20 milestones (one a log: 10 today, then 25 today) reached the wall.
  await until(() => page.received.filter((r) => r.frame.type === 'event' && r.frame.event.kind === 'milestone').length === 20,
    { timeout: 5000, message: '20 milestone events on the wall' });

  // Past the end, and long enough for more than the allowed share if nothing held them back.
  await until(() => Date.now() > end + 14000, { timeout: 40000, interval: 250, message: 'the observation to end' });
  const parties = await page.evaluate(() => window.parties);
  console.log(`celebrations drawn: ${parties.length} (allowed ${ALLOWED}): ${JSON.stringify(parties.map((p) => ({ after_end_ms: p.at - end, left: p.left, text: p.text })))}`);
  assert.ok(parties.length >= 1, 'celebrations still come once the countdown is over');
  assert.ok(parties.length <= ALLOWED, `${parties.length} celebrations, at most ${ALLOWED} allowed`);
  for (const p of parties) assert.ok(p.left === null || p.left <= 0 || p.left > 60000, `a celebration with ${p.left} ms on a countdown`);
  assert.ok(parties.some((p) => / and /.test(p.text)), 'a burst for one rep is one line ("10 calls today and 25 today")');
  assert.deepEqual(page.errors, []);
});
