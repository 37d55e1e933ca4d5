// The wall's logic without a browser: the celebration queue (one at a time, bursts merged, a
// share of screen time, held while a countdown is in its last minute), the movers, the team's
// clock in its own zone, and the pairing screen against a fake server.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const { createCelebrationQueue, partsText, countdownInLastMinute } = await import('../../web/js/celebration-queue.js');
const { movers, earlierWorkingDays, workdayDone } = await import('../../web/js/movers.js');
const { clockText, eventTime, localDateText } = await import('../../web/js/team-time.js');

// A clock and timers the test moves by hand.
function fakeTime(start = Date.UTC(2026, 10, 24, 14, 0, 0)) {
  let t = start;
  let timers = [];
  return {
    now: () => t,
    wait: (fn, ms) => { const timer = { at: t + ms, fn }; timers.push(timer); return timer; },
    cancel: (timer) => { timers = timers.filter((x) => x !== timer); },
    advance(ms) {
      const end = t + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > end) break;
        timers.shift();
        t = next.at;
        next.fn();
      }
      t = end;
    },
  };
}

const milestone = (rep, n, period, i) => ({ key: rep, name: rep, parts: [{ id: `${rep}-${i}`, metric: 'calls', count: n, period, best: false }] });

test('celebrations: one at a time, a burst for one person merged into one line', () => {
  const time = fakeTime();
  const shown = [];
  const queue = createCelebrationQueue({ show: (item) => shown.push({ at: time.now(), item }), percent: 50, seconds: 6, ...time });
  queue.add(milestone('tom', 10, 'day', 1));
  queue.add(milestone('tom', 10, 'week', 2));
  queue.add(milestone('ana', 25, 'day', 3));
  queue.add(milestone('tom', 25, 'day', 4)); // still waiting behind ana's: merged into tom's second
  assert.equal(shown.length, 1);
  time.advance(5999);
  assert.equal(shown.length, 1, 'the first stays its 6 s before the next');
  time.advance(1);
  assert.equal(shown.length, 2);
  time.advance(6000);
  assert.equal(shown.length, 3);
  assert.deepEqual(shown.map((s) => s.item.name), ['tom', 'tom', 'ana']);
  const label = (id) => ({ calls: 'Calls' }[id] || id);
  const period = (p) => ({ day: 'Today', week: 'This week' }[p]);
  assert.equal(partsText(shown[0].item.parts, label, period), '10 calls today');
  // Tom's two waiting milestones became one line; nothing was merged into Ana's.
  assert.deepEqual(shown[1].item.parts.map((p) => p.id), ['tom-2', 'tom-4']);
  assert.equal(partsText(shown[1].item.parts, label, period), '25 calls today and 10 this week');
  assert.deepEqual(shown[2].item.parts.map((p) => p.id), ['ana-3']);
  assert.equal(partsText([{ metric: 'calls', count: 10, period: 'day' }, { metric: 'calls', count: 10, period: 'week' }], label, period),
    '10 calls today and 10 this week');
  assert.equal(partsText([{ metric: 'calls', count: 31, period: 'week', best: true }], label, period), 'a personal best of 31 calls this week');
});

test('celebrations: at most the configured share of screen time, whatever the burst', () => {
  const time = fakeTime();
  const shown = [];
  // 5 % of 10 minutes is 30 s: five celebrations of 6 s.
  const queue = createCelebrationQueue({ show: () => shown.push(time.now()), percent: 5, seconds: 6, ...time });
  for (let i = 0; i < 20; i++) {
    queue.add(milestone(`rep${i}`, 10, 'day', i));
    time.advance(500); // 20 milestones in 10 s
  }
  time.advance(125 * 1000); // waiting ones are old news after 2 minutes
  assert.equal(shown.length, 5);
  for (let i = 1; i < shown.length; i++) assert.ok(shown[i] - shown[i - 1] >= 6000, 'one at a time');
  assert.equal(queue.pending, 0, 'what waited too long was dropped');
  // Ten minutes after the first, the budget is there again.
  time.advance(10 * 60 * 1000);
  queue.add(milestone('late', 10, 'day', 99));
  assert.equal(shown.length, 6);
  // 0 %: never.
  const none = createCelebrationQueue({ show: () => assert.fail('shown at 0 %'), percent: 0, seconds: 6, ...time });
  none.add(milestone('x', 10, 'day', 1));
});

test('celebrations: held while a countdown is in its last minute, or would reach it while one shows', () => {
  const time = fakeTime();
  const end = time.now() + 90 * 1000;
  const challenges = [{ status: 'active', participants: [{ rep: 'a' }, { rep: 'b' }], window: { end: new Date(end).toISOString() } }];
  const shown = [];
  const queue = createCelebrationQueue({
    show: () => shown.push(time.now()), percent: 50, seconds: 6, ...time,
    blocked: (ms) => countdownInLastMinute(challenges, time.now(), ms),
  });
  queue.add(milestone('ana', 10, 'day', 1)); // 90 s left: shows, ends before the last minute
  assert.equal(shown.length, 1);
  time.advance(25 * 1000); // 65 s left: a 6 s celebration would run into the last minute
  queue.add(milestone('bo', 10, 'day', 2));
  assert.equal(shown.length, 1);
  time.advance(64 * 1000); // 1 s left
  assert.equal(shown.length, 1);
  time.advance(2500); // ended: the result is on screen, the celebration may come
  assert.equal(shown.length, 2);
  assert.ok(shown[1] >= end);
  // A personal goal's countdown (one participant) holds nothing back.
  assert.equal(countdownInLastMinute([{ ...challenges[0], participants: [{ rep: 'a' }], window: { end: new Date(time.now() + 30000).toISOString() } }], time.now(), 6000), false);
});

test('movers: ahead of their own usual day this week', () => {
  const day = [{ rep: 'ana', name: 'Ana', count: 9 }, { rep: 'bo', name: 'Bo', count: 12 }, { rep: 'cy', name: 'Cy', count: 0 }];
  const week = new Map([['ana', 13], ['bo', 36], ['cy', 20]]);
  const rows = movers(day, week, 2); // Wednesday: Monday and Tuesday before
  assert.deepEqual(rows.map((r) => [r.rep, r.ahead]), [['ana', 7], ['bo', 0]]);
  // Dee, behind her usual 19 a day with 2 today, is not on the wall.
  const behind = movers([...day, { rep: 'dee', name: 'Dee', count: 2 }], new Map([...week, ['dee', 40]]), 2);
  assert.deepEqual(behind.map((r) => r.rep), ['ana', 'bo']);
  assert.deepEqual(movers(day, week, 0).map((r) => r.rep), ['bo', 'ana'], 'the week\'s first day: by today');
  // A third through the working day, Bo's usual 12 a day is 4 by now: 8 ahead; Ana's 2 is 0.67.
  const third = movers(day, week, 2, 6, 1 / 3);
  assert.deepEqual(third.map((r) => [r.rep, Math.round(r.ahead * 100) / 100]), [['ana', 8.33], ['bo', 8]]);
  // 11:00 in Denver with quiet hours 19:00-07:00: 4 of 12 working hours gone; 08:00-18:00 without.
  assert.equal(workdayDone('America/Denver', { start: '19:00', end: '07:00' }, Date.UTC(2026, 10, 24, 18, 0)), 4 / 12);
  assert.equal(workdayDone('America/Denver', null, Date.UTC(2026, 10, 24, 18, 0)), 3 / 10);
  assert.equal(workdayDone('America/Denver', null, Date.UTC(2026, 10, 24, 12, 0)), 0.05, 'before the day begins');
  // Wednesday 25 November 2026 in Denver, weeks from Monday, Monday to Friday: two days before.
  assert.equal(earlierWorkingDays('America/Denver', 'monday', ['mon', 'tue', 'wed', 'thu', 'fri'], Date.UTC(2026, 10, 25, 17)), 2);
  // 03:00 UTC on Thursday is still Wednesday evening in Denver.
  assert.equal(earlierWorkingDays('America/Denver', 'monday', ['mon', 'tue', 'wed', 'thu', 'fri'], Date.UTC(2026, 10, 26, 3)), 2);
  assert.equal(earlierWorkingDays('America/Denver', 'sunday', ['sun', 'mon'], Date.UTC(2026, 10, 25, 17)), 2);
});

test('the team\'s clock: its zone, not the screen\'s', () => {
  const at = Date.UTC(2026, 10, 24, 8, 12); // 08:12 UTC
  assert.equal(clockText(at, 'America/Denver'), '01:12');
  assert.equal(clockText(at, 'Europe/London'), '08:12');
  assert.equal(clockText(Date.UTC(2026, 6, 1, 8, 12), 'America/Denver'), '02:12', 'daylight saving time');
  // A feed line from yesterday in Denver carries its day; today's only its time.
  const now = Date.UTC(2026, 10, 24, 20, 0);
  assert.equal(eventTime(new Date(Date.UTC(2026, 10, 24, 16, 5)).toISOString(), 'America/Denver', now), '09:05');
  assert.match(eventTime(new Date(Date.UTC(2026, 10, 24, 5, 0)).toISOString(), 'America/Denver', now), /^Sun|^Mon/);
  assert.equal(localDateText('2026-11-23'), new Intl.DateTimeFormat([], { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 10, 23)));
});
