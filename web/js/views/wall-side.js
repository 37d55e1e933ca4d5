// The wall's side panel: team totals per metric for today and this week, and the latest feed
// events when the server has a feed (a subscribe error just leaves that part out).
import { h, formatCount } from '../dom.js';
import { describeEvent } from '../events.js';

const FEED_SHOWN = 5;

export function mountWallSide(root, { live, team }) {
  const totals = new Map(); // `${metric}:${period}` -> total
  const cells = new Map();
  const table = h('ul', { class: 'wall-totals' }, team.metrics.map((m, i) => {
    const day = h('b', { class: 'wall-num' }, '–');
    const week = h('span', { class: 'wall-num-small' }, '');
    const leader = h('span', { class: 'wall-leader' }, '');
    cells.set(m.id, { day, week, leader });
    return h('li', { class: `accent-${i % 6}` }, h('span', { class: 'wall-tlabel' }, m.label), day, leader, week);
  }));
  const feedList = h('ol', { class: 'wall-feed' });
  const feed = h('section', { class: 'wall-card', hidden: true }, h('h2', {}, 'Latest'), feedList);
  root.replaceChildren(h('aside', { class: 'wall-side' },
    h('section', { class: 'wall-card' }, h('h2', {}, 'Team today'), table), feed));

  const labelOf = (id) => team.metrics.find((m) => m.id === id)?.label || id;
  const offs = team.metrics.flatMap((m) => ['day', 'week'].map((period) =>
    live.subscribe(`leaderboard:${m.id}:${period}`, (data) => {
      totals.set(`${m.id}:${period}`, data.total);
      const c = cells.get(m.id);
      c.day.textContent = formatCount(totals.get(`${m.id}:day`));
      const week = totals.get(`${m.id}:week`);
      c.week.textContent = week == null ? '' : `${formatCount(week)} this week`;
      if (period === 'day') {
        const leaders = data.rows.filter((r) => r.rank === 1 && r.count > 0).map((r) => r.name);
        c.leader.textContent = leaders.length === 1 ? `${leaders[0]} leads` : leaders.length ? `${leaders.length} tied for first` : '';
      }
    })));

  function addEvents(events, replace) {
    const items = events.map((e) => [e, describeEvent(e, labelOf)]).filter(([, text]) => text).map(([e, text]) =>
      h('li', { class: `feed-${String(e.kind).replace('.', '-')}` }, h('time', {}, timeOf(e.at)), h('span', {}, text)));
    if (replace) feedList.replaceChildren(...items.slice(0, FEED_SHOWN));
    else feedList.prepend(...items);
    while (feedList.children.length > FEED_SHOWN) feedList.lastElementChild.remove();
    feed.hidden = feedList.children.length === 0;
  }
  offs.push(live.subscribe('feed', (data) => addEvents(Array.isArray(data?.events) ? data.events : [], true),
    () => { feed.hidden = true; }));
  offs.push(live.on('event', (event) => event && addEvents([event], false)));

  return () => { offs.forEach((off) => off()); root.replaceChildren(); };
}

function timeOf(at) {
  const ms = Date.parse(at);
  return Number.isFinite(ms) ? new Date(ms).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' }) : '';
}
