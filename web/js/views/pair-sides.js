// A pair-vs-pair head-to-head: each side with its pair's name and sum, and both of its reps'
// counts beneath; the reader's pair first and marked. Rep rows keep li[data-rep] .count like
// any challenge's, and each side carries data-pair with its sum in .side-count; the rep's own
// count opens its activities (onAudit).
import { h, avatar, formatCount } from '../dom.js';
import { pairName, sideOf } from '../pair-model.js';

export function pairSides(c, { me = null, changed = null, compact = false, onAudit = null } = {}) {
  const mine = sideOf(c, me);
  const sides = mine === 1 ? [c.sides[1], c.sides[0]] : c.sides;
  const toTarget = c.kind === 'race' && c.target > 0;
  const top = toTarget ? c.target : Math.max(1, ...c.sides.map((s) => s.count));
  const leader = c.sides[0].count === c.sides[1].count ? null : c.sides[0].count > c.sides[1].count ? c.sides[0].pair : c.sides[1].pair;
  return h('ul', { class: `ch-sides${compact ? ' compact' : ''}`, 'aria-label': 'Pair against pair' }, sides.map((s) => h('li', {
    class: `ch-side${s.reps.some((r) => r.rep === me) ? ' is-mine' : ''}${c.winner === s.pair || leader === s.pair ? ' is-ahead' : ''}`,
    'data-pair': s.pair,
  },
  h('div', { class: 'side-head' },
    h('span', { class: 'side-faces', 'aria-hidden': 'true' }, s.reps.map((r) => avatar(r.rep, r.name, 'avatar-small'))),
    h('span', { class: 'side-name' }, pairName(s.reps, me), !s.accepted && c.status === 'proposed' ? h('span', { class: 'muted' }, ' · invited') : null),
    h('b', { class: `side-count${changed?.has(`${c.id}:${s.pair}`) ? ' changed' : ''}`, 'data-count': s.count }, formatCount(s.count),
      toTarget ? h('span', { class: 'muted' }, ` / ${formatCount(c.target)}`) : null)),
  h('span', { class: 'bar', 'aria-hidden': 'true' }, h('i', { style: { width: `${Math.min(100, (Math.max(0, s.count) / top) * 100)}%` } })),
  h('ul', { class: 'side-reps' }, [...s.reps].sort((x, y) => (y.rep === me) - (x.rep === me)).map((r) => h('li', { 'data-rep': r.rep, class: r.rep === me ? 'is-me' : '' },
    h('span', { class: 'name' }, r.rep === me ? 'You' : r.name),
    h('b', { class: `count${changed?.has(`${c.id}:${r.rep}`) ? ' changed' : ''}`, 'data-count': r.count }, ownScore(c, r, r.rep === me, onAudit))))))));
}

// The rep's own score as a button that opens its activities; anyone else's as text.
export function ownScore(c, p, mine, onAudit) {
  if (!mine || !onAudit) return formatCount(p.count);
  return h('button', { type: 'button', class: 'count-button', 'data-audit': c.id, title: 'See the activities behind this score',
    'aria-label': `Your score: ${p.count}, see the activities`, onclick: () => onAudit(c) }, formatCount(p.count));
}
