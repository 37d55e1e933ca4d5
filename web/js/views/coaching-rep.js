// One rep in Coaching: this week's numbers, the last weeks per metric as small multiples, the
// funnel along the team's own metric order, and the weekly check-ins with the partner's beside.
// A week's number (this week's, or a bar) opens the activities behind it (onAudit).
import { h, avatar, formatCount } from '../dom.js';
import { weekChart, formatRatio } from './stats.js';

const CHECKIN_WEEKS = 4; // the newest weeks with a check-in shown; the rest behind "Earlier"

export function coachingRep(rep, { data, metrics, partner, onAudit = null }) {
  const weeks = data.weeks.map((w, i) => ({ ...w, counts: Object.fromEntries(metrics.map((m) => [m.id, rep.counts?.[m.id]?.[i] ?? 0])) }));
  const last = data.weeks.length - 1;
  const thisWeek = h('dl', { class: 'coach-now', 'aria-label': `${rep.name} this week` }, metrics.map((m, i) => {
    const n = rep.counts?.[m.id]?.[last] ?? 0;
    return h('div', { class: `coach-num accent-${i % 6}`, 'data-metric': m.id },
      h('dt', {}, m.label), h('dd', { 'data-count': n }, onAudit
        ? h('button', { type: 'button', class: 'count-button', 'data-audit': m.id, title: 'See the activities behind this count',
          onclick: () => onAudit(rep, m.id, null) }, formatCount(n))
        : formatCount(n)));
  }));
  const onWeek = onAudit ? (metric, w) => onAudit(rep, metric, `${w.start}T12:00:00Z`) : null;
  const charts = h('div', { class: 'stats-charts coach-charts' },
    metrics.map((m, i) => weekChart(m, i, weeks, rep.totals?.[m.id] ?? 0, onWeek)));
  return h('article', { class: 'card coach-rep', 'data-rep': rep.rep, 'aria-labelledby': `coach-${rep.rep}` },
    h('div', { class: 'card-head' },
      h('div', { class: 'coach-who' }, avatar(rep.rep, rep.name),
        h('h3', { id: `coach-${rep.rep}` }, rep.name),
        partner ? h('span', { class: 'chip' }, `with ${partner.name}`) : h('span', { class: 'chip' }, 'no partner')),
      h('span', { class: 'hint' }, 'This week')),
    thisWeek,
    funnel(rep, metrics),
    h('details', { class: 'coach-trend', open: true }, h('summary', {}, `Last ${data.weeks.length} weeks`), charts),
    checkins(rep, partner, data.weeks));
}

function funnel(rep, metrics) {
  const steps = Array.isArray(rep.funnel) ? rep.funnel : [];
  if (metrics.length < 2) return null;
  const label = (id) => metrics.find((m) => m.id === id)?.label || id;
  const items = [];
  metrics.forEach((m, i) => {
    items.push(h('li', { class: `funnel-step accent-${i % 6}`, 'data-metric': m.id },
      h('b', {}, formatCount(rep.totals?.[m.id] ?? 0)), h('span', {}, m.label)));
    const step = steps.find((s) => s.from === m.id && s.to === metrics[i + 1]?.id);
    if (i + 1 < metrics.length) {
      items.push(h('li', { class: 'funnel-ratio', 'data-from': m.id, 'data-to': metrics[i + 1].id,
        'aria-label': `${label(metrics[i + 1].id)} per ${label(m.id).toLowerCase()}: ${formatRatio(step?.ratio)}` },
      h('span', { 'aria-hidden': 'true' }, `→ ${formatRatio(step?.ratio)} →`)));
    }
  });
  return h('div', { class: 'funnel' }, h('h4', {}, 'Funnel, all these weeks'), h('ol', { class: 'funnel-steps' }, items));
}

function checkins(rep, partner, weeks) {
  const byWeek = (list) => new Map((Array.isArray(list) ? list : []).map((c) => [c.week, c]));
  const mine = byWeek(rep.checkins);
  const theirs = byWeek(partner?.checkins);
  const keys = [...new Set([...mine.keys(), ...theirs.keys()])].sort().reverse();
  const startOf = new Map(weeks.map((w) => [w.week, w.start]));
  const view = (c, who) => h('div', { class: `checkin-view${c ? '' : ' is-empty'}` },
    h('p', { class: 'checkin-who' }, who),
    c?.commitment ? h('p', { class: 'checkin-commitment' }, c.commitment) : h('p', { class: 'muted' }, 'No check-in'),
    c?.reflection ? h('p', { class: 'checkin-reflection' }, c.reflection) : null);
  const row = (week) => h('li', { class: 'coach-week', 'data-week': week },
    h('p', { class: 'coach-week-name' }, weekName(week, startOf.get(week))),
    h('div', { class: 'checkins-grid' }, view(mine.get(week), rep.name), partner ? view(theirs.get(week), partner.name) : null));
  const head = h('h4', {}, partner ? `Check-ins, with ${partner.name}’s beside` : 'Check-ins');
  if (!keys.length) return h('div', { class: 'coach-checkins' }, head, h('p', { class: 'muted' }, 'No check-ins in these weeks.'));
  const older = keys.slice(CHECKIN_WEEKS);
  return h('div', { class: 'coach-checkins' }, head,
    h('ul', { class: 'coach-weeks' }, keys.slice(0, CHECKIN_WEEKS).map(row)),
    older.length ? h('details', {}, h('summary', {}, `Earlier (${older.length})`), h('ul', { class: 'coach-weeks' }, older.map(row))) : null);
}

function weekName(week, start) {
  if (!start) return week;
  const day = new Date(`${start}T12:00:00Z`).toLocaleDateString([], { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return `Week of ${day}`;
}
