// The team leaderboard with view, metric and period tabs, live; the rep's own row is
// highlighted. Views (board-rows.js): around me (the default for a rep: their own neighbourhood,
// not only the top), the top, % of target and most improved; "Points" when the team weights its
// metrics. A display sees the top.
import { h, formatCount } from '../dom.js';
import { PERIODS, PERIOD_LABEL, PERIOD_SHORT } from '../periods.js';
import { read, write } from '../storage.js';
import { MODES, topicOf, boardRow, valueOf, emptyText } from './board-rows.js';

const CHOICE_KEY = 'wolfpack.board';

// The metric and period last chosen on a board (kept under `key`), if the team still has them.
export function savedChoice(key, team, period) {
  const saved = read(key, {}) || {};
  return { metric: team.metrics.some((m) => m.id === saved.metric) ? saved.metric : team.metrics[0].id,
    period: PERIODS.includes(saved.period) ? saved.period : period };
}

export function mountLeaderboard(root, { team, me, live, onAudit = null }) {
  const saved = read(CHOICE_KEY, {}) || {};
  const weighted = Object.keys(team.points || {}).length > 0;
  const metrics = [...team.metrics, ...(weighted ? [{ id: 'points', label: 'Points' }] : [])];
  const modes = me.role === 'display' ? MODES.filter((m) => m.id === 'top') : MODES;
  let metric = metrics.some((m) => m.id === saved.metric) ? saved.metric : metrics[0].id;
  let period = PERIODS.includes(saved.period) ? saved.period : 'day';
  let mode = modes.some((m) => m.id === saved.mode) ? saved.mode : modes[0].id;
  let off = () => {};
  let previous = new Map(); // rep -> value shown, to flash the ones that changed

  const modeTabs = tablist('View', modes, () => mode, (id) => { mode = id; show(); }, 'segmented board-modes');
  const metricTabs = tablist('Metric', metrics.map((m, i) => ({ id: m.id, label: m.label, accent: i % 6 })),
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
    modes.length > 1 ? modeTabs.el : null, periodTabs.el, panel));

  function show() {
    write(CHOICE_KEY, { metric, period, mode });
    modeTabs.sync();
    metricTabs.sync();
    periodTabs.sync();
    periodTabs.el.hidden = mode === 'improved'; // this week against the weeks before
    off();
    previous = new Map();
    panel.setAttribute('aria-busy', 'true');
    panel.dataset.mode = mode;
    panel.className = `board-panel accent-${metrics.findIndex((m) => m.id === metric) % 6}`;
    const label = metrics.find((m) => m.id === metric).label;
    panel.querySelector('.board-caption').textContent = mode === 'improved' ? `${label} · this week against your own last four`
      : `${label} · ${PERIOD_LABEL[period]}${mode === 'pct' ? ' · % of target' : ''}`;
    list.replaceChildren(...Array.from({ length: 3 }, () => h('li', { class: 'row skeleton' })));
    empty.hidden = true;
    const topic = topicOf(mode, metric, period);
    if (!topic) {
      off = () => {};
      panel.removeAttribute('aria-busy');
      list.replaceChildren();
      empty.hidden = false;
      empty.textContent = metric === 'points' ? 'Targets are set per metric: pick one.' : 'Targets are per day, week or month: pick one of those.';
      return;
    }
    off = live.subscribe(topic, render, (err) => {
      panel.removeAttribute('aria-busy');
      list.replaceChildren();
      empty.hidden = false;
      empty.textContent = `This board is not available (${err.message || err.code}).`;
    });
  }

  function render(data) {
    panel.removeAttribute('aria-busy');
    total.textContent = data.total == null ? '–' : formatCount(data.total);
    const rows = Array.isArray(data.rows) ? data.rows : [];
    const top = Math.max(1, ...rows.map((r) => r.count));
    const audit = onAudit ? () => onAudit(metric, mode === 'improved' ? 'week' : period) : null;
    list.replaceChildren(...rows.map((r) => boardRow(r, { mode, me, top, previous, onAudit: audit })));
    previous = new Map(rows.map((r) => [r.rep, valueOf(mode, r)]));
    if (mode === 'around' && data.me) {
      panel.querySelector('.board-caption').textContent =
        `${metrics.find((m) => m.id === metric).label} · ${PERIOD_LABEL[period]} · you are #${data.me.rank} of ${data.of}`;
    }
    const label = metrics.find((m) => m.id === metric).label.toLowerCase();
    empty.hidden = rows.length > 0;
    empty.textContent = emptyText(mode, { label, period, periodLabel: PERIOD_LABEL[period] });
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
