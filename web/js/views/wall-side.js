// The wall's side panel: team totals per metric for today and this week, and the latest feed
// events (times on the team's clock) when the server has a feed (a subscribe error just leaves
// that part out).
import { h, formatCount } from '../dom.js';
import { describeEvent, coalesce } from '../events.js';
import { eventTime } from '../team-time.js';

const FEED_SHOWN = 5;
const FEED_KEPT = 60;

export function mountWallSide(root, ctx) {
  const { live, team, nameOf } = ctx;
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

  const { labelOf } = ctx;
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

  let events = []; // newest first, bounded: a run of one rep's taps reads as one line
  function render() {
    const items = coalesce(events).map((e) => [e, describeEvent(e, labelOf, nameOf)]).filter(([, text]) => text)
      .slice(0, FEED_SHOWN).map(([e, text]) =>
        h('li', { class: `feed-${String(e.kind).replace('.', '-')}` }, h('time', {}, eventTime(e.at, ctx.tz, ctx.now())), h('span', {}, text)));
    feedList.replaceChildren(...items);
    feed.hidden = items.length === 0;
  }
  offs.push(live.subscribe('feed', (data) => {
    events = (Array.isArray(data?.events) ? data.events : []).slice(0, FEED_KEPT);
    render();
  }, () => { feed.hidden = true; }));
  offs.push(live.on('event', (event) => {
    if (!event || events.some((e) => e.id === event.id)) return;
    events = [event, ...events].slice(0, FEED_KEPT);
    render();
  }));

  return () => { offs.forEach((off) => off()); root.replaceChildren(); };
}
