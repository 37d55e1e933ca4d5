// The wall's head-to-head strip. A display has no "me" and no challenges:me, so it learns
// challenge ids from the feed (its snapshot and challenge.proposed / .started events), keeps
// them on this device so a reload mid-week still knows them, and subscribes to challenge:ID.
// Live ones show; a finished one shows its result for RESULT_MS and is then dropped. Bounded:
// at most TRACKED subscriptions and SHOWN cards.
import { h, avatar, formatCount } from '../dom.js';
import { read, write } from '../storage.js';
import { goalText, resultOf, countdown } from '../challenge-model.js';
import { isPairChallenge } from '../pair-model.js';
import { pairSides } from './pair-sides.js';

const TRACKED = 16;
const SHOWN = 3;
const RESULT_MS = 2 * 60000;
const KEY = 'wolfpack.wall.challenges';

export function mountWallChallenges(root, { live, team }) {
  const labelOf = (id) => team.metrics.find((m) => m.id === id)?.label || id;
  const accentOf = (id) => Math.max(0, team.metrics.findIndex((m) => m.id === id)) % 6;
  const list = h('ol', { class: 'wall-h2h-list' });
  root.replaceChildren(h('h2', { class: 'wall-h2h-title' }, 'Head to head'), list);
  root.hidden = true;
  const tracked = new Map(); // id -> { off, data, doneAt, timer }

  function save() {
    write(KEY, { team: team.id, ids: [...tracked].filter(([, t]) => !t.doneAt).map(([id]) => id) });
  }

  function track(id) {
    if (typeof id !== 'string' || tracked.has(id)) return;
    if (tracked.size >= TRACKED) drop(tracked.keys().next().value); // the oldest
    const entry = { off: null, data: null, doneAt: 0, timer: 0 };
    tracked.set(id, entry);
    entry.off = live.subscribe(`challenge:${id}`, (data) => {
      entry.data = data;
      if (data.status === 'finished' && !entry.doneAt) {
        entry.doneAt = Date.now();
        entry.timer = setTimeout(() => drop(id), RESULT_MS);
        save();
      }
      if (data.status === 'declined' || data.status === 'cancelled') return drop(id);
      render();
    }, () => drop(id));
    save();
  }

  function drop(id) {
    const entry = tracked.get(id);
    if (!entry) return;
    tracked.delete(id);
    clearTimeout(entry.timer);
    entry.off();
    save();
    render();
  }

  function render() {
    const shown = [...tracked.values()].map((t) => t.data)
      .filter((c) => c && (c.status === 'active' || c.status === 'finished'))
      .sort((a, b) => (b.status === 'finished') - (a.status === 'finished') || Date.parse(a.window.end) - Date.parse(b.window.end))
      .slice(0, SHOWN);
    list.replaceChildren(...shown.map(card));
    list.style.setProperty('--cols', String(Math.max(2, shown.length)));
    root.hidden = shown.length === 0;
    tick();
  }

  function card(c) {
    const people = [...c.participants].sort((a, b) => b.count - a.count).slice(0, 4);
    const toTarget = c.kind !== 'most' && c.target > 0;
    const top = toTarget ? c.target : Math.max(1, ...people.map((p) => p.count));
    const result = resultOf(c);
    return h('li', { class: `wall-h2h accent-${accentOf(c.metric)} status-${c.status}`, 'data-challenge': c.id },
      h('div', { class: 'wall-h2h-head' }, h('span', { class: 'wall-h2h-goal' }, goalText(c, labelOf)),
        result ? h('span', { class: 'wall-h2h-result' }, result.text)
          : h('span', { class: 'wall-h2h-left', 'data-ends': Date.parse(c.window.end) }, '')),
      // Pair against pair: both sides' sums, each pair's two reps beneath.
      isPairChallenge(c) ? pairSides(c, { compact: true }) : h('ul', { class: 'wall-h2h-people' }, people.map((p) => h('li', {
        'data-rep': p.rep, class: c.winner === p.rep || c.reached?.includes(p.rep) ? 'is-winner' : '',
      }, avatar(p.rep, p.name), h('span', { class: 'who' }, h('span', { class: 'name' }, p.name),
        h('span', { class: 'bar' }, h('i', { style: { width: `${Math.min(100, (Math.max(0, p.count) / top) * 100)}%` } }))),
      h('span', { class: 'count', 'data-count': p.count }, formatCount(p.count), toTarget ? h('small', {}, `/${c.target}`) : null)))));
  }

  function tick() {
    for (const el of list.querySelectorAll('[data-ends]')) {
      const left = Number(el.dataset.ends) - (Date.now() + live.skewMs);
      el.textContent = left > 0 ? `${countdown(left)} left` : 'ending…';
    }
  }

  function fromEvents(events) {
    // Newest first: an id whose finish is already in the feed is history, not news.
    const finished = new Set(events.filter((e) => e.kind === 'challenge.finished').map((e) => e.challenge));
    for (const e of [...events].reverse()) {
      if ((e.kind === 'challenge.proposed' || e.kind === 'challenge.started') && !finished.has(e.challenge)) track(e.challenge);
      // The week's drawn matchups: each is a live pair-vs-pair challenge.
      if (e.kind === 'matchups.drawn') for (const m of e.matchups || []) if (!finished.has(m.challenge)) track(m.challenge);
    }
  }

  const saved = read(KEY);
  if (saved?.team === team.id && Array.isArray(saved.ids)) saved.ids.slice(-TRACKED).forEach(track);
  const offs = [
    live.subscribe('feed', (data) => fromEvents(Array.isArray(data?.events) ? data.events : []), () => {}),
    live.on('event', (e) => e && fromEvents([e])),
  ];
  const ticker = setInterval(tick, 1000);
  return () => {
    clearInterval(ticker);
    offs.forEach((off) => off());
    for (const id of [...tracked.keys()]) {
      const entry = tracked.get(id);
      clearTimeout(entry.timer);
      entry.off();
    }
    tracked.clear();
    root.replaceChildren();
  };
}
