// The rows of the rep page's board in each of its views: the top of the team, the rep's own
// neighbourhood (around:…), the % of target board (the handicap board) and most improved. The
// rep's own count is a button that opens the activities behind it.
import { h, avatar, formatCount } from '../dom.js';

export const MODES = [
  { id: 'around', label: 'Around me' }, { id: 'top', label: 'Top' },
  { id: 'pct', label: '% of target' }, { id: 'improved', label: 'Improved' },
];
export const PCT_PERIODS = ['day', 'week', 'month']; // the periods targets are set for

export function topicOf(mode, metric, period) {
  if (mode === 'around') return `around:${metric}:${period}`;
  if (mode === 'pct') return metric !== 'points' && PCT_PERIODS.includes(period) ? `leaderboard:${metric}:${period}:pct` : null;
  if (mode === 'improved') return `improved:${metric}`;
  return `leaderboard:${metric}:${period}`;
}

const signed = (n) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n).toFixed(1)}`;

// One row. previous: rep -> the value shown before, to flash what changed.
export function boardRow(r, { mode, me, top, previous, onAudit }) {
  const mine = r.rep === me.id;
  const value = mode === 'pct' ? r.pct : mode === 'improved' ? r.change : r.count;
  const changed = previous.has(r.rep) && previous.get(r.rep) !== value;
  const width = mode === 'pct' ? Math.min(100, Math.max(0, r.pct)) : mode === 'improved' ? 0 : Math.max(0, (r.count / top) * 100);
  const shown = mode === 'pct' ? `${formatCount(r.pct)}%` : mode === 'improved' ? signed(r.change) : formatCount(r.count);
  const sub = mode === 'pct' ? `${formatCount(r.count)} of ${formatCount(r.target)}`
    : mode === 'improved' ? `${formatCount(r.count)} vs ${r.baseline.toFixed(1)} a week`
      : r.target ? `${formatCount(r.pct)}% of ${formatCount(r.target)}` : '';
  const count = mine && onAudit
    ? h('button', { type: 'button', class: `count count-button${changed ? ' changed' : ''}`, 'data-count': r.count, 'data-value': value,
      onclick: onAudit, title: 'See the activities behind this count' }, shown)
    : h('span', { class: `count${changed ? ' changed' : ''}`, 'data-count': r.count, 'data-value': value }, shown);
  return h('li', { class: `row${mine ? ' is-me' : ''}${r.rank <= 3 ? ` podium-${r.rank}` : ''}`, 'data-rep': r.rep },
    h('span', { class: 'rank' }, r.rank),
    avatar(r.rep, r.name),
    h('span', { class: 'who' },
      h('span', { class: 'name' }, r.name, mine ? h('span', { class: 'you' }, 'You') : null, sub ? h('span', { class: 'row-sub' }, sub) : null),
      h('span', { class: 'bar', 'aria-hidden': 'true' }, h('i', { style: { width: `${width}%` } }))),
    count);
}

export const valueOf = (mode, r) => (mode === 'pct' ? r.pct : mode === 'improved' ? r.change : r.count);

// What the board says when it has no rows, per view.
export function emptyText(mode, { label, period, periodLabel }) {
  if (mode === 'pct') return 'Nobody has a target for this yet. Set yours under My targets.';
  if (mode === 'improved') return 'Nobody has a week to compare with yet: most improved starts after a first full week.';
  return `No ${label} logged ${period === 'all' ? 'yet' : periodLabel.toLowerCase()} — be the first!`;
}
