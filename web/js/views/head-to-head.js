// Head to head: the rep's challenges (challenges:me) and, when the welcome names the rep's pair,
// the partner card (pair:ID). A server without these topics answers the subscribe with an
// error; the card then stays hidden and nothing else is affected.
import { h, avatar, formatCount } from '../dom.js';

const RECENT_MS = 3 * 24 * 3600 * 1000; // finished challenges stay on the card this long
const SHOWN = 4;

export function mountHeadToHead(root, { team, me, live, welcome, toast }) {
  const pairId = welcome?.me?.pair ?? welcome?.pair?.id ?? null; // not in the welcome (yet)
  const pairBox = h('div', { class: 'h2h-pair' });
  const list = h('ul', { class: 'h2h-challenges', 'aria-label': 'Challenges' });
  const section = h('section', { class: 'card h2h', 'aria-labelledby': 'h2h-title', hidden: true },
    h('div', { class: 'card-head' }, h('h2', { id: 'h2h-title' }, 'Head to head')), pairBox, list);
  root.replaceChildren(section);
  const label = (id) => team.metrics.find((m) => m.id === id)?.label || id;
  const offs = [];
  const reveal = () => { section.hidden = !pairBox.childElementCount && !list.childElementCount; };

  if (pairId) offs.push(live.subscribe(`pair:${pairId}`, renderPair, () => { pairBox.replaceChildren(); reveal(); }));
  offs.push(live.subscribe('challenges:me', renderChallenges, () => { list.replaceChildren(); reveal(); }));

  function renderPair(data) {
    const reps = Array.isArray(data?.reps) ? data.reps : [];
    const mine = reps.find((r) => r.rep === me.id);
    const partner = reps.find((r) => r.rep !== me.id);
    if (!mine || !partner) return pairBox.replaceChildren(), reveal();
    const face = (r) => h('div', { class: 'h2h-side' }, avatar(r.rep, r.name), h('span', { class: 'name' }, r.rep === me.id ? 'You' : r.name));
    pairBox.replaceChildren(
      h('div', { class: 'h2h-faces' }, face(mine), h('span', { class: 'vs' }, 'vs'), face(partner)),
      h('ul', { class: 'h2h-lines', 'aria-label': 'Today, you and your partner' }, team.metrics.map((m) => {
        const a = mine.counts?.[m.id]?.day ?? 0;
        const b = partner.counts?.[m.id]?.day ?? 0;
        return h('li', { class: `h2h-line lead-${a === b ? 'tie' : a > b ? 'me' : 'them'}` },
          h('b', {}, formatCount(a)), h('span', {}, m.label), h('b', {}, formatCount(b)));
      })),
      partner.checkin?.commitment ? h('p', { class: 'muted' }, `${partner.name}'s goal this week: ${partner.checkin.commitment}`) : null);
    reveal();
  }

  function renderChallenges(data) {
    const now = Date.now();
    const all = Array.isArray(data?.challenges) ? data.challenges : [];
    const shown = all.filter((c) => c.status === 'proposed' || c.status === 'active' ||
      (c.status === 'finished' && now - Date.parse(c.finished_at) < RECENT_MS)).slice(0, SHOWN);
    list.replaceChildren(...shown.map(challengeItem));
    reveal();
  }

  function challengeItem(c) {
    const people = Array.isArray(c.participants) ? c.participants : [];
    const goal = c.kind === 'most' ? `Most ${label(c.metric).toLowerCase()}`
      : c.kind === 'race' ? `First to ${c.target} ${label(c.metric).toLowerCase()}`
        : `${c.target} ${label(c.metric).toLowerCase()}`;
    const top = Math.max(1, c.target || 0, ...people.map((p) => p.count));
    const nameOf = (rep) => (rep === me.id ? 'You' : people.find((p) => p.rep === rep)?.name || rep);
    const status = c.status === 'finished'
      ? (c.winner === 'draw' ? 'Draw' : c.winner ? `${nameOf(c.winner)} won` : 'Finished')
      : c.status === 'proposed' ? 'Proposed' : c.status === 'active' ? 'Live' : c.status;
    const meIn = people.find((p) => p.rep === me.id);
    const answer = (type) => live.request({ type, challenge: c.id })
      .catch((err) => toast?.(err.message || err.code, { title: 'The challenge was not updated', tone: 'error' }));
    const accent = Math.max(0, team.metrics.findIndex((m) => m.id === c.metric)) % 6;
    return h('li', { class: `h2h-challenge status-${c.status} accent-${accent}`, 'data-challenge': c.id },
      h('div', { class: 'h2h-challenge-head' }, h('strong', {}, goal), h('span', { class: 'chip' }, status)),
      h('p', { class: 'muted h2h-when' }, windowText(c, team.tz)),
      h('ul', { class: 'h2h-people' }, people.map((p) => h('li', { class: p.rep === me.id ? 'is-me' : '' },
        avatar(p.rep, p.name, 'avatar-small'),
        h('span', { class: 'who' }, h('span', { class: 'name' }, p.rep === me.id ? 'You' : p.name,
          !p.accepted && c.status === 'proposed' ? h('span', { class: 'muted' }, ' · invited') : null),
        h('span', { class: 'bar', 'aria-hidden': 'true' }, h('i', { style: { width: `${(Math.max(0, p.count) / top) * 100}%` } }))),
        h('b', { class: 'count' }, formatCount(p.count))))),
      c.stakes ? h('p', { class: 'stakes' }, `At stake: ${c.stakes}`) : null,
      meIn && !meIn.accepted && c.status === 'proposed' ? h('div', { class: 'h2h-actions' },
        h('button', { type: 'button', class: 'btn btn-primary btn-small', onclick: () => answer('challenge.accept') }, 'Accept'),
        h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => answer('challenge.decline') }, 'Decline')) : null);
  }

  return () => { offs.forEach((off) => off()); root.replaceChildren(); };
}

function windowText(c, tz) {
  const end = Date.parse(c.window?.end);
  if (!Number.isFinite(end)) return '';
  const day = (ms) => {
    const options = { weekday: 'short', day: 'numeric', month: 'short' };
    try { return new Date(ms).toLocaleDateString(undefined, { ...options, timeZone: tz }); } catch { return new Date(ms).toLocaleDateString(undefined, options); }
  };
  if (c.status === 'finished') return `Finished ${day(Date.parse(c.finished_at) || end)}`;
  return `${c.status === 'proposed' ? 'Would run' : 'Runs'} until ${day(end - 1)}`;
}
