// The team leaderboard with metric and period tabs, live; the rep's own row is highlighted.
import { h, avatar, formatCount } from '../dom.js';
import { PERIODS, PERIOD_LABEL, PERIOD_SHORT } from '../periods.js';
import { read, write } from '../storage.js';

const CHOICE_KEY = 'wolfpack.board';

// The metric and period last chosen on a board (kept under `key`), if the team still has them.
export function savedChoice(key, team, period) {
  const saved = read(key, {}) || {};
  return { metric: team.metrics.some((m) => m.id === saved.metric) ? saved.metric : team.metrics[0].id,
    period: PERIODS.includes(saved.period) ? saved.period : period };
}

export function mountLeaderboard(root, { team, me, live }) {
  let { metric, period } = savedChoice(CHOICE_KEY, team, 'day');
  let off = () => {};
  let previous = new Map(); // rep -> count shown, to flash the ones that changed

  const metricTabs = tablist('Metric', team.metrics.map((m, i) => ({ id: m.id, label: m.label, accent: i % 6 })),
    () => metric, (id) => { metric = id; show(); });
  const periodTabs = tablist('Period', PERIODS.map((p) => ({ id: p, label: PERIOD_SHORT[p] })),
    () => period, (id) => { period = id; show(); }, 'segmented');
  const total = h('b', { class: 'board-total' }, '–');
  const list = h('ol', { class: 'rows', 'aria-label': 'Ranking' });
  const empty = h('p', { class: 'empty', hidden: true });
  const panel = h('div', { class: 'board-panel', id: 'board-panel', role: 'tabpanel', 'aria-busy': 'true' },
    h('p', { class: 'board-meta' }, h('span', { class: 'board-caption' }), h('span', {}, 'Team total ', total)),
    list, empty);
  root.replaceChildren(h('section', { class: 'card board', 'aria-labelledby': 'board-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'board-title' }, 'Leaderboard'), metricTabs.el),
    periodTabs.el, panel));

  function show() {
    write(CHOICE_KEY, { metric, period });
    metricTabs.sync();
    periodTabs.sync();
    off();
    previous = new Map();
    panel.setAttribute('aria-busy', 'true');
    panel.className = `board-panel accent-${team.metrics.findIndex((m) => m.id === metric) % 6}`;
    panel.querySelector('.board-caption').textContent =
      `${team.metrics.find((m) => m.id === metric).label} · ${PERIOD_LABEL[period]}`;
    list.replaceChildren(...Array.from({ length: 3 }, () => h('li', { class: 'row skeleton' })));
    empty.hidden = true;
    off = live.subscribe(`leaderboard:${metric}:${period}`, render, (err) => {
      panel.removeAttribute('aria-busy');
      list.replaceChildren();
      empty.hidden = false;
      empty.textContent = `This board is not available (${err.message || err.code}).`;
    });
  }

  function render(data) {
    panel.removeAttribute('aria-busy');
    total.textContent = formatCount(data.total);
    const top = Math.max(1, ...data.rows.map((r) => r.count));
    list.replaceChildren(...data.rows.map((r) => {
      const mine = r.rep === me.id;
      const changed = previous.has(r.rep) && previous.get(r.rep) !== r.count;
      return h('li', { class: `row${mine ? ' is-me' : ''}${r.rank <= 3 ? ` podium-${r.rank}` : ''}`, 'data-rep': r.rep },
        h('span', { class: 'rank' }, r.rank),
        avatar(r.rep, r.name),
        h('span', { class: 'who' },
          h('span', { class: 'name' }, r.name, mine ? h('span', { class: 'you' }, 'You') : null),
          h('span', { class: 'bar', 'aria-hidden': 'true' },
            h('i', { style: { width: `${Math.max(0, (r.count / top) * 100)}%` } }))),
        h('span', { class: `count${changed ? ' changed' : ''}`, 'data-count': r.count }, formatCount(r.count)));
    }));
    previous = new Map(data.rows.map((r) => [r.rep, r.count]));
    const label = team.metrics.find((m) => m.id === metric).label.toLowerCase();
    empty.hidden = data.rows.length > 0;
    empty.textContent = `No ${label} logged ${period === 'all' ? 'yet' : PERIOD_LABEL[period].toLowerCase()} — be the first!`;
  }

  show();
  return () => { off(); root.replaceChildren(); };
}

// A WAI-ARIA tablist of buttons: arrows, Home and End move between tabs (roving tabindex).
// The pair board has one too (its panel id as `controls`).
export function tablist(name, options, current, choose, extraClass = '', controls = 'board-panel') {
  const tabs = options.map((o) => h('button', {
    type: 'button', role: 'tab', class: `tab${o.accent != null ? ` accent-${o.accent}` : ''}`,
    'data-id': o.id, 'aria-controls': controls, onclick: () => choose(o.id),
  }, o.label));
  const el = h('div', { class: `tabs ${extraClass}`.trim(), role: 'tablist', 'aria-label': name }, tabs);
  el.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(document.activeElement);
    if (i < 0) return;
    const to = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (to == null) return;
    e.preventDefault();
    const next = tabs[(to + tabs.length) % tabs.length];
    next.focus();
    choose(next.dataset.id);
  });
  return {
    el,
    sync() {
      for (const tab of tabs) {
        const selected = tab.dataset.id === current();
        tab.setAttribute('aria-selected', String(selected));
        tab.tabIndex = selected ? 0 : -1;
      }
    },
  };
}
