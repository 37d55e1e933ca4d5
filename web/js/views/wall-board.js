// The board slide: one metric's leaderboard for one period, the team's totals and latest events
// beside it, and the live head-to-heads under it. Rows are rebuilt in place and keep their size.
// Only the board's top shows: never its last place or anyone at zero (wall-rows.js).
import { h, avatar, formatCount } from '../dom.js';
import { PERIOD_LABEL } from '../periods.js';
import { mountWallSide } from './wall-side.js';
import { mountWallChallenges } from './wall-challenges.js';
import { wallRows } from '../wall-rows.js';

const SHOWN = 10;

export const boardSlide = {
  topics: (slide, ctx) => [`leaderboard:${metricOf(slide, ctx)}:${slide.period || 'week'}`,
    ...ctx.team.metrics.flatMap((m) => [`leaderboard:${m.id}:day`, `leaderboard:${m.id}:week`]), 'feed'],
  title: (slide, ctx) => ({ main: ctx.labelOf(metricOf(slide, ctx)), sub: PERIOD_LABEL[slide.period || 'week'], accent: ctx.accentOf(metricOf(slide, ctx)) }),
  mount(root, ctx, slide) {
    const metric = metricOf(slide, ctx);
    const period = slide.period || 'week';
    const label = ctx.labelOf(metric);
    const rows = h('ol', { class: 'wall-rows', 'aria-label': 'Ranking' });
    const empty = h('p', { class: 'wall-empty', hidden: true });
    const total = h('span', { class: 'wall-total' });
    const board = h('section', { class: `wall-board accent-${ctx.accentOf(metric)} entering` }, rows, empty,
      h('div', { class: 'wall-foot' }, total));
    const sideRoot = h('div', { class: 'wall-side-slot' });
    // The head-to-head strip runs under the board; while it shows, the rows get less height.
    const strip = h('section', { class: 'wall-h2h-strip', 'aria-label': 'Head to head', hidden: true });
    root.replaceChildren(board, sideRoot, strip);
    const unmountSide = mountWallSide(sideRoot, ctx);
    const unmountStrip = mountWallChallenges(strip, ctx);
    let previous = null;
    const settled = setTimeout(() => board.classList.remove('entering'), 1200); // rows slide in once

    const off = ctx.live.subscribe(`leaderboard:${metric}:${period}`, (data) => {
      const top = Math.max(1, ...data.rows.map((r) => r.count));
      const shown = wallRows(data.rows, SHOWN); // the top, never the bottom (wall-rows.js)
      // Fewer reps get taller rows: the board fills the screen either way (--rowh in wall.css).
      rows.style.setProperty('--n', String(Math.max(1, shown.length)));
      rows.replaceChildren(...shown.map((r, i) => {
        const changed = previous?.has(r.rep) && previous.get(r.rep) !== r.count;
        return h('li', { class: `wall-row${r.rank <= 3 ? ` podium-${r.rank}` : ''}`, 'data-rep': r.rep, style: { '--i': String(i) } },
          h('span', { class: 'rank' }, r.rank),
          avatar(r.rep, r.name),
          h('span', { class: 'who' }, h('span', { class: 'name' }, r.name),
            h('span', { class: 'bar' }, h('i', { style: { width: `${(Math.max(0, r.count) / top) * 100}%` } }))),
          h('span', { class: `count${changed ? ' changed' : ''}`, 'data-count': r.count }, formatCount(r.count)));
      }));
      previous = new Map(data.rows.map((r) => [r.rep, r.count]));
      empty.hidden = shown.length > 0;
      empty.textContent = `No ${label.toLowerCase()} yet ${period === 'all' ? '' : PERIOD_LABEL[period].toLowerCase()} — who's first?`;
      total.textContent = `Team total ${formatCount(data.total)}`;
    });
    empty.hidden = false;
    empty.textContent = 'Waiting for the numbers…';
    return () => { clearTimeout(settled); off(); unmountSide(); unmountStrip(); root.replaceChildren(); };
  },
};

// A slide's metric, or the team's first when it names none (or one since retired).
export function metricOf(slide, ctx) {
  return ctx.team.metrics.some((m) => m.id === slide.metric) ? slide.metric : ctx.team.metrics[0]?.id;
}
