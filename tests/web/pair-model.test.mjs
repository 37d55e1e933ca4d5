// The pages' pair logic without a browser: pair names, pair-vs-pair results and score lines for
// each reader, streak and rhythm lines, and the feed's lines for matchups and streaks.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const { pairName, pairResult, pairScoreline, sideOf, streakText, rhythmText } = await import('../../web/js/pair-model.js');
const { resultOf, scoreline } = await import('../../web/js/challenge-model.js');
const { describeEvent, celebrationOf } = await import('../../web/js/events.js');

const rep = (id, name, count = 0) => ({ rep: id, name, count });
const game = (over = {}) => ({
  id: 'c7', metric: 'calls', kind: 'race', target: 3, status: 'finished', winner: 'p1', reached: ['p1'],
  participants: [], finished_at: '2026-12-01T10:00:00Z',
  sides: [{ pair: 'p1', count: 3, accepted: true, reps: [rep('natalie', 'Natalie', 2), rep('jake', 'Jake', 1)] },
    { pair: 'p2', count: 2, accepted: true, reps: [rep('priya', 'Priya', 1), rep('marcus', 'Marcus', 1)] }],
  ...over,
});

test('pairs: names read "You" first for the reader; results and score lines per reader and for the wall', () => {
  assert.equal(pairName([rep('natalie', 'Natalie'), rep('jake', 'Jake')]), 'Natalie & Jake');
  assert.equal(pairName([rep('natalie', 'Natalie'), rep('jake', 'Jake')], 'jake'), 'You & Natalie');
  assert.equal(sideOf(game(), 'marcus'), 1);
  assert.equal(sideOf(game(), 'sofia'), -1);
  assert.deepEqual(pairResult(game(), 'jake'), { tone: 'won', text: 'Your pair won', winner: 'p1' });
  assert.deepEqual(resultOf(game(), 'priya'), { tone: 'lost', text: 'Natalie & Jake won', winner: 'p1' });
  assert.equal(resultOf(game(), null).text, 'Natalie & Jake won', 'the wall has no "Your"');
  assert.deepEqual(resultOf(game({ winner: 'draw' }), 'jake'), { tone: 'draw', text: 'Draw' });
  assert.equal(resultOf(game({ status: 'active', winner: null }), 'jake'), null);
  assert.equal(resultOf(game({ winner: null, reached: [] }), 'jake').text, 'Nobody reached 3');
  assert.equal(scoreline(game(), 'priya'), 'Natalie & Jake 3 · You & Marcus 2');
  assert.equal(pairScoreline(game(), null), 'Natalie & Jake 3 · Priya & Marcus 2');
});

test('pairs: streak and rhythm lines', () => {
  assert.equal(streakText({ days: 4, best: 9 }), '4-day streak · best 9');
  assert.equal(streakText({ days: 5, best: 5 }), '5-day streak');
  assert.equal(streakText({ days: 0, best: 0 }), 'No streak yet');
  const me = { rep: 'natalie', name: 'Natalie', ask: 'commitment', checkin: null };
  assert.equal(rhythmText(me, 'natalie'), 'New week: what do you commit to?');
  assert.equal(rhythmText(me, 'jake'), 'Natalie has not committed yet');
  assert.equal(rhythmText({ ...me, ask: 'reflection', checkin: { commitment: 'x' } }, 'natalie'), 'End of the week: how did it go?');
  assert.equal(rhythmText({ ...me, ask: null, checkin: { commitment: 'x', reflection: '' } }, 'jake'), 'Natalie committed');
  assert.equal(rhythmText({ ...me, ask: null, checkin: { commitment: 'x', reflection: 'y' } }, 'natalie'), 'Week reviewed');
});

test('events: pair challenges, matchups and streaks in the feed; a pair\'s win is celebrated by its names', () => {
  const label = (id) => ({ calls: 'Calls' })[id] || id;
  const sides = [{ pair: 'p1', reps: ['natalie', 'jake'], name: 'Natalie & Jake' }, { pair: 'p2', reps: ['priya', 'marcus'], name: 'Priya & Marcus' }];
  const base = { id: '1-0', at: '2026-12-01T10:00:00Z', metric: 'calls', challenge: 'c7', challenge_kind: 'race', sides,
    participants: ['natalie', 'jake', 'priya', 'marcus'] };
  assert.equal(describeEvent({ ...base, kind: 'challenge.proposed', rep: 'natalie', name: 'Natalie' }, label),
    'Natalie & Jake challenged Priya & Marcus to a pair calls race');
  assert.equal(describeEvent({ ...base, kind: 'challenge.finished', winner: 'p1', name: 'Natalie & Jake' }, label), 'Natalie & Jake won the calls race');
  assert.equal(describeEvent({ ...base, kind: 'challenge.finished', winner: 'draw' }, label), 'Natalie & Jake and Priya & Marcus drew the pair calls race');
  assert.deepEqual(celebrationOf({ ...base, kind: 'challenge.finished', winner: 'p1', name: 'Natalie & Jake' }, label),
    { name: 'Natalie & Jake', text: 'won the Calls challenge' });
  assert.equal(describeEvent({ id: '2-0', at: base.at, kind: 'matchups.drawn', week: 'w:2026-W49', metric: 'calls',
    matchups: [{ challenge: 'c8', pairs: ['p1', 'p2'], sides }] }, label), 'This week\'s pair matchups (calls): Natalie & Jake vs Priya & Marcus');
  assert.equal(describeEvent({ id: '3-0', at: base.at, kind: 'milestone', rep: 'natalie', name: 'Natalie', streak: 5 }, label),
    'Natalie is on a 5-day streak');
  assert.deepEqual(celebrationOf({ id: '3-0', at: base.at, kind: 'milestone', rep: 'natalie', name: 'Natalie', streak: 10 }, label),
    { name: 'Natalie', text: 'is on a 10-day streak' });
});
