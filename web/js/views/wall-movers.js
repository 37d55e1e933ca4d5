// The movers slide: who is ahead of their own usual pace this week, on one metric.
import { h, avatar, formatCount } from '../dom.js';
import { movers, earlierWorkingDays, workdayDone } from '../movers.js';
import { metricOf } from './wall-board.js';

export const moversSlide = {
  topics: (slide, ctx) => [`leaderboard:${metricOf(slide, ctx)}:day`, `leaderboard:${metricOf(slide, ctx)}:week`],
  title: (slide, ctx) => ({ main: 'Movers', sub: `${ctx.labelOf(metricOf(slide, ctx))} today`, accent: ctx.accentOf(metricOf(slide, ctx)) }),
  mount(root, ctx, slide) {
    const metric = metricOf(slide, ctx);
    const list = h('ol', { class: 'wall-movers' });
    const empty = h('p', { class: 'wall-empty' }, 'Waiting for the first numbers of the day…');
    root.replaceChildren(h('section', { class: `wall-movers-slide accent-${ctx.accentOf(metric)}` }, list, empty));
    let day = null, week = new Map();
    const render = () => {
      if (!day) return;
      const earlier = earlierWorkingDays(ctx.tz, ctx.team.week_start, ctx.workingDays(), ctx.now());
      const rows = movers(day.rows, week, earlier, 6, workdayDone(ctx.tz, ctx.quietHours(), ctx.now()));
      list.replaceChildren(...rows.map((r) => h('li', { class: 'wall-mover', 'data-rep': r.rep },
        avatar(r.rep, r.name),
        h('span', { class: 'who' }, h('span', { class: 'name' }, r.name),
          h('span', { class: 'wall-mover-pace' }, r.usual == null ? 'first day of the week'
            : `usually ${formatCount(Math.round(r.usual))} a day, ${formatCount(Math.round(r.byNow))} by now`)),
        h('span', { class: `wall-mover-ahead${r.ahead > 0 ? ' up' : ''}` }, r.ahead == null ? '' : `${r.ahead > 0 ? '+' : ''}${formatCount(Math.round(r.ahead))}`),
        h('span', { class: 'count', 'data-count': r.today }, formatCount(r.today)))));
      empty.hidden = rows.length > 0;
      empty.textContent = `No ${ctx.labelOf(metric).toLowerCase()} yet today — who's first?`;
    };
    const offs = [
      ctx.live.subscribe(`leaderboard:${metric}:day`, (data) => { day = data; render(); }),
      ctx.live.subscribe(`leaderboard:${metric}:week`, (data) => { week = new Map(data.rows.map((r) => [r.rep, r.count])); render(); }),
    ];
    return () => { offs.forEach((off) => off()); root.replaceChildren(); };
  },
};
