// The pairs slide: every prospecting pair of the team with both partners' counts for one metric
// and period, ranked by what the pair made together (from each pair's `pair:ID` card).
import { h, avatar, formatCount } from '../dom.js';
import { PERIOD_LABEL } from '../periods.js';
import { metricOf } from './wall-board.js';

const SHOWN = 8;

export const pairsSlide = {
  topics: (slide, ctx) => ctx.pairs().map((p) => `pair:${p.id}`),
  skip: (slide, ctx) => ctx.pairs().length === 0,
  title: (slide, ctx) => ({ main: 'Pairs', sub: `${ctx.labelOf(metricOf(slide, ctx))} · ${PERIOD_LABEL[slide.period || 'week']}`,
    accent: ctx.accentOf(metricOf(slide, ctx)) }),
  mount(root, ctx, slide) {
    const metric = metricOf(slide, ctx);
    const period = slide.period === 'all' ? 'quarter' : slide.period || 'week'; // pair cards count day..quarter
    const list = h('ol', { class: 'wall-pairs' });
    root.replaceChildren(h('section', { class: `wall-pairs-slide accent-${ctx.accentOf(metric)}` }, list));
    const cards = new Map(); // pair id -> data
    const render = () => {
      const ranked = [...cards.values()].map((card) => {
        const reps = card.reps.map((r) => ({ rep: r.rep, name: r.name, count: r.counts?.[metric]?.[period] ?? 0 }));
        return { pair: card.pair, reps, total: reps.reduce((s, r) => s + r.count, 0) };
      }).sort((a, b) => b.total - a.total).slice(0, SHOWN);
      const top = Math.max(1, ...ranked.map((p) => p.total));
      list.style.setProperty('--n', String(Math.max(1, ranked.length)));
      list.replaceChildren(...ranked.map((p, i) => h('li', { class: 'wall-pair', 'data-pair': p.pair },
        h('span', { class: 'rank' }, i + 1),
        h('span', { class: 'wall-pair-faces' }, p.reps.map((r) => avatar(r.rep, r.name))),
        h('span', { class: 'who' }, h('span', { class: 'name' }, p.reps.map((r) => r.name).join(' & ')),
          h('span', { class: 'wall-pair-split' }, p.reps.map((r) => `${r.name} ${formatCount(r.count)}`).join(' · ')),
          h('span', { class: 'bar' }, h('i', { style: { width: `${(p.total / top) * 100}%` } }))),
        h('span', { class: 'count', 'data-count': p.total }, formatCount(p.total)))));
    };
    const offs = ctx.pairs().map((p) => ctx.live.subscribe(`pair:${p.id}`, (data) => { cards.set(p.id, data); render(); },
      () => { cards.delete(p.id); render(); }));
    return () => { offs.forEach((off) => off()); root.replaceChildren(); };
  },
};
