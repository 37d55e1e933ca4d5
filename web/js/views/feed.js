// The team feed: the `feed` topic's snapshot, then each `event` frame on top. A rep's run of
// taps reads as one line; the list keeps the newest SHOWN lines, so it never grows.
import { h, avatar } from '../dom.js';
import { describeEvent, coalesce } from '../events.js';

const SHOWN = 30;
const KEPT = 120; // raw events kept to coalesce from

export function mountFeed(root, { team, live, nameOf }) {
  const list = h('ol', { class: 'feed-list', 'aria-label': 'Latest team activity', tabindex: 0 }); // scrolls by keyboard too
  const empty = h('p', { class: 'empty' }, 'Nothing yet today. The first call sets the pace!');
  root.replaceChildren(h('section', { class: 'card feed', 'aria-labelledby': 'feed-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'feed-title' }, 'Team feed')), list, empty));
  const labelOf = (id) => team.metrics.find((m) => m.id === id)?.label || id;
  let events = []; // newest first

  function render() {
    const lines = coalesce(events).map((e) => [e, describeEvent(e, labelOf, nameOf)]).filter(([, text]) => text).slice(0, SHOWN);
    list.replaceChildren(...lines.map(([e, text]) => h('li', { class: `feed-item feed-${String(e.kind).replace('.', '-')}`, 'data-event': e.id },
      repOf(e) ? avatar(repOf(e), e.rep ? e.name || nameOf(e.rep) : nameOf(repOf(e)), 'avatar-small') : h('span', { class: 'feed-dot', 'aria-hidden': 'true' }),
      h('span', { class: 'feed-text' }, text),
      h('time', { datetime: e.at }, timeOf(e.at)))));
    empty.hidden = lines.length > 0;
  }

  const offs = [
    live.subscribe('feed', (data) => {
      events = (Array.isArray(data?.events) ? data.events : []).slice(0, KEPT);
      render();
    }, () => { empty.textContent = 'The feed is not available on this server.'; }),
    live.on('event', (event) => {
      if (!event?.id || events.some((e) => e.id === event.id)) return;
      events = [event, ...events].slice(0, KEPT);
      render();
    }),
  ];
  return () => { offs.forEach((off) => off()); root.replaceChildren(); };
}

// Whose face goes with a line: the rep, else the winner (a winning pair's first rep), else the first who
// reached the target or takes part.
const repOf = (e) => e.rep || e.sides?.find((s) => s.pair === e.winner)?.reps?.[0] ||
  (e.winner && e.winner !== 'draw' && !e.sides ? e.winner : null) || e.reached?.[0] || e.participants?.[0] ||
  e.matchups?.[0]?.sides?.[0]?.reps?.[0] || null;

export function timeOf(at) {
  const ms = Date.parse(at);
  if (!Number.isFinite(ms)) return '';
  const sameDay = new Date(ms).toDateString() === new Date().toDateString();
  return sameDay ? new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : new Date(ms).toLocaleDateString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}
