// One challenge on the rep page: goal, countdown or result, each participant's score with a bar
// (toward the target for race and target, against the leader for most), stakes, and the
// buttons this rep may press. Buttons carry data-action so a re-render can give focus back.
// The rep's own score, live or final, opens the activities behind it (onAudit(challenge)).
import { h, avatar, formatCount } from '../dom.js';
import { goalText, resultOf, scoreline, countdown, isReader, STATUS_LABEL, OPEN } from '../challenge-model.js';
import { isPairChallenge } from '../pair-model.js';
import { pairSides, ownScore } from './pair-sides.js';

export function challengeItem(c, { me, myTeam = null, tz, labelOf, accentOf, changed, confirming, act, onAudit = null }) {
  const people = Array.isArray(c.participants) ? c.participants : [];
  const isMe = (p) => isReader(p, me, myTeam);
  const meIn = people.find(isMe);
  // Across teams the creator is the first participant (ids are per team).
  const created = c.across_teams ? isMe(people[0]) : c.creator === me;
  const toTarget = c.kind !== 'most' && c.target > 0;
  const top = toTarget ? c.target : Math.max(1, ...people.map((p) => p.count));
  const result = resultOf(c, me, myTeam);
  const button = (action, text, cls = 'btn-ghost') =>
    h('button', { type: 'button', class: `btn ${cls} btn-small`, 'data-action': action, onclick: () => act(action, c) }, text);

  let actions = null;
  if (confirming) {
    actions = h('div', { class: 'ch-actions', role: 'group', 'aria-label': 'Cancel this challenge?' },
      h('span', { class: 'muted' }, 'Cancel this challenge?'),
      button('cancel-yes', 'Yes, cancel it', 'btn-danger'), button('cancel-no', 'Keep it'));
  } else if (meIn && !meIn.accepted && c.status === 'proposed') {
    actions = h('div', { class: 'ch-actions' }, button('accept', 'Accept', 'btn-primary'), button('decline', 'Decline'));
  } else if (created && OPEN.has(c.status)) {
    actions = h('div', { class: 'ch-actions' }, button('cancel', 'Cancel challenge'));
  }

  const waitingFor = people.filter((p) => !p.accepted).map((p) => (isMe(p) ? 'you' : p.name));
  return h('li', {
    class: `ch status-${c.status} accent-${accentOf(c.metric)}${result ? ` result-${result.tone}` : ''}`,
    'data-challenge': c.id, 'data-status': c.status,
  },
  h('div', { class: 'ch-head' },
    h('strong', { class: 'ch-goal' }, goalText(c, labelOf)),
    h('span', { class: 'chip' }, STATUS_LABEL[c.status] || c.status)),
  result
    ? h('p', { class: `ch-result tone-${result.tone}`, 'data-result': result.text },
      h('b', {}, result.tone === 'won' && result.text.startsWith('You won') ? 'You won!' : result.text), h('span', { class: 'ch-scoreline' }, ' · ', finalScores(c, isMe, me, myTeam, onAudit)))
    : OPEN.has(c.status)
      ? h('p', { class: 'ch-when muted' },
        h('span', { class: 'ch-left', 'data-ends': Date.parse(c.window?.end) || '' }, leftText(Date.parse(c.window?.end))),
        ` · until ${dayOf(Date.parse(c.window?.end), tz)}`,
        c.status === 'proposed' && waitingFor.length ? ` · waiting for ${waitingFor.join(', ')}` : '')
      : h('p', { class: 'ch-when muted' }, `${STATUS_LABEL[c.status] || c.status} ${dayOf(Date.parse(c.finished_at), tz)} · `,
        people.map((p) => (isMe(p) ? 'you' : p.name)).join(', ')),
  // Closed ones are one or two lines: the result already carries the scores.
  !OPEN.has(c.status) ? null : isPairChallenge(c) ? pairSides(c, { me, changed, onAudit }) : h('ul', { class: 'ch-people', 'aria-label': 'Scores' }, people.map((p) => h('li', {
    class: `${isMe(p) ? 'is-me' : ''}${c.winner === p.rep || c.reached?.includes(p.rep) ? ' is-winner' : ''}`, 'data-rep': p.rep,
    'data-team': p.team || null,
  },
  avatar(p.rep, p.name, 'avatar-small'),
  h('span', { class: 'who' },
    h('span', { class: 'name' }, isMe(p) ? 'You' : p.name,
      !p.accepted && c.status === 'proposed' ? h('span', { class: 'muted' }, ' · invited') : null),
    h('span', { class: 'bar', 'aria-hidden': 'true' }, h('i', { style: { width: `${Math.min(100, (Math.max(0, p.count) / top) * 100)}%` } }))),
  h('span', { class: 'ch-score' },
    h('b', { class: `count${changed?.has(`${c.id}:${p.rep}`) ? ' changed' : ''}`, 'data-count': p.count }, ownScore(c, p, isMe(p), onAudit)),
    toTarget ? h('span', { class: 'muted' }, ` / ${formatCount(c.target)}`) : null)))),
  c.stakes ? h('p', { class: 'stakes' }, `At stake: ${c.stakes}`) : null,
  actions);
}

// "You 5 · Jake 4" of a finished challenge, the rep's own score opening its activities; a pair
// challenge's line is its sides' sums.
function finalScores(c, isMe, me, myTeam, onAudit) {
  if (isPairChallenge(c)) return scoreline(c, me, myTeam);
  return [...(c.participants || [])].sort((a, b) => b.count - a.count).map((p, i) =>
    [i ? ' · ' : '', `${isMe(p) ? 'You' : p.name} `, h('span', { class: 'ch-final', 'data-rep': p.rep, 'data-count': p.count }, ownScore(c, p, isMe(p), onAudit))]);
}

// "Ends in 3d 4h"; the list's ticker rewrites [data-ends] every second.
export function leftText(end, now = Date.now()) {
  if (!Number.isFinite(end)) return '';
  return end - now > 0 ? `Ends in ${countdown(end - now)}` : 'Ending now…';
}

// "Sun 29 Nov", or "19:50" within a day (a window ends at midnight: Sunday's end is "Sun").
function dayOf(ms, tz) {
  if (!Number.isFinite(ms)) return '';
  const soon = Math.abs(ms - Date.now()) < 20 * 3600 * 1000;
  const options = soon ? { hour: '2-digit', minute: '2-digit' } : { weekday: 'short', day: 'numeric', month: 'short' };
  const date = new Date(soon ? ms : ms - 1);
  try { return soon ? date.toLocaleTimeString([], { ...options, timeZone: tz }) : date.toLocaleDateString(undefined, { ...options, timeZone: tz }); } catch {
    return soon ? date.toLocaleTimeString([], options) : date.toLocaleDateString(undefined, options);
  }
}
