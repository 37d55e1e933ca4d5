// Partners in headless chromium against the real server and Redis: challenges made, answered,
// scored and finished through the pages' own forms and buttons; check-ins, cheers, the feed,
// the wall's head-to-head strip and celebrations, and the 12-week stats chart.
// Run: node --test tests/web/   (env WOLFPACK_BINARY, WOLFPACK_SOURCE_DIR; see harness.mjs)
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, launchBrowser, openPage, until, killAll } from './harness.mjs';
import { weekKey } from '../../web/js/periods.js';

let stack, browser, tokens, natalie, jake, wall;
let failed = false; // keeps the server's log for a look when a case failed
const test = (name, options, fn) => nodeTest(name, options, async (t) => {
  try { await fn(t); } catch (err) { failed = true; throw err; }
});

const TEAM = {
  id: 'pack', name: 'Pack Test Floor', tz: 'Europe/London',
  metrics: [{ id: 'calls', label: 'Calls' }, { id: 'appointments', label: 'Appointments' }, { id: 'proposals', label: 'Proposals' }],
};
const REPS = [
  { id: 'natalie', name: 'Natalie' }, { id: 'jake', name: 'Jake' }, { id: 'sam', name: 'Sam' },
  { id: 'wall', name: 'Sales floor wall', role: 'display' },
];

// A participant's count on a challenge as a page shows it: rep pages list li.ch, the wall .wall-h2h.
const scoreOn = (page, id, rep) => page.evaluate(([i, r]) => document.querySelector(
  `:is(li.ch, .wall-h2h)[data-challenge="${i}"] li[data-rep="${r}"] .count`)?.dataset.count ?? null, [id, rep]);
const statusOn = (page, id) => page.evaluate((i) => document.querySelector(`li.ch[data-challenge="${i}"]`)?.dataset.status ?? null, id);
const text = (page, selector) => page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);

async function online(page, what) {
  await until(async () => (await page.getAttribute('.status', 'data-state')) === 'online', { timeout: 10000, message: `${what} to show Live` });
}

// The ack of the first frame of `type` a page sent after index `from`.
async function sentAndAcked(page, type, from) {
  const sent = await until(() => page.sent.slice(from).find((s) => s.frame.type === type), { message: `the page to send ${type}` });
  const answer = await until(() => page.received.find((r) => r.frame.req === sent.frame.req && (r.frame.type === 'ack' || r.frame.type === 'error')),
    { message: `the answer to ${type}` });
  assert.equal(answer.frame.type, 'ack', `${type} answered ${JSON.stringify(answer.frame)}`);
  return { sent: sent.frame, ack: answer };
}

// Clicks a +1 on a page and returns the tap's ack (its arrival time and the rep's new counts).
async function tap(page, metric) {
  const from = page.sent.length;
  await page.click(`button[data-metric="${metric}"]`);
  const { ack } = await sentAndAcked(page, 'log', from);
  return { at: ack.at, counts: ack.frame.result.counts };
}

// Waits until every [page, challenge, rep, count] reads the count, by `deadline` (ms epoch).
function allShow(expectations, deadline, what) {
  return Promise.all(expectations.map(([page, id, rep, count]) => until(async () => (await scoreOn(page, id, rep)) === String(count),
    { timeout: Math.max(0, deadline - Date.now()), interval: 20, message: `${what}: ${rep}'s ${count} on ${page.label}` })));
}

before(async () => {
  failed = true; // until the pages are up
  stack = await startStack({ name: 'pack' });
  tokens = await stack.createTeam(TEAM, REPS, [['natalie', 'jake']]);
  browser = await launchBrowser();
  natalie = await openPage(browser, `${stack.baseUrl}/?token=${tokens.natalie}`, { label: 'natalie' });
  jake = await openPage(browser, `${stack.baseUrl}/?token=${tokens.jake}`, { label: 'jake' });
  wall = await openPage(browser, `${stack.baseUrl}/wall?token=${tokens.wall}&interval=600&periods=day,week`,
    { label: 'wall', viewport: { width: 1920, height: 1080 } });
  await online(natalie, 'Natalie\'s page');
  await online(jake, 'Jake\'s page');
  await until(() => wall.evaluate(() => document.body.dataset.state === 'online'), { message: 'the wall to connect' });
  failed = false;
}, { timeout: 60000 });

after(async () => {
  try {
    await browser?.close();
    await stack?.stop({ keepLogs: failed });
  } finally {
    killAll();
  }
}, { timeout: 30000 });

let weekly; // the challenge of the first case, still live in the later ones

test('a challenge made with Jake\'s form and accepted with Natalie\'s button is scored live on both pages and the wall', { timeout: 40000 }, async () => {
  const from = jake.sent.length;
  await jake.click('.challenges .card-head button');
  await jake.click('[data-preset="calls-week"]');
  assert.equal(await jake.isChecked('#ch-with-natalie'), true, 'the partner is picked by default');
  await jake.fill('#ch-stakes', 'Loser buys the coffee');
  await jake.click('.ch-form button[type="submit"]');
  const { sent, ack } = await sentAndAcked(jake, 'challenge.create', from);
  assert.deepEqual({ metric: sent.metric, kind: sent.kind, window: sent.window, participants: sent.participants, stakes: sent.stakes },
    { metric: 'calls', kind: 'most', window: { period: 'week' }, participants: ['natalie'], stakes: 'Loser buys the coffee' });
  weekly = ack.frame.result.challenge.id;
  await until(() => jake.isHidden('#ch-form-box'), { message: 'the form to close once sent' });

  // Natalie is asked; she accepts with the button on her page.
  await natalie.waitForSelector(`li.ch[data-challenge="${weekly}"][data-status="proposed"] [data-action="accept"]`);
  assert.match(await text(natalie, `li.ch[data-challenge="${weekly}"]`), /Most calls.*waiting for you.*At stake: Loser buys the coffee/s);
  const accepting = natalie.sent.length;
  await natalie.click(`li.ch[data-challenge="${weekly}"] [data-action="accept"]`);
  await sentAndAcked(natalie, 'challenge.accept', accepting);
  for (const page of [natalie, jake]) {
    await until(async () => (await statusOn(page, weekly)) === 'active', { message: `the challenge live on ${page.label}'s page` });
  }
  await wall.waitForSelector(`.wall-h2h[data-challenge="${weekly}"]`);
  assert.match(await text(jake, `li.ch[data-challenge="${weekly}"] .ch-left`), /^Ends in \d/, 'a countdown to the window\'s end');
  assert.equal(await jake.$(`li.ch[data-challenge="${weekly}"] [data-action="cancel"]`) != null, true, 'the creator may cancel');
  assert.equal(await natalie.$(`li.ch[data-challenge="${weekly}"] [data-action="cancel"]`), null, 'only the creator may cancel');

  // Natalie taps: her score moves on both pages and on the wall within a second of the ack.
  const mine = await tap(natalie, 'calls');
  await allShow([[natalie, weekly, 'natalie', mine.counts.week], [jake, weekly, 'natalie', mine.counts.week],
    [wall, weekly, 'natalie', mine.counts.week]], mine.at + 1000, 'after Natalie\'s tap');
  // The partner card on Jake's page moves with it.
  await until(async () => (await jake.getAttribute('.partner .duel-line[data-metric="calls"] .theirs', 'data-count')) === String(mine.counts.week),
    { timeout: Math.max(0, mine.at + 1000 - Date.now()), message: 'Natalie\'s week on Jake\'s partner card' });

  // Jake answers with the keyboard shortcut; the same on every page.
  const from2 = jake.sent.length;
  await jake.locator('body').press('1');
  const { ack: his } = await sentAndAcked(jake, 'log', from2);
  await allShow([[natalie, weekly, 'jake', his.frame.result.counts.week], [jake, weekly, 'jake', his.frame.result.counts.week],
    [wall, weekly, 'jake', his.frame.result.counts.week]], his.at + 1000, 'after Jake\'s tap');
  // Screen readers hear the new score.
  await until(async () => new RegExp(`Most calls: .*Jake ${his.frame.result.counts.week}`).test(await text(natalie, '.challenges [aria-live]')),
    { timeout: 3000, message: 'the score in Natalie\'s live region' });
});

test('when the window closes both pages are told who won, with a celebration, and so is the wall', { timeout: 40000 }, async () => {
  // A custom window ending in 8 s, through the form's own fields.
  const from = jake.sent.length;
  if (await jake.isHidden('#ch-form-box')) await jake.click('.challenges .card-head button');
  await jake.selectOption('#ch-metric', 'calls');
  await jake.selectOption('#ch-kind', 'most');
  await jake.selectOption('#ch-window', 'custom');
  const end = await jake.evaluate(() => {
    const ms = Date.now() + 8000;
    return new Date(ms - new Date(ms).getTimezoneOffset() * 60000).toISOString().slice(0, 19);
  });
  await jake.fill('#ch-end', end);
  await jake.click('.ch-form button[type="submit"]');
  const { sent, ack } = await sentAndAcked(jake, 'challenge.create', from);
  assert.ok(Date.parse(sent.window.end) - Date.now() < 9000 && Date.parse(sent.window.start) <= Date.now(), JSON.stringify(sent.window));
  const id = ack.frame.result.challenge.id;

  await natalie.click(`li.ch[data-challenge="${id}"] [data-action="accept"]`);
  await until(async () => (await statusOn(natalie, id)) === 'active', { message: 'the sprint to start' });
  await until(() => wall.$(`.wall-h2h[data-challenge="${id}"]`), { message: 'the sprint on the wall' });
  await tap(natalie, 'calls'); // 1 to 0

  const finishedBy = Date.parse(sent.window.end) + 5000;
  await until(async () => (await natalie.getAttribute(`li.ch[data-challenge="${id}"] .ch-result`, 'data-result')) === 'You won',
    { timeout: finishedBy - Date.now(), interval: 50, message: 'Natalie\'s page to say she won' });
  await until(async () => (await jake.getAttribute(`li.ch[data-challenge="${id}"] .ch-result`, 'data-result')) === 'Natalie won',
    { timeout: 2000, message: 'Jake\'s page to say Natalie won' });
  assert.match(await text(natalie, `li.ch[data-challenge="${id}"] .ch-result`), /^You won! · You 1 · Jake 0$/);
  // The celebration, and the same news for screen readers.
  await until(async () => (await text(natalie, '#party .party-name')) === 'You won!', { timeout: 3000, message: 'Natalie\'s celebration' });
  assert.ok(await natalie.locator('#party .confetti i').count() > 0, 'confetti for the winner');
  await until(async () => (await text(jake, '#party .party-name')) === 'Natalie won', { timeout: 3000, message: 'the result over Jake\'s page' });
  await until(async () => /Challenge finished: Most calls\. You won\./.test(await text(natalie, '.challenges [aria-live]')),
    { timeout: 3000, message: 'the result in Natalie\'s live region' });
  // The wall: the result on the strip and a celebration from the real challenge.finished event.
  await until(async () => (await text(wall, `.wall-h2h[data-challenge="${id}"] .wall-h2h-result`)) === 'Natalie won',
    { timeout: 3000, message: 'the result on the wall' });
  await until(async () => (await text(wall, '#wall-party .party-name')) === 'Natalie' &&
    (await text(wall, '#wall-party .party-text')) === 'won the Calls challenge', { timeout: 3000, message: 'the wall\'s celebration' });
});

test('a proposal can be declined, and its creator can cancel one (after confirming)', { timeout: 30000 }, async () => {
  const create = async () => {
    const from = jake.sent.length;
    if (await jake.isHidden('#ch-form-box')) await jake.click('.challenges .card-head button');
    await jake.click('[data-preset="appointments-week"]');
    await jake.click('.ch-form button[type="submit"]');
    return (await sentAndAcked(jake, 'challenge.create', from)).ack.frame.result.challenge.id;
  };
  const declined = await create();
  await natalie.click(`li.ch[data-challenge="${declined}"] [data-action="decline"]`);
  await until(async () => (await statusOn(jake, declined)) === 'declined', { message: 'Jake to see the decline' });

  const cancelled = await create();
  await jake.click(`li.ch[data-challenge="${cancelled}"] [data-action="cancel"]`);
  assert.equal(await statusOn(jake, cancelled), 'proposed', 'one click only asks');
  assert.equal(await jake.evaluate(() => document.activeElement?.dataset.action), 'cancel-no', 'focus moves to the safe answer');
  await jake.click(`li.ch[data-challenge="${cancelled}"] [data-action="cancel-yes"]`);
  await until(async () => (await statusOn(natalie, cancelled)) === 'cancelled', { message: 'Natalie to see the cancel' });
  assert.equal(await natalie.$(`li.ch[data-challenge="${cancelled}"] [data-action="accept"]`), null);
  assert.equal(await wall.$(`.wall-h2h[data-challenge="${declined}"], .wall-h2h[data-challenge="${cancelled}"]`), null,
    'the wall shows neither');
});

test('a check-in posted on Natalie\'s page appears on Jake\'s partner card', { timeout: 20000 }, async () => {
  const commitment = '100 calls and 5 appointments booked';
  const reflection = 'Tuesday mornings were the best hours.';
  await natalie.click('.partner .checkins-head button');
  await natalie.fill('.partner textarea[name="commitment"]', commitment);
  await natalie.fill('.partner textarea[name="reflection"]', reflection);
  const from = natalie.sent.length;
  await natalie.click('.partner .checkin-form button[type="submit"]');
  const { sent } = await sentAndAcked(natalie, 'checkin.post', from);
  assert.deepEqual([sent.commitment, sent.reflection], [commitment, reflection]);

  const card = '.partner .checkin-view[data-rep="natalie"]';
  await until(async () => (await text(jake, `${card} .checkin-commitment`)) === commitment, { message: 'the commitment on Jake\'s card' });
  assert.equal(await text(jake, `${card} .checkin-reflection`), reflection);
  assert.match(await text(jake, `${card} .checkin-who`), /^Natalie · /);
  assert.equal(await text(natalie, '.partner .checkin-view.is-me .checkin-commitment'), commitment, 'and on her own card');
  await until(() => natalie.isHidden('.partner .checkin-form-box'), { message: 'the form to close once posted' });
  await until(async () => /Natalie checked in for the week/.test(await text(jake, '.feed-list')), { message: 'the check-in in the feed' });
});

test('a cheer sent from Jake\'s page shows on Natalie\'s page', { timeout: 20000 }, async () => {
  assert.equal(await jake.inputValue('#cheer-to'), 'natalie', 'the partner comes first');
  await jake.fill('#cheer-text', 'Go Natalie, go!');
  const from = jake.sent.length;
  await jake.click('.cheer-form button[type="submit"]');
  const { sent } = await sentAndAcked(jake, 'cheer', from);
  assert.deepEqual([sent.to, sent.text], ['natalie', 'Go Natalie, go!']);
  await until(async () => (await text(jake, '.cheer .form-status')) === 'Cheer sent to Natalie.', { message: 'Jake told it went' });

  const toast = await until(() => natalie.evaluate(() => [...document.querySelectorAll('.toast')].map((t) => t.textContent)
    .find((t) => t.includes('Go Natalie, go!'))), { message: 'the cheer toast on Natalie\'s page' });
  assert.equal(toast, 'Jake cheered you onGo Natalie, go!');
  assert.equal(await natalie.locator('.toast', { hasText: 'Go Natalie, go!' }).count(), 1, 'shown once');
  await until(async () => /Jake cheered Natalie: “Go Natalie, go!”/.test(await text(natalie, '.feed-list')), { message: 'the cheer in the feed' });
  await until(async () => /Jake cheered Natalie/.test(await text(wall, '.wall-feed')), { message: 'the cheer on the wall' });
});

test('the stats card charts 12 weeks per metric from the stats endpoint, with the conversion ratios', { timeout: 40000 }, async () => {
  // Sam logs last week (inside the 7 days the API accepts: late in a week only its last hours
  // are that recent) and today.
  const now = Date.now();
  const thisWeek = weekKey(TEAM.tz, 'monday', now);
  const lastWeekAt = [6.5, 6.9, 6.99].map((days) => now - days * 86400000).find((at) => weekKey(TEAM.tz, 'monday', at) !== thisWeek);
  assert.ok(lastWeekAt, 'not in the last 15 minutes of a week');
  const batch = (at, counts, tag) => Object.entries(counts).flatMap(([metric, n]) =>
    Array.from({ length: n }, (_, i) => ({ metric, id: `stats-${tag}-${metric}-${i}`, at: new Date(at).toISOString() })));
  const res = await stack.api('POST', '/api/v1/activities', {
    activities: [...batch(lastWeekAt, { calls: 5, appointments: 2 }, 'old'), ...batch(now - 60000, { calls: 16, appointments: 3, proposals: 1 }, 'new')],
  }, tokens.sam);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const lastWeek = weekKey(TEAM.tz, 'monday', lastWeekAt);

  const sam = await openPage(browser, `${stack.baseUrl}/?token=${tokens.sam}`, { label: 'sam' });
  try {
    await online(sam, 'Sam\'s page');
    const bars = (metric) => sam.evaluate((m) => [...document.querySelectorAll(`.stats figure[data-metric="${m}"] svg rect`)]
      .map((r) => ({ start: r.dataset.start, count: Number(r.dataset.count), height: Number(r.getAttribute('height')) })), metric);
    await until(async () => (await bars('calls')).length === 12, { timeout: 10000, message: 'the calls chart' });
    const expected = { calls: [16, 5], appointments: [3, 2], proposals: [1, 0] };
    for (const [metric, [now1, last1]] of Object.entries(expected)) {
      const list = await bars(metric);
      assert.equal(list.length, 12, `${metric}: 12 bars`);
      assert.equal(list.at(-1).start, thisWeek, `${metric}: this week last`);
      assert.deepEqual(list.map((b) => b.count), [...Array(10).fill(0), last1, now1], `${metric}: the weekly counts`);
      assert.equal(list.find((b) => b.start === lastWeek)?.count, last1);
      assert.equal(await text(sam, `.stats figure[data-metric="${metric}"] .stat-total b`), String(now1 + last1));
      if (now1 > last1) assert.ok(list.at(-1).height > list.at(-2).height, `${metric}: taller bar for the bigger week`);
    }
    assert.equal(await sam.locator('.stats svg[role="img"]').count(), 3);
    // 5 appointments of 21 calls, 1 proposal of 5 appointments.
    assert.equal(await text(sam, '.ratio[data-ratio="appointments_per_call"] dd b'), '24%');
    assert.match(await text(sam, '.ratio[data-ratio="appointments_per_call"] dd'), /5 of 21/);
    assert.equal(await text(sam, '.ratio[data-ratio="proposals_per_appointment"] dd b'), '20%');

    // Refresh asks again: two more calls today.
    await stack.api('POST', '/api/v1/activities', { activities: batch(Date.now() - 1000, { calls: 2 }, 'more') }, tokens.sam);
    await sam.click('.stats .card-head button');
    await until(async () => (await bars('calls')).at(-1)?.count === 18, { message: 'the refreshed calls bar' });
    assert.equal(await text(sam, '.ratio[data-ratio="appointments_per_call"] dd b'), '22%'); // 5 of 23
    // Sam's own tap: the chart catches up by itself a few seconds later.
    await tap(sam, 'calls');
    await until(async () => (await bars('calls')).at(-1)?.count === 19, { timeout: 10000, message: 'the chart after Sam\'s own tap' });
    assert.deepEqual(sam.errors, []);
  } finally {
    await sam.context().close();
  }
  // Sam's 16 calls today passed 10: the wall celebrates the real milestone events, today's, this
  // week's (and a best week) in one line.
  await until(async () => (await text(wall, '#wall-party .party-name')) === 'Sam' &&
    /^10 calls (today|this week)\b/.test(await text(wall, '#wall-party .party-text')),
  { timeout: 20000, interval: 50, message: 'the wall\'s milestone celebration' });
});

test('no console errors on the pages', {}, () => {
  for (const page of [natalie, jake, wall]) assert.deepEqual(page.errors.map((e) => e.text), [], `${page.label}: console errors`);
});
