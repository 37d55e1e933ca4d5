// Challenges as the pages show them (protocol.md `challenge:ID` data): the goal line, the
// result, the countdown, and the create form's presets and windows. No DOM: modules.test.mjs
// runs these in Node.
import { isPairChallenge, pairResult, pairScoreline } from './pair-model.js';

export const OPEN = new Set(['proposed', 'active']);

export const STATUS_LABEL = {
  proposed: 'Proposed', active: 'Live', finished: 'Finished', declined: 'Declined', cancelled: 'Cancelled',
};

export const KINDS = [
  { id: 'most', label: 'Most wins', hint: 'the highest count when the window closes' },
  { id: 'race', label: 'Race to a target', hint: 'the first to reach it wins at once' },
  { id: 'target', label: 'Everyone hits a target', hint: 'each participant who reaches it succeeds' },
];

// "Most calls", "First to 20 calls", "20 calls".
export function goalText(c, labelOf = (id) => id) {
  const metric = String(labelOf(c.metric)).toLowerCase();
  if (c.kind === 'race') return `First to ${c.target} ${metric}`;
  if (c.kind === 'target') return `Reach ${c.target} ${metric}`;
  return `Most ${metric}`;
}

// Whether a participant is the reader: rep ids are per team, so with a partner in another team
// (participants carry `team`) the team must match too.
export const isReader = (p, me, myTeam = null) => p?.rep === me && (!p.team || !myTeam || p.team === myTeam);

// The finished challenge's outcome as the rep `me` (of team `myTeam`) reads it (me null: a
// wall, no "You"). tone: won · lost · draw · none.
export function resultOf(c, me = null, myTeam = null) {
  if (c?.status !== 'finished') return null;
  if (isPairChallenge(c)) return pairResult(c, me);
  const people = Array.isArray(c.participants) ? c.participants : [];
  const mine = (rep, team = null) => isReader({ rep, team }, me, myTeam);
  const name = (rep, team = null) => (mine(rep, team) ? 'You'
    : people.find((p) => p.rep === rep && (!team || !p.team || p.team === team))?.name || rep);
  if (c.winner === 'draw') return { tone: 'draw', text: 'Draw' };
  if (c.winner) {
    const won = mine(c.winner, c.winner_team);
    return { tone: won ? 'won' : me ? 'lost' : 'won', text: `${name(c.winner, c.winner_team)} won`, winner: c.winner };
  }
  const reached = Array.isArray(c.reached) ? c.reached : [];
  if (c.kind === 'target' && reached.length) {
    const names = listOf(reached.map(name));
    return { tone: !me || reached.includes(me) ? 'won' : 'lost', text: `${names} reached ${c.target}` };
  }
  if (c.kind === 'target') return { tone: 'none', text: 'Target missed' };
  return { tone: 'none', text: `Nobody reached ${c.target}` };
}

// "You 5 · Jake 4", highest first.
export function scoreline(c, me = null, myTeam = null) {
  if (isPairChallenge(c)) return pairScoreline(c, me);
  return [...(c.participants || [])].sort((a, b) => b.count - a.count)
    .map((p) => `${isReader(p, me, myTeam) ? 'You' : p.name} ${p.count}`).join(' · ');
}

export function listOf(names) {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

// Time left: "3d 4h", "5h 12m", "4:05".
export function countdown(ms) {
  if (!(ms > 0)) return '0:00';
  const s = Math.ceil(ms / 1000);
  const d = Math.floor(s / 86400), hours = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  if (d) return `${d}d ${hours}h`;
  if (hours) return `${hours}h ${m}m`;
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

// Sorted for a list: proposals waiting on me, then live ones ending soonest, then the rest newest first.
export function displayOrder(list, me) {
  const rank = (c) => (c.status === 'proposed' && c.participants?.some((p) => p.rep === me && !p.accepted) ? 0
    : OPEN.has(c.status) ? 1 : 2);
  const endOf = (c) => Date.parse(c.window?.end) || 0;
  const doneAt = (c) => Date.parse(c.finished_at) || Date.parse(c.created_at) || 0;
  return [...list].sort((a, b) => rank(a) - rank(b) || (rank(a) < 2 ? endOf(a) - endOf(b) : doneAt(b) - doneAt(a)));
}

export const FORWARD = (m) => /^forward[_-]?appointments?$/i.test(m.id) || /forward appointments?/i.test(m.label);

// The form's one-click starts: only those whose metric the team has.
export function presetsFor(team) {
  const find = (id) => team.metrics.find((m) => m.id === id);
  const most = (m, windowChoice, when) => m && ({
    id: `${m.id}-${windowChoice}`, label: `Most ${m.label.toLowerCase()} ${when}`, metric: m.id, kind: 'most', windowChoice,
  });
  return [
    most(find('calls'), 'week', 'this week'),
    most(find('appointments'), 'week', 'this week'),
    most(find('proposals'), 'quarter', 'this quarter'),
    most(team.metrics.find(FORWARD), 'next3', 'in the next three months'),
  ].filter(Boolean);
}

export const WINDOW_CHOICES = [
  { id: 'week', label: 'This week' }, { id: 'month', label: 'This month' }, { id: 'quarter', label: 'This quarter' },
  { id: 'next3', label: 'The next three months' }, { id: 'custom', label: 'Custom dates' },
];

// The `window` of a challenge.create. next3: from now to the same day three months on (the
// month's last day when it has no such day). custom: {start, end} in ms.
export function windowFor(choice, nowMs, custom = {}) {
  if (choice === 'week' || choice === 'month' || choice === 'quarter') return { period: choice };
  if (choice === 'next3') return { start: new Date(nowMs).toISOString(), end: new Date(addMonths(nowMs, 3)).toISOString() };
  return { start: new Date(custom.start).toISOString(), end: new Date(custom.end).toISOString() };
}

export function addMonths(ms, months) {
  const d = new Date(ms);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.getTime();
}
