// The pages' logic without a browser: the topic table (seq order, resubscribe, missing topics),
// the outbox (ids, retries, backdating, several tabs) and the pacer, against a fake connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

// outbox.js listens for other tabs' writes ('storage' events); Node has no window.
const storageListeners = new Set();
globalThis.addEventListener = (type, fn) => type === 'storage' && storageListeners.add(fn);
globalThis.removeEventListener = (type, fn) => storageListeners.delete(fn);
const otherTabWrote = (key) => { for (const fn of [...storageListeners]) fn({ key }); };

const { createTopics } = await import('../../web/js/topics.js');
const { createOutbox } = await import('../../web/js/outbox.js');
const { createPacer } = await import('../../web/js/pacer.js');
const { read } = await import('../../web/js/storage.js');

// A connection whose answers the test gives: requests wait in `sent` until answered.
function fakeLive(status = 'online') {
  const listeners = new Map();
  const live = {
    status, skewMs: 0, sent: [],
    on(name, fn) { (listeners.get(name) || listeners.set(name, new Set()).get(name)).add(fn); return () => listeners.get(name).delete(fn); },
    setStatus(s) { live.status = s; for (const fn of listeners.get('status') || []) fn(s); },
    request(message) {
      if (live.status !== 'online') return Promise.reject({ code: 'offline' });
      return new Promise((resolve, reject) => live.sent.push({ message, resolve, reject }));
    },
    // Answers every open request: result(message) => [error, result].
    answerAll(answer) {
      for (const s of live.sent.splice(0)) {
        const [error, result] = answer(s.message);
        if (error) s.reject(error); else s.resolve(result);
      }
    },
  };
  return live;
}
const flush = () => sleep(0);
const frame = (topic, seq, data) => ({ type: 'update', topic, seq, data });

test('topics: only a higher seq is applied, except the first frame after (re)subscribing', async () => {
  const live = fakeLive();
  const topics = createTopics(live.request, () => live.status === 'online');
  const seen = [];
  topics.subscribe('leaderboard:calls:day', (d) => seen.push(d.n));
  assert.deepEqual(live.sent.map((s) => s.message), [{ type: 'subscribe', topic: 'leaderboard:calls:day' }]);
  assert.equal(topics.apply(frame('leaderboard:calls:day', 10, { n: 'a' })), true);
  assert.equal(topics.apply(frame('leaderboard:calls:day', 10, { n: 'same' })), false);
  assert.equal(topics.apply(frame('leaderboard:calls:day', 9, { n: 'older' })), false);
  assert.equal(topics.apply(frame('leaderboard:calls:day', 12, { n: 'b' })), true);
  assert.equal(topics.apply(frame('leaderboard:other:day', 99, { n: 'not subscribed' })), false);
  // A reconnect (say, to a server whose clock-seeded seq is lower): its snapshot is the truth.
  live.sent.length = 0;
  topics.resubscribeAll();
  assert.equal(live.sent.length, 1);
  assert.equal(topics.apply(frame('leaderboard:calls:day', 5, { n: 'c' })), true);
  assert.equal(topics.apply(frame('leaderboard:calls:day', 4, { n: 'older again' })), false);
  assert.deepEqual(seen, ['a', 'b', 'c']);
});

test('topics: shared by views, unsubscribed with the last one, errors for missing topics', async () => {
  const live = fakeLive();
  const topics = createTopics(live.request, () => live.status === 'online');
  const a = [], b = [];
  const offA = topics.subscribe('leaderboard:calls:week', (d) => a.push(d));
  topics.apply(frame('leaderboard:calls:week', 1, { x: 1 }));
  const offB = topics.subscribe('leaderboard:calls:week', (d) => b.push(d));
  await flush();
  assert.deepEqual(b, [{ x: 1 }], 'a late view gets the current state at once');
  assert.equal(live.sent.length, 1, 'one subscribe for both views');
  offA();
  assert.equal(live.sent.length, 1);
  offB();
  assert.deepEqual(live.sent.at(-1).message, { type: 'unsubscribe', topic: 'leaderboard:calls:week' });

  const errors = [];
  topics.subscribe('pair:p9', () => assert.fail('no data expected'), (e) => errors.push(e.code));
  live.sent.at(-1).reject({ type: 'error', code: 'not_found', message: 'no pair' });
  await flush();
  assert.deepEqual(errors, ['not_found']);
  topics.subscribe('pair:p9', () => {}, (e) => errors.push(`late ${e.code}`));
  await flush();
  assert.deepEqual(errors, ['not_found', 'late not_found']);
});

test('outbox: a tap keeps its id until acked; lost answers are resent with the same id', async () => {
  const live = fakeLive();
  const outbox = createOutbox(live, 'test.outbox.1');
  const acked = [];
  outbox.on('acked', (a) => acked.push(a.item.id));
  const item = outbox.add('calls');
  assert.equal(read('test.outbox.1').items[0].id, item.id, 'stored before it is sent');
  assert.equal(live.sent.length, 1);
  assert.deepEqual(live.sent[0].message, { type: 'log', metric: 'calls', delta: 1, id: item.id });
  assert.equal(live.sent[0].message.at, undefined, 'a fresh tap takes the server\'s now');

  live.answerAll(() => [{ code: 'disconnected' }]);
  live.setStatus('offline');
  await flush();
  assert.equal(outbox.size, 1);
  outbox.add('calls');
  assert.equal(live.sent.length, 0, 'nothing is sent while offline');
  live.setStatus('online');
  assert.deepEqual(live.sent.map((s) => s.message.id), [item.id, outbox.items[1].id]);
  live.answerAll(() => [null, { counts: { day: 2, week: 2, month: 2, quarter: 2, all: 2 } }]);
  await flush();
  assert.equal(outbox.size, 0);
  assert.equal(read('test.outbox.1').items.length, 0);
  assert.equal(acked.length, 2);
  outbox.destroy();
});

test('outbox: waiting taps carry their time; a refused time is dropped, a refused tap reported', async () => {
  const live = fakeLive('offline');
  live.skewMs = -60000; // the server's clock is a minute behind this one
  const outbox = createOutbox(live, 'test.outbox.2');
  const tapAt = Date.now() - 30000;
  outbox.add('calls', 1, tapAt);
  outbox.add('nope', 1);
  live.setStatus('online');
  const [timed, other] = live.sent.map((s) => s.message);
  assert.equal(Date.parse(timed.at), tapAt - 60000, 'the tap\'s time on the server\'s clock');
  assert.equal(other.at, undefined);

  const rejected = [];
  outbox.on('rejected', (r) => rejected.push(r.error.code));
  live.answerAll((m) => [m.metric === 'nope' ? { code: 'bad_request', message: 'metric: not one of this team\'s' }
    : { code: 'bad_request', message: 'at: must not be older than 7 days' }]);
  await sleep(20);
  assert.deepEqual(rejected, ['bad_request'], 'the unknown metric is given up, once');
  assert.equal(live.sent.length, 1, 'the backdated tap is sent again');
  assert.equal(live.sent[0].message.id, timed.id);
  assert.equal(live.sent[0].message.at, undefined, 'without the time the server refused');
  outbox.destroy();
});

test('outbox: undo takes back an unsent tap; two tabs never drop each other\'s taps', async () => {
  const live = fakeLive('offline');
  const tabA = createOutbox(live, 'test.outbox.3');
  const tabB = createOutbox(live, 'test.outbox.3');
  const a = tabA.add('calls');
  const b = tabB.add('appointments');
  const c = tabA.add('calls');
  assert.deepEqual(read('test.outbox.3').items.map((i) => i.id).sort(), [a.id, b.id, c.id].sort());
  otherTabWrote('test.outbox.3');
  assert.deepEqual(tabB.items.map((i) => i.id).sort(), [a.id, b.id, c.id].sort(), 'B adopts A\'s taps');
  assert.equal(tabA.cancel(c.id), true);
  assert.deepEqual(read('test.outbox.3').items.map((i) => i.id).sort(), [a.id, b.id].sort());
  tabB.add('proposals'); // B still holds c and has not heard of the undo: it must not bring c back
  assert.ok(!read('test.outbox.3').items.some((i) => i.id === c.id));
  assert.equal(read('test.outbox.3').items.length, 3);
  live.setStatus('online');
  assert.equal(tabA.cancel(a.id), false, 'sent: too late to take back');
  tabA.destroy();
  tabB.destroy();
});

test('pacer: a burst goes at once, the rest at the sustained rate', async () => {
  const sent = [];
  // 10 a second: a stall of the loaded test machine under 100 ms adds no token to the burst.
  const pacer = createPacer((x) => sent.push([x, performance.now()]), { burst: 5, perSecond: 10 });
  const start = performance.now();
  for (let i = 0; i < 10; i++) pacer.push(i);
  assert.equal(sent.length, 5, 'the burst');
  for (const deadline = Date.now() + 3000; sent.length < 10 && Date.now() < deadline;) await sleep(10);
  assert.deepEqual(sent.map(([x]) => x), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const last = sent.at(-1)[1] - start;
  assert.ok(last >= 450, `the 10th went at ${last.toFixed(0)} ms; 5 more at 10/s take ≥ 500 ms`);

  await sleep(300); // the bucket refills
  pacer.pause(60);
  const paused = performance.now();
  pacer.push('after pause');
  assert.equal(sent.length, 10, 'nothing goes out while paused');
  for (const deadline = Date.now() + 3000; sent.length < 11 && Date.now() < deadline;) await sleep(5);
  assert.ok(sent.at(-1)[1] - paused >= 55, 'sent after the pause');
});

const { goalText, resultOf, scoreline, countdown, presetsFor, windowFor, addMonths, displayOrder } =
  await import('../../web/js/challenge-model.js');
const { describeEvent, celebrationOf, coalesce } = await import('../../web/js/events.js');

const duel = (over = {}) => ({
  id: 'c1', metric: 'calls', kind: 'most', target: null, status: 'finished', winner: 'natalie', reached: [],
  window: { start: '2026-11-23T00:00:00Z', end: '2026-11-30T00:00:00Z' }, finished_at: '2026-11-30T00:00:01Z',
  participants: [{ rep: 'jake', name: 'Jake', count: 9, accepted: true }, { rep: 'natalie', name: 'Natalie', count: 12, accepted: true }],
  ...over,
});

test('challenges: goals, results for each reader, score lines and countdowns', () => {
  const label = (id) => ({ calls: 'Calls' })[id];
  assert.equal(goalText(duel(), label), 'Most calls');
  assert.equal(goalText(duel({ kind: 'race', target: 20 }), label), 'First to 20 calls');
  assert.equal(goalText(duel({ kind: 'target', target: 50 }), label), 'Reach 50 calls');
  assert.deepEqual(resultOf(duel(), 'natalie'), { tone: 'won', text: 'You won', winner: 'natalie' });
  assert.deepEqual(resultOf(duel(), 'jake'), { tone: 'lost', text: 'Natalie won', winner: 'natalie' });
  assert.equal(resultOf(duel(), null).text, 'Natalie won', 'the wall has no "You"');
  assert.deepEqual(resultOf(duel({ winner: 'draw' }), 'jake'), { tone: 'draw', text: 'Draw' });
  assert.equal(resultOf(duel({ status: 'active', winner: null }), 'jake'), null);
  assert.deepEqual(resultOf(duel({ kind: 'target', target: 10, winner: null, reached: ['natalie'] }), 'natalie'),
    { tone: 'won', text: 'You reached 10' });
  assert.equal(resultOf(duel({ kind: 'target', target: 10, winner: null, reached: ['natalie', 'jake'] }), null).text, 'Natalie and Jake reached 10');
  assert.equal(resultOf(duel({ kind: 'target', target: 99, winner: null }), 'jake').text, 'Target missed');
  assert.equal(resultOf(duel({ kind: 'race', target: 99, winner: null }), 'jake').text, 'Nobody reached 99');
  assert.equal(scoreline(duel(), 'jake'), 'Natalie 12 · You 9');
  // Partners in two teams may share an id: the team tells the reader apart.
  const across = duel({ across_teams: true, winner_team: 'beta', participants: [
    { rep: 'natalie', name: 'Natalie A', count: 9, accepted: true, team: 'alpha' },
    { rep: 'natalie', name: 'Natalie B', count: 12, accepted: true, team: 'beta' }] });
  assert.equal(resultOf(across, 'natalie', 'alpha').text, 'Natalie B won');
  assert.equal(resultOf(across, 'natalie', 'alpha').tone, 'lost');
  assert.equal(resultOf(across, 'natalie', 'beta').text, 'You won');
  assert.equal(scoreline(across, 'natalie', 'alpha'), 'Natalie B 12 · You 9');
  assert.equal(countdown(3 * 86400000 + 4 * 3600000 + 5000), '3d 4h');
  assert.equal(countdown(5 * 3600000 + 12 * 60000), '5h 12m');
  assert.equal(countdown(245000), '4:05');
  assert.equal(countdown(-5), '0:00');
});

test('challenges: presets only for the team\'s metrics; windows; the list order', () => {
  const team = (ids) => ({ metrics: ids.map((id) => ({ id, label: id === 'fwd' ? 'Forward appointments' : id[0].toUpperCase() + id.slice(1) })) });
  assert.deepEqual(presetsFor(team(['calls', 'appointments', 'proposals'])).map((p) => p.label),
    ['Most calls this week', 'Most appointments this week', 'Most proposals this quarter']);
  const withForward = presetsFor(team(['calls', 'fwd']));
  assert.deepEqual(withForward.map((p) => [p.label, p.metric, p.windowChoice]),
    [['Most calls this week', 'calls', 'week'], ['Most forward appointments in the next three months', 'fwd', 'next3']]);
  const now = Date.parse('2026-11-30T10:00:00Z');
  assert.deepEqual(windowFor('quarter', now), { period: 'quarter' });
  assert.deepEqual(windowFor('next3', now), { start: '2026-11-30T10:00:00.000Z', end: '2027-02-28T10:00:00.000Z' }, 'no 30 February');
  assert.equal(new Date(addMonths(Date.parse('2026-01-15T00:00:00Z'), 3)).toISOString(), '2026-04-15T00:00:00.000Z');
  assert.deepEqual(windowFor('custom', now, { start: now, end: now + 8000 }), { start: '2026-11-30T10:00:00.000Z', end: '2026-11-30T10:00:08.000Z' });
  const open = (id, status, end, invited = false) => duel({ id, status, winner: null, window: { end },
    participants: [{ rep: 'me', name: 'Me', count: 0, accepted: !invited }] });
  const order = displayOrder([open('done', 'finished', '2026-11-01'), open('late', 'active', '2026-12-31'),
    open('soon', 'active', '2026-12-01'), open('ask', 'proposed', '2027-01-01', true)], 'me').map((c) => c.id);
  assert.deepEqual(order, ['ask', 'soon', 'late', 'done']);
});

test('events: challenge lines name people; celebrations for wins, draws and targets; runs of taps coalesce', () => {
  const label = (id) => ({ calls: 'Calls' })[id] || id;
  const names = { natalie: 'Natalie', jake: 'Jake', priya: 'Priya' };
  const nameOf = (id) => names[id] || id;
  const base = { id: '1-0', at: '2026-11-25T10:00:00Z', metric: 'calls', challenge: 'c1', challenge_kind: 'most', participants: ['jake', 'natalie'] };
  assert.equal(describeEvent({ ...base, kind: 'challenge.proposed', rep: 'jake', name: 'Jake' }, label, nameOf), 'Jake challenged Natalie to a calls challenge');
  assert.equal(describeEvent({ ...base, kind: 'challenge.started' }, label, nameOf), 'Jake vs Natalie: the calls challenge is on');
  // Across teams each team's line names its own rep and the partner.
  const x = { ...base, across_teams: true, challenge_kind: 'race', partner_name: 'Natalie' };
  assert.equal(describeEvent({ ...x, kind: 'challenge.proposed', rep: 'jake', name: 'Jake', participants: ['jake'] }, label, nameOf),
    'Jake challenged their partner Natalie to a calls race');
  assert.equal(describeEvent({ ...x, kind: 'challenge.proposed', participants: ['jake'], partner_name: 'Nat' }, label, nameOf),
    'Jake was challenged by their partner Nat to a calls race');
  assert.equal(describeEvent({ ...x, kind: 'challenge.started', participants: ['jake'] }, label, nameOf), 'Jake vs Natalie: the calls race is on');
  assert.equal(describeEvent({ ...x, kind: 'challenge.finished', participants: ['jake'], winner: 'draw' }, label, nameOf),
    'Jake and Natalie drew the calls race');
  assert.equal(describeEvent({ ...base, kind: 'challenge.finished', winner: 'natalie', name: 'Natalie' }, label, nameOf), 'Natalie won the calls challenge');
  assert.equal(describeEvent({ ...base, kind: 'challenge.finished', winner: 'draw' }, label, nameOf), 'Jake and Natalie drew the calls challenge');
  assert.equal(describeEvent({ ...base, kind: 'cheer', rep: 'jake', name: 'Jake', to: 'natalie', to_name: 'Natalie', text: 'Go!' }), 'Jake cheered Natalie: “Go!”');
  assert.equal(describeEvent({ ...base, kind: 'activity.burst', rep: 'jake', name: 'Jake', count: 480, metrics: { calls: 470, proposals: 10 } }, label),
    'Jake +470 Calls, +10 proposals');
  assert.equal(describeEvent({ ...base, kind: 'activity.burst', rep: 'jake', name: 'Jake', count: 3, metrics: {} }), 'Jake logged 3 activities');
  assert.deepEqual(celebrationOf({ ...base, kind: 'challenge.finished', winner: 'natalie', name: 'Natalie' }, label, nameOf),
    { name: 'Natalie', text: 'won the Calls challenge' });
  assert.deepEqual(celebrationOf({ ...base, kind: 'challenge.finished', winner: 'draw' }, label, nameOf),
    { name: 'It’s a draw!', text: 'Jake and Natalie tied the Calls challenge' });
  assert.deepEqual(celebrationOf({ ...base, kind: 'challenge.finished', challenge_kind: 'target', reached: ['priya'] }, label, nameOf),
    { name: 'Priya', text: 'hit the Calls target' });
  assert.deepEqual(celebrationOf({ id: '2-0', at: base.at, kind: 'milestone', rep: 'priya', name: 'Priya', metric: 'calls', period: 'day', count: 25 }, label),
    { name: 'Priya', text: 'reached 25 calls today' });
  assert.equal(celebrationOf({ ...base, kind: 'challenge.finished' }, label), null, 'a lapsed race is not a party');

  const tapAt = (id, rep, minutes, delta = 1) => ({ id, kind: 'activity', rep, name: names[rep], metric: 'calls', delta,
    at: new Date(Date.parse(base.at) - minutes * 60000).toISOString() });
  const lines = coalesce([tapAt('a', 'jake', 0), tapAt('b', 'jake', 1), tapAt('c', 'jake', 2), tapAt('d', 'natalie', 3),
    tapAt('e', 'jake', 4), tapAt('f', 'jake', 20), tapAt('g', 'jake', 21, -1)]);
  assert.deepEqual(lines.map((e) => [e.rep, e.delta, e.ids.join('')]),
    [['jake', 3, 'abc'], ['natalie', 1, 'd'], ['jake', 1, 'e'], ['jake', 1, 'f'], ['jake', -1, 'g']]);
  assert.equal(describeEvent(lines[0], label), 'Jake +3 Calls');
});

test('ids from names: slugs of [a-z0-9_-], at most 32, unique against the taken ones', async () => {
  const { idFrom, slug } = await import('../../web/js/ids.js');
  assert.equal(slug('Forward appointments'), 'forward_appointments');
  assert.equal(slug('  Zoë Ångström (manager) '), 'zoe_angstrom_manager');
  assert.equal(slug('North Sales', '-'), 'north-sales');
  assert.equal(idFrom('Ana Ruiz', ['ana_ruiz', 'ana_ruiz_2']), 'ana_ruiz_3');
  assert.equal(idFrom('李雷', [], { fallback: 'rep' }), 'rep');
  assert.equal(idFrom('李雷', ['rep'], { fallback: 'rep' }), 'rep_2');
  const long = idFrom('a'.repeat(40), ['a'.repeat(32)]);
  assert.equal(long, `${'a'.repeat(30)}_2`);
  for (const id of [long, slug('x'.repeat(31) + ' y')]) assert.match(id, /^[a-z0-9_-]{1,32}$/);
});

test('web/vendor/uqr.js is byte for byte the uqr package of tests/web/package.json', async () => {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url)));
  const dir = new URL('./node_modules/uqr/', import.meta.url); // its exports hide package.json
  const installed = JSON.parse(readFileSync(new URL('package.json', dir)));
  assert.equal(installed.version, pkg.devDependencies.uqr, 'the exact version pinned');
  const vendored = readFileSync(new URL('../../web/vendor/uqr.js', import.meta.url), 'utf8');
  assert.equal(vendored, readFileSync(new URL('dist/index.mjs', dir), 'utf8'));
  assert.equal(readFileSync(new URL('../../web/vendor/uqr.LICENSE', import.meta.url), 'utf8'), readFileSync(new URL('LICENSE', dir), 'utf8'));
  assert.match(readFileSync(new URL('../../web/vendor/README.md', import.meta.url), 'utf8'), new RegExp(`\\| ${installed.version} \\|`));
  const { encode } = await import('../../web/vendor/uqr.js');
  const qr = encode('http://localhost:8080/join#abcdefghijklmnop', { ecc: 'M', border: 2 });
  assert.equal(qr.data.length, qr.size);
  assert.ok(qr.size >= 25 + 4);
});
