// The challenges slide: every live head-to-head of the team, large, with its countdown, and the
// personal goals apart (a target someone set for themselves is not a "head to head").
import { h, formatCount } from '../dom.js';
import { goalText } from '../challenge-model.js';
import { splitChallenges, challengeCard, tickCountdowns } from './wall-challenges.js';

const SHOWN = 6;
const GOALS_SHOWN = 6;

export const challengesSlide = {
  topics: () => [],
  skip: (slide, ctx) => splitChallenges(ctx.challenges.latest()).headToHeads.length === 0 &&
    splitChallenges(ctx.challenges.latest()).goals.length === 0,
  title: () => ({ main: 'Head to head', sub: 'Live now', accent: 0 }),
  mount(root, ctx) {
    const cards = h('ol', { class: 'wall-h2h-list wall-h2h-big' });
    const goals = h('ul', { class: 'wall-goals' });
    const goalsBox = h('section', { class: 'wall-card wall-goals-box', hidden: true }, h('h2', {}, 'Personal goals'), goals);
    root.replaceChildren(h('section', { class: 'wall-challenges-slide' }, cards, goalsBox));
    const off = ctx.challenges.subscribe((all) => {
      const { headToHeads, goals: mine } = splitChallenges(all);
      const shown = headToHeads.slice(0, SHOWN);
      cards.replaceChildren(...shown.map((c) => challengeCard(c, ctx)));
      cards.style.setProperty('--cols', String(Math.min(3, Math.max(1, shown.length))));
      goals.replaceChildren(...mine.slice(0, GOALS_SHOWN).map((c) => {
        const p = c.participants[0];
        return h('li', { class: `accent-${ctx.accentOf(c.metric)}`, 'data-challenge': c.id },
          h('span', { class: 'name' }, p.name), h('span', {}, goalText(c, ctx.labelOf)),
          h('b', { class: 'count' }, `${formatCount(p.count)}/${c.target}`));
      }));
      goalsBox.hidden = mine.length === 0;
    });
    const stop = tickCountdowns(root, ctx);
    return () => { off(); stop(); root.replaceChildren(); };
  },
};
