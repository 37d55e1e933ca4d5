// The rep's coaching numbers (GET /api/v1/reps/REP/stats?weeks=12 with their own token): the
// last 12 weeks per metric as a small bar chart (inline SVG) and the two conversion ratios.
// Loaded on mount, every few minutes while the page is visible, a few seconds after the rep's
// own taps are recorded (each recorded tap shows on this week's bar at once) or her week's
// counts move otherwise, and on Refresh. A
// week's bar (or this week's number) opens the activities behind it, a metric's 12-week total
// (on its chart or in a ratio) those of all its weeks.
import { h, s, formatCount, clockTime } from '../dom.js';

const WEEKS = 12;
const EVERY_MS = 5 * 60000;
const AFTER_TAPS_MS = 4000; // a burst of taps is one reload
const W = 240, H = 56, TOP = 11; // chart units; TOP leaves room for this week's number
const RATIOS = [
  ['appointments_per_call', 'Appointments per call', 'appointments', 'calls'],
  ['proposals_per_appointment', 'Proposals per appointment', 'proposals', 'appointments'],
];

export function formatRatio(r) {
  if (r == null || !Number.isFinite(r)) return '–';
  const pct = r * 100;
  return `${pct < 10 && pct !== 0 ? pct.toFixed(1) : Math.round(pct)}%`;
}

export function mountStats(root, { team, me, token, outbox, counts = null, onAudit = null, onAuditRange = null }) {
  const charts = h('div', { class: 'stats-charts' });
  const ratios = h('dl', { class: 'ratios' });
  const status = h('p', { class: 'stats-status muted', role: 'status' }, 'Loading…');
  const refresh = h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => load() }, 'Refresh');
  const empty = h('p', { class: 'hint', hidden: true }, 'Nothing logged in these twelve weeks yet: your weeks fill in as you log.');
  const panel = h('div', { class: 'stats-body', 'aria-busy': 'true' }, empty, charts, ratios);
  root.replaceChildren(h('section', { class: 'card stats', 'aria-labelledby': 'stats-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'stats-title' }, 'Your last 12 weeks'), refresh), panel, status));
  let loadedAt = 0, loading = null, shown = null;

  function load() {
    if (loading) return loading;
    refresh.disabled = true;
    loading = fetch(`/api/v1/reps/${encodeURIComponent(me.id)}/stats?weeks=${WEEKS}`,
      { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' })
      .then(async (res) => {
        if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), { status: res.status });
        render(await res.json());
        loadedAt = Date.now();
        status.textContent = `Updated ${clockTime(loadedAt)}`;
      })
      .catch((err) => {
        status.textContent = err.status === 401 || err.status === 403 ? 'Stats need your own sign-in link.'
          : `Could not load the stats${loadedAt ? `; showing ${clockTime(loadedAt)}` : ''} (${err.status ? err.message : 'offline?'}).`;
      })
      .finally(() => { loading = null; refresh.disabled = false; panel.removeAttribute('aria-busy'); });
    return loading;
  }

  function render(data) {
    shown = data;
    const weeks = Array.isArray(data?.weeks) ? data.weeks : [];
    empty.hidden = Object.values(data?.totals || {}).some((n) => n > 0);
    const onWeek = onAudit ? (metric, w) => onAudit(metric, 'week', `${w.start}T12:00:00Z`) : null;
    const onTotal = onAuditRange && weeks.length
      ? (metric) => onAuditRange(metric, { from: `${weeks[0].start}T12:00:00Z`, to: `${weeks.at(-1).start}T12:00:00Z`, weeks: weeks.length,
        first: weeks[0].start, last: weeks.at(-1).start }) : null;
    charts.replaceChildren(...team.metrics.map((m, i) => weekChart(m, i, weeks, data.totals?.[m.id] ?? 0, onWeek, onTotal)));
    // A ratio's two totals open their activities like the charts' totals do.
    const total = (metric) => h('span', { class: 'ratio-count', 'data-metric': metric, 'data-count': data.totals[metric] }, onTotal
      ? h('button', { type: 'button', class: 'count-button', 'data-audit': metric, title: 'See the activities behind this total',
        onclick: () => onTotal(metric) }, formatCount(data.totals[metric]))
      : formatCount(data.totals[metric]));
    ratios.replaceChildren(...RATIOS.filter(([key]) => data.ratios && key in data.ratios).map(([key, label, top, bottom]) => {
      const r = data.ratios[key];
      return h('div', { class: 'ratio', 'data-ratio': key, 'data-value': r ?? '' },
        h('dt', {}, label), h('dd', {}, h('b', {}, formatRatio(r)),
          h('span', { class: 'muted' }, r == null ? ` no ${bottom} yet` : [' ', total(top), ' of ', total(bottom)])));
    }));
  }

  const onVisible = () => document.visibilityState === 'visible' && Date.now() - loadedAt > 60000 && load();
  document.addEventListener('visibilitychange', onVisible);
  const timer = setInterval(() => document.visibilityState === 'visible' && load(), EVERY_MS);
  let tapTimer = 0;
  // A recorded tap of this week shows at once; the reload a few seconds later confirms it.
  const offTaps = outbox?.on('acked', ({ item, at, result }) => {
    const week = shown?.weeks?.at(-1);
    if (week && !at && !result?.duplicate && result?.counts && item.metric in (shown.totals || {})) {
      week.counts[item.metric] = (week.counts[item.metric] ?? 0) + item.delta;
      shown.totals[item.metric] += item.delta;
      render(shown);
    }
    clearTimeout(tapTimer);
    tapTimer = setTimeout(load, AFTER_TAPS_MS);
  });
  // Activity of hers from elsewhere (a CRM, a correction over the API) moves her week's boards
  // (my-counts.js): this week's numbers here follow a few seconds later, so a total she opens is
  // the one its activities add up to.
  const offCounts = counts?.onChange(() => {
    const week = shown?.weeks?.at(-1);
    const moved = week && team.metrics.some((m) => {
      const c = counts.get(m.id);
      return !c.waiting && c.week != null && c.week !== (week.counts?.[m.id] ?? 0);
    });
    if (!moved) return;
    clearTimeout(tapTimer);
    tapTimer = setTimeout(load, AFTER_TAPS_MS);
  });
  load();
  return () => {
    clearInterval(timer);
    clearTimeout(tapTimer);
    offTaps?.();
    offCounts?.();
    document.removeEventListener('visibilitychange', onVisible);
    root.replaceChildren();
  };
}

// One metric's weeks as a small bar chart: weeks [{week, start, counts:{METRIC:n}}], oldest first.
// onWeek(metric id, week): a bar was clicked (the activities of that week); onTotal(metric id):
// the total was (the activities of every week shown).
export function weekChart(metric, index, weeks, total, onWeek = null, onTotal = null) {
  const counts = weeks.map((w) => w.counts?.[metric.id] ?? 0);
  const top = Math.max(1, ...counts);
  const slot = W / Math.max(1, weeks.length);
  const last = counts.length - 1;
  const day = (iso) => new Date(`${iso}T12:00:00Z`).toLocaleDateString([], { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const bars = weeks.map((w, i) => {
    const height = Math.max(1.5, (counts[i] / top) * (H - TOP));
    return s('rect', {
      class: `wk${i === last ? ' now' : ''}${counts[i] ? '' : ' zero'}`, x: (i * slot + slot * 0.14).toFixed(2), y: (H - height).toFixed(2),
      width: (slot * 0.72).toFixed(2), height: height.toFixed(2), rx: 2, 'data-week': w.week, 'data-start': w.start, 'data-count': counts[i],
    }, s('title', {}, `Week of ${day(w.start)}: ${counts[i]} ${metric.label.toLowerCase()}`));
  });
  const label = last >= 0 ? s('text', { class: 'now-label', 'data-week': weeks[last].week, 'data-count': counts[last], x: ((last + 0.5) * slot).toFixed(2),
    y: Math.max(9, H - Math.max(1.5, (counts[last] / top) * (H - TOP)) - 3).toFixed(2), 'text-anchor': 'middle' }, String(counts[last])) : null;
  // The weeks since the first with activity: 5 calls this week are "avg 5/week", not 0.
  const first = counts.findIndex((n) => n !== 0);
  const since = first < 0 ? [] : counts.slice(first);
  const average = since.length ? since.reduce((a, b) => a + b, 0) / since.length : 0;
  const avgY = (H - (average / top) * (H - TOP)).toFixed(2);
  const avg = average > 0 ? s('line', { class: 'avg', x1: 0, x2: W, y1: avgY, y2: avgY },
    s('title', {}, `Weekly average: ${average.toFixed(1)}`)) : null;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: `spark${onWeek ? ' spark-open' : ''}`, role: 'img',
    'aria-label': `${metric.label} per week, oldest first: ${counts.join(', ')}` }, bars, avg, label);
  if (onWeek) {
    svg.addEventListener('click', (e) => {
      // A bar, or this week's number above its bar.
      const week = weeks.find((w) => w.week === e.target.closest?.('[data-week]')?.getAttribute('data-week'));
      if (week) onWeek(metric.id, week);
    });
  }
  return h('figure', { class: `stat accent-${index % 6}`, 'data-metric': metric.id },
    h('figcaption', {}, h('span', { class: 'stat-label', title: metric.label }, metric.label),
      h('span', { class: 'stat-total' }, onTotal
        ? h('button', { type: 'button', class: 'count-button', 'data-audit': metric.id, 'data-count': total, title: 'See the activities behind this total',
          'aria-label': `${metric.label}: ${total} in these ${weeks.length} weeks, see the activities`, onclick: () => onTotal(metric.id) }, h('b', {}, formatCount(total)))
        : h('b', {}, formatCount(total)), ' total')),
    svg,
    h('div', { class: 'stat-axis', 'aria-hidden': 'true' }, h('span', {}, weeks[0] ? day(weeks[0].start) : ''),
      h('span', { class: 'stat-avg' }, average > 0 ? `avg ${formatAverage(average)}/week` : ''), h('span', {}, 'This week')));
}

// 0.4, 2.5, 12: a decimal only where it says something.
export function formatAverage(n) {
  const rounded = n < 10 ? Math.round(n * 10) / 10 : Math.round(n);
  return Number.isInteger(rounded) ? formatCount(rounded) : rounded.toFixed(1);
}
