// The score audit: the activities behind one count (GET /api/v1/reps/REP/activities), in a
// dialog: when (on the team's clock), how much, from where (a tap on the page, or the API), with
// corrections marked. The list sums to the count it opened from; the period can be switched.
// Opened with `challenge` ({id, metric, ...}) it lists a score in that challenge (points at the
// challenge's own weights); with `range` ({from, to}, times inside the first and last week) the
// weeks between, as the stats card totals them.
import { h, formatCount } from '../dom.js';
import { PERIODS, PERIOD_LABEL, PERIOD_SHORT } from '../periods.js';

const SOURCE = { web: 'tap', api: 'API' };

export function openAudit({ api, team, rep, name, metric, period = 'day', at = null, periods = PERIODS, challenge = null, range = null, heading = null }) {
  if (challenge) metric = challenge.metric;
  const fixed = at || challenge || range;
  const label = metric === 'points' ? 'Points' : team.metrics.find((m) => m.id === metric)?.label || metric;
  const title = h('h2', { id: 'audit-title' }, `${name} · ${heading || (challenge ? `${label} challenge` : label)}`);
  const summary = h('p', { class: 'audit-sum', role: 'status' }, 'Loading…');
  const list = h('ol', { class: 'audit-list', 'aria-label': 'Activities, newest first' });
  const tabs = fixed ? null : h('div', { class: 'tabs segmented', role: 'group', 'aria-label': 'Period' },
    periods.map((p) => h('button', { type: 'button', class: 'tab', 'data-period': p, onclick: () => load(p) }, PERIOD_SHORT[p])));
  const close = h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => dialog.close() }, 'Close');
  const dialog = h('dialog', { class: 'audit', 'aria-labelledby': 'audit-title', 'data-rep': rep, 'data-metric': metric,
    'data-challenge': challenge?.id },
    h('div', { class: 'card-head' }, title, close), tabs, summary, list);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  const when = new Intl.DateTimeFormat([], { timeZone: team.tz, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  let asked = 0;

  async function load(p) {
    const mine = ++asked;
    tabs?.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.period === p)));
    dialog.dataset.period = p;
    summary.textContent = 'Loading…';
    const query = new URLSearchParams(challenge ? { challenge: challenge.id } : range ? { metric, from: range.from, to: range.to } : { metric, period: p });
    if (at && !challenge && !range) query.set('at', at);
    try {
      const data = await api.get(`/reps/${encodeURIComponent(rep)}/activities?${query}`);
      if (mine === asked) render(data, p);
    } catch (err) {
      if (mine === asked) summary.textContent = `Could not load the activities: ${err.message}`;
    }
  }

  function render(data, p) {
    const items = Array.isArray(data.activities) ? data.activities : [];
    const worth = (a) => (metric === 'points' ? a.points : a.delta);
    const corrections = items.filter((a) => a.delta < 0).length;
    const unit = label.toLowerCase();
    dialog.dataset.count = data.count;
    dialog.dataset.sum = items.reduce((sum, a) => sum + worth(a), 0) + (data.earlier || 0);
    const span = challenge ? 'in this challenge' : range ? `in these ${range.weeks} weeks` : at ? 'that period' : PERIOD_LABEL[p].toLowerCase();
    summary.textContent = `${formatCount(data.count)} ${unit} ${span}: ` +
      `${items.length} ${items.length === 1 ? 'entry' : 'entries'}${corrections ? `, ${corrections} of them ${corrections === 1 ? 'a correction' : 'corrections'}` : ''}` +
      `${data.earlier ? `, and ${formatCount(data.earlier)} ${challenge ? 'not in the kept history' : 'from before the kept history'}` : ''}.`;
    list.replaceChildren(...items.map((a) => h('li', { class: `audit-item${a.delta < 0 ? ' is-correction' : ''}`, 'data-id': a.id, 'data-delta': a.delta },
      h('time', { datetime: a.at }, when.format(new Date(a.at))),
      h('b', { class: 'audit-delta' }, `${worth(a) > 0 ? '+' : ''}${formatCount(worth(a))}`),
      h('span', { class: 'audit-what' }, [metric === 'points' ? `${team.metrics.find((m) => m.id === a.metric)?.label || a.metric} ${a.delta > 0 ? '+' : ''}${a.delta}` : null,
        a.delta < 0 ? 'correction' : null, SOURCE[a.source] || a.source].filter(Boolean).join(' · ')))));
    if (!items.length) list.append(h('li', { class: 'empty' }, 'Nothing logged in this period.'));
  }

  load(period);
  return dialog;
}
