// The pairs slide: the pair board (`pairs:METRIC:PERIOD`: every pair ranked by what its two reps
// made together, both partners' counts beneath) and beside it the pairs' head-to-heads (the
// week's matchups and any pair-vs-pair challenge), each side's sum moving live.
import { h, avatar, formatCount } from '../dom.js';
import { PERIOD_LABEL } from '../periods.js';
import { isPairChallenge, pairName } from '../pair-model.js';
import { metricOf } from './wall-board.js';
import { splitChallenges, challengeCard, tickCountdowns } from './wall-challenges.js';

const SHOWN = 8;
const MATCHES_SHOWN = 3;

const topicOf = (slide, ctx) => `pairs:${metricOf(slide, ctx)}:${slide.period || 'week'}`;

// The pairs' head-to-heads on the wall, ending soonest first, finished ones last.
export const pairMatches = (all) => splitChallenges(all).headToHeads.filter(isPairChallenge);

export const pairsSlide = {
  // The feed too, as the board's: a pair's win is celebrated on a wall that shows only pairs.
  topics: (slide, ctx) => [topicOf(slide, ctx), 'feed'],
  skip: (slide, ctx) => ctx.pairs().length === 0,
  title: (slide, ctx) => ({ main: 'Pairs', sub: `${ctx.labelOf(metricOf(slide, ctx))} · ${PERIOD_LABEL[slide.period || 'week']}`,
    accent: ctx.accentOf(metricOf(slide, ctx)) }),
  mount(root, ctx, slide) {
    const metric = metricOf(slide, ctx);
    const list = h('ol', { class: 'wall-pairs', 'aria-label': 'Pair ranking' });
    const empty = h('p', { class: 'wall-empty', hidden: true });
    const matches = h('ol', { class: 'wall-h2h-list wall-matchups' });
    const matchBox = h('section', { class: 'wall-matchups-box', 'aria-label': 'Pair against pair', hidden: true },
      h('h2', { class: 'wall-h2h-title' }, 'Pair against pair'), matches);
    const section = h('section', { class: `wall-pairs-slide accent-${ctx.accentOf(metric)}` }, h('div', { class: 'wall-pairs-board' }, list, empty), matchBox);
    root.replaceChildren(section);
    let previous = null;

    const offBoard = ctx.live.subscribe(topicOf(slide, ctx), (data) => {
      const rows = data.rows.slice(0, SHOWN);
      const top = Math.max(1, ...rows.map((r) => r.count));
      list.style.setProperty('--n', String(Math.max(1, rows.length)));
      list.replaceChildren(...rows.map((p) => {
        const changed = previous?.has(p.pair) && previous.get(p.pair) !== p.count;
        return h('li', { class: `wall-pair${p.rank <= 3 ? ` podium-${p.rank}` : ''}`, 'data-pair': p.pair },
          h('span', { class: 'rank' }, p.rank),
          h('span', { class: 'wall-pair-faces' }, p.reps.map((r) => avatar(r.rep, r.name))),
          h('span', { class: 'who' }, h('span', { class: 'name' }, pairName(p.reps)),
            h('span', { class: 'wall-pair-split' }, p.reps.map((r) => `${r.name} ${formatCount(r.count)}`).join(' · ')),
            h('span', { class: 'bar' }, h('i', { style: { width: `${(Math.max(0, p.count) / top) * 100}%` } }))),
          h('span', { class: `count${changed ? ' changed' : ''}`, 'data-count': p.count }, formatCount(p.count)));
      }));
      previous = new Map(data.rows.map((p) => [p.pair, p.count]));
      empty.hidden = rows.length > 0;
      empty.textContent = 'No pairs yet.';
    }, () => { list.replaceChildren(); empty.hidden = false; empty.textContent = 'The pair board is not available.'; });

    const offMatches = ctx.challenges.subscribe((all) => {
      const shown = pairMatches(all).slice(0, MATCHES_SHOWN);
      matches.replaceChildren(...shown.map((c) => challengeCard(c, ctx)));
      matchBox.hidden = shown.length === 0;
      section.classList.toggle('with-matches', shown.length > 0);
    });
    const stop = tickCountdowns(root, ctx);
    return () => { offBoard(); offMatches(); stop(); root.replaceChildren(); };
  },
};
