// The score audit: the activities behind one count (GET /api/v1/reps/REP/activities), in a
// dialog: when (on the team's clock), how much, from where (a tap on the page, or the API), with
// corrections marked. The list sums to the count it opened from; the period can be switched.
// Opened with `challenge` ({id, metric, ...}) it lists a score in that challenge (points at the
// challenge's own weights; what its period's board brought marked "before it began"); with
// `range` ({from, to}, times inside the first and last week; first, last: those weeks' first
// days; weeks: how many) the weeks between, as the stats card totals them.
import { h, formatCount } from '../dom.js';
import { PERIODS, PERIOD_LABEL, PERIOD_SHORT } from '../periods.js';
import { goalText } from '../challenge-model.js';

const SOURCE = { web: 'tap', api: 'API' };

export function openAudit({ api, team, rep, name, metric, period = 'day', at = null, periods = PERIODS, challenge = null, range = null, heading = null }) {
  if (challenge) metric = challenge.metric;
  const fixed = at || challenge || range;
  const labelOf = (id) => (id === 'points' ? 'Points' : team.metrics.find((m) => m.id === id)?.label || id);
  const label = labelOf(metric);
  const title = h('h2', { id: 'audit-title' }, `${name} · ${heading || (challenge ? goalText(challenge, labelOf) : label)}`);
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
  // On the team's clock: the day once as a heading over its entries, then each entry's time.
  const dayOf = new Intl.DateTimeFormat([], { timeZone: team.tz, weekday: 'short', day: 'numeric', month: 'short' });
  const timeOf = new Intl.DateTimeFormat([], { timeZone: team.tz, hour: '2-digit', minute: '2-digit', second: '2-digit' });
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
    const seeded = items.filter((a) => a.seeded).length;
    const unit = label.toLowerCase();
    dialog.dataset.count = data.count;
    dialog.dataset.sum = items.reduce((sum, a) => sum + worth(a), 0) + (data.earlier || 0);
    const span = challenge ? `in this challenge${dates(Date.parse(data.window?.start), Date.parse(data.window?.end) - 1, team.tz)}`
      : range ? `in these ${range.weeks} weeks${dates(localDay(range.first), localDay(range.last, 6), 'UTC')}`
        : at ? 'that period' : PERIOD_LABEL[p].toLowerCase();
    summary.textContent = `${formatCount(data.count)} ${unit} ${span}: ` +
      `${items.length} ${items.length === 1 ? 'entry' : 'entries'}${corrections ? `, ${corrections} of them ${corrections === 1 ? 'a correction' : 'corrections'}` : ''}` +
      `${seeded ? `, ${seeded} from before it began (its period's board)` : ''}` +
      `${data.earlier ? `, and ${formatCount(data.earlier)} ${challenge ? 'not in the kept history' : 'from before the kept history'}` : ''}.`;
    // Newest first, each day's entries under its date.
    const rows = [];
    let day = '';
    for (const a of items) {
      const time = new Date(a.at);
      if (dayOf.format(time) !== day) rows.push(h('li', { class: 'audit-day' }, (day = dayOf.format(time))));
      rows.push(h('li', { class: `audit-item${a.delta < 0 ? ' is-correction' : ''}`, 'data-id': a.id, 'data-delta': a.delta },
        h('time', { datetime: a.at, title: `${day} ${timeOf.format(time)}` }, timeOf.format(time)),
        h('b', { class: 'audit-delta' }, `${worth(a) > 0 ? '+' : ''}${formatCount(worth(a))}`),
        h('span', { class: 'audit-what' }, [metric === 'points' ? `${labelOf(a.metric)} ${a.delta > 0 ? '+' : ''}${a.delta}` : null,
          a.delta < 0 ? 'correction' : null, a.seeded ? 'before it began' : null, SOURCE[a.source] || a.source].filter(Boolean).join(' · '))));
    }
    list.replaceChildren(...rows);
    if (!items.length) list.append(h('li', { class: 'empty' }, 'Nothing logged in this period.'));
  }

  load(period);
  return dialog;
}

// " (30 Nov – 6 Dec)": the first and last day of a span, or nothing when they are unknown.
function dates(first, last, timeZone) {
  if (!Number.isFinite(first) || !Number.isFinite(last)) return '';
  const day = new Intl.DateTimeFormat([], { timeZone, day: 'numeric', month: 'short' });
  return ` (${day.format(first)} – ${day.format(last)})`;
}

// A local date ("2026-11-30") `plus` days on, as a time that reads as that date in UTC.
function localDay(date, plus = 0) {
  return date ? Date.parse(`${date}T12:00:00Z`) + plus * 86400000 : NaN;
}
