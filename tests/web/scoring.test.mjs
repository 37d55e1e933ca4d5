// Fair scoring's page logic without a browser: what the wall shows of a board (its top, never
// its bottom), an undone tap leaving no feed line, the feed's grammar for a personal target,
// pace words, who a rep may challenge or cheer, a burst of cheers as one note, the stats
// card's average, and which topic each board view reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const { wallRows } = await import('../../web/js/wall-rows.js');
const { describeEvent, coalesce, withoutUndone } = await import('../../web/js/events.js');
const { paceWord } = await import('../../web/js/views/pace.js');
const { offeredTeammates, cheerToast } = await import('../../web/js/scoring-page.js');
const { formatAverage } = await import('../../web/js/views/stats.js');
const { topicOf } = await import('../../web/js/views/board-rows.js');

const row = (rank, rep, count) => ({ rank, rep, name: rep, count });

test('the wall shows the top of a board, never its bottom', () => {
  const board = [row(1, 'a', 9), row(2, 'b', 7), row(3, 'c', 5), row(4, 'd', 2), row(4, 'e', 2), row(6, 'f', 0)];
  assert.deepEqual(wallRows(board, 10).map((r) => r.rep), ['a', 'b', 'c'], 'the last place (tied) and nobody with 0');
  assert.deepEqual(wallRows(board, 2).map((r) => r.rep), ['a', 'b'], 'at most n');
  assert.deepEqual(wallRows([row(1, 'a', 3), row(1, 'b', 3)], 10).map((r) => r.rep), ['a', 'b'], 'all tied first: no bottom');
  assert.deepEqual(wallRows([row(1, 'a', 3), row(2, 'b', 1)], 10).map((r) => r.rep), ['a']);
  assert.deepEqual(wallRows([row(1, 'solo', 1)], 10).map((r) => r.rep), ['solo']);
  assert.deepEqual(wallRows([row(1, 'a', 0)], 10), []);
  assert.deepEqual(wallRows([], 10), []);
});

test('an undo within the minute leaves no line; a later correction or an API one stays', () => {
  const at = (s) => new Date(Date.parse('2026-12-01T10:00:00Z') + s * 1000).toISOString();
  const act = (id, rep, delta, s, source = 'web', metric = 'calls') => ({ id, kind: 'activity', rep, name: rep, metric, delta, at: at(s), source });
  const feed = [act('u2', 'jake', -1, 80), act('t3', 'jake', 1, 70), act('u1', 'jake', -1, 30), act('t2', 'jake', 1, 20),
    act('t1', 'jake', 1, 10), act('n1', 'natalie', 1, 5)]; // newest first
  assert.deepEqual(withoutUndone(feed).map((e) => e.id), ['t1', 'n1'], 'each undo takes the nearest earlier tap with it');
  const late = [act('u', 'jake', -1, 100), act('t', 'jake', 1, 10)];
  assert.deepEqual(withoutUndone(late).map((e) => e.id), ['u', 't'], 'more than a minute: a correction, shown');
  const api = [act('u', 'jake', -1, 20, 'api'), act('t', 'jake', 1, 10)];
  assert.deepEqual(withoutUndone(api).map((e) => e.id), ['u', 't'], 'an integration\'s correction is shown');
  const other = [act('u', 'jake', -1, 20, 'web', 'appointments'), act('t', 'jake', 1, 10)];
  assert.equal(withoutUndone(other).length, 2, 'another metric is not undone');
  const lines = coalesce([act('u', 'jake', -1, 40), act('b', 'jake', 1, 30), act('a', 'jake', 1, 20)]);
  assert.deepEqual(lines.map((e) => [e.delta, e.ids.join()]), [[1, 'a']], 'the run reads +1, no correction line');
});

test('the feed names whose personal target started, with the right article', () => {
  const label = (id) => ({ appointments: 'Appointments', calls: 'Calls' })[id] || id;
  const names = { natalie: 'Natalie', jake: 'Jake' };
  const nameOf = (id) => names[id] || id;
  const started = { id: '1', at: '2026-12-01T10:00:00Z', kind: 'challenge.started', rep: 'natalie', name: 'Natalie',
    metric: 'appointments', challenge: 'c1', challenge_kind: 'target', participants: ['natalie'] };
  assert.equal(describeEvent(started, label, nameOf), 'Natalie set a personal appointments target');
  const proposed = { ...started, kind: 'challenge.proposed', rep: 'jake', name: 'Jake', challenge_kind: 'race', participants: ['jake', 'natalie'] };
  assert.equal(describeEvent(proposed, label, nameOf), 'Jake challenged Natalie to an appointments race');
  assert.equal(describeEvent({ ...proposed, metric: 'calls' }, label, nameOf), 'Jake challenged Natalie to a calls race');
});

test('pace words: ahead, behind, on pace, reached, no working time left', () => {
  const p = (count, expected, target = 50) => ({ count, expected, target });
  assert.equal(paceWord(p(12, 15.2)), '3 behind pace');
  assert.equal(paceWord(p(18, 15.2)), '3 ahead of pace');
  assert.equal(paceWord(p(15, 15.2)), 'on pace');
  assert.equal(paceWord(p(50, 40)), 'target reached');
  assert.equal(paceWord(p(3, null)), 'no working hours left');
});

test('who can be challenged or cheered: reps, and a manager only when they sell', () => {
  const me = { id: 'natalie' };
  const mates = [{ id: 'natalie', role: 'rep', sells: true }, { id: 'jake', role: 'rep', sells: true },
    { id: 'boss', role: 'admin', sells: false }, { id: 'lead', role: 'admin', sells: true }, { id: 'old', name: 'no role' }];
  assert.deepEqual(offeredTeammates(mates, me).map((t) => t.id), ['natalie', 'jake', 'lead', 'old']);
});

test('ten cheers in three seconds make one note that counts them', () => {
  const shown = [];
  const toast = (text, options) => shown.push({ text, ...options });
  const t0 = 1e12;
  let last;
  for (let i = 0; i < 10; i++) last = cheerToast(toast, { name: i % 2 ? 'Jake' : 'Priya', text: `go ${i}` }, t0 + i * 300);
  assert.ok(shown.every((s) => s.key === 'cheers'), 'one key: the toaster replaces the note');
  assert.equal(last.count, 10);
  assert.equal(shown.at(-1).title, 'Priya and Jake cheered you on (10 cheers)');
  assert.equal(shown.at(-1).text, 'go 9');
  assert.equal(cheerToast(toast, { name: 'Jake' }, t0 + 60000).title, 'Jake cheered you on', 'a later cheer starts afresh');
});

test('the stats card\'s average says something: 0.4, 5, 12', () => {
  assert.equal(formatAverage(5 / 12), '0.4');
  assert.equal(formatAverage(5), '5');
  assert.equal(formatAverage(2.55), '2.6');
  assert.equal(formatAverage(12.4), '12');
});

test('board views read their topics', () => {
  assert.equal(topicOf('top', 'calls', 'week'), 'leaderboard:calls:week');
  assert.equal(topicOf('around', 'points', 'day'), 'around:points:day');
  assert.equal(topicOf('pct', 'calls', 'month'), 'leaderboard:calls:month:pct');
  assert.equal(topicOf('pct', 'calls', 'all'), null, 'targets are per day, week or month');
  assert.equal(topicOf('pct', 'points', 'week'), null);
  assert.equal(topicOf('improved', 'calls', 'all'), 'improved:calls');
});
