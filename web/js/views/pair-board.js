// The pair board (pairs:METRIC:PERIOD) beside the rep board: every pair of the team ranked by
// its two reps' combined count, live; the reader's pairs highlighted, the reader's own part of a
// pair's count opening its activities (onAudit(metric, period)).
import { h, avatar, formatCount } from '../dom.js';
import { PERIODS, PERIOD_LABEL, PERIOD_SHORT } from '../periods.js';
import { write } from '../storage.js';
import { pairName } from '../pair-model.js';
import { tablist, savedChoice } from './leaderboard.js';

const CHOICE_KEY = 'wolfpack.pairboard';

export function mountPairBoard(root, { team, me, live, onAudit = null }) {
  let { metric, period } = savedChoice(CHOICE_KEY, team, 'week');
  let off = () => {};
  let previous = new Map();
  const metricTabs = tablist('Pair board metric', team.metrics.map((m, i) => ({ id: m.id, label: m.label, accent: i % 6 })),
    () => metric, (id) => { metric = id; show(); }, '', 'pairs-panel');
  const periodTabs = tablist('Pair board period', PERIODS.map((p) => ({ id: p, label: PERIOD_SHORT[p] })),
    () => period, (id) => { period = id; show(); }, 'segmented', 'pairs-panel');
  const list = h('ol', { class: 'rows pair-rows', 'aria-label': 'Pair ranking' });
  const caption = h('span', { class: 'board-caption' });
  const empty = h('p', { class: 'empty', hidden: true });
  const panel = h('div', { class: 'board-panel', id: 'pairs-panel', role: 'tabpanel' }, h('p', { class: 'board-meta' }, caption), list, empty);
  root.replaceChildren(h('section', { class: 'card board pair-board', 'aria-labelledby': 'pairs-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'pairs-title' }, 'Pair board'), metricTabs.el), periodTabs.el, panel));

  function show() {
    write(CHOICE_KEY, { metric, period });
    metricTabs.sync();
    periodTabs.sync();
    off();
    previous = new Map();
    panel.className = `board-panel accent-${team.metrics.findIndex((m) => m.id === metric) % 6}`;
    caption.textContent = `${team.metrics.find((m) => m.id === metric).label} · ${PERIOD_LABEL[period]} · two reps together`;
    off = live.subscribe(`pairs:${metric}:${period}`, render, (err) => {
      list.replaceChildren();
      empty.hidden = false;
      empty.textContent = `The pair board is not available (${err.message || err.code}).`;
    });
  }

  function render(data) {
    const top = Math.max(1, ...data.rows.map((r) => r.count));
    list.replaceChildren(...data.rows.map((r) => {
      const mine = r.reps.some((x) => x.rep === me.id);
      const changed = previous.has(r.pair) && previous.get(r.pair) !== r.count;
      return h('li', { class: `row${mine ? ' is-me' : ''}${r.rank <= 3 ? ` podium-${r.rank}` : ''}`, 'data-pair': r.pair },
        h('span', { class: 'rank' }, r.rank),
        h('span', { class: 'pair-faces' }, r.reps.map((x) => avatar(x.rep, x.name, 'avatar-small'))),
        h('span', { class: 'who' },
          h('span', { class: 'name' }, pairName(r.reps, me.id),
            // In the name's order: "You & Jake 35 + 24", one's own count opening its activities.
            h('span', { class: 'pair-split muted' }, [...r.reps].sort((x, y) => (y.rep === me.id) - (x.rep === me.id))
              .map((x, i) => [i ? ' + ' : ' ', h('span', { class: 'pair-part', 'data-rep': x.rep, 'data-count': x.count },
                x.rep === me.id && onAudit ? h('button', { type: 'button', class: 'count-button', 'data-audit': metric,
                  title: 'See the activities behind this count', 'aria-label': `Yours: ${x.count}, see the activities`,
                  onclick: () => onAudit(metric, period) }, formatCount(x.count)) : formatCount(x.count))]))),
          h('span', { class: 'bar', 'aria-hidden': 'true' }, h('i', { style: { width: `${Math.max(0, (r.count / top) * 100)}%` } }))),
        h('span', { class: `count${changed ? ' changed' : ''}`, 'data-count': r.count }, formatCount(r.count)));
    }));
    previous = new Map(data.rows.map((r) => [r.pair, r.count]));
    empty.hidden = data.rows.length > 0;
    empty.textContent = 'No pairs yet: your manager makes them in the console.';
  }

  show();
  return () => { off(); root.replaceChildren(); };
}
