// The week in review, on the team's last working day: the week's winners per metric, what each
// pair committed to and how it went, personal bests, working-day streaks and the cheers of the
// week (topic `review`).
import { h, avatar, formatCount } from '../dom.js';
import { localDateText } from '../team-time.js';

const PAIRS_SHOWN = 4;

export const reviewSlide = {
  topics: (slide, ctx) => (ctx.reviewDay() ? ['review'] : []),
  skip: (slide, ctx) => !ctx.reviewDay(),
  title: () => ({ main: 'Week in review', sub: '', accent: 2 }),
  mount(root, ctx, slide, { setTitle }) {
    const winners = h('section', { class: 'wall-card review-winners' }, h('h2', {}, 'The week’s winners'));
    const pairs = h('section', { class: 'wall-card review-pairs' }, h('h2', {}, 'Commitments'));
    const extras = h('section', { class: 'wall-card review-extras' });
    root.replaceChildren(h('section', { class: 'wall-review-slide' }, winners, pairs, extras));
    const off = ctx.live.subscribe('review', (data) => {
      const podium = data.winners.length > 3 ? 2 : 3; // four metrics and more: the top two each, so all fit
      setTitle({ main: 'Week in review', sub: `Week of ${localDateText(data.start)}`, accent: 2 });
      winners.replaceChildren(h('h2', {}, 'The week’s winners'), ...data.winners.map((w) => h('div', { class: `review-metric accent-${ctx.accentOf(w.metric)}` },
        h('h3', {}, ctx.labelOf(w.metric), h('span', { class: 'review-total' }, ` · team ${formatCount(w.total)}`)),
        w.rows.length ? h('ol', { class: 'review-podium' }, w.rows.slice(0, podium).map((r) => h('li', { class: `podium-${r.rank}`, 'data-rep': r.rep },
          h('span', { class: 'rank' }, r.rank), avatar(r.rep, r.name), h('span', { class: 'name' }, r.name),
          h('b', { class: 'count' }, formatCount(r.count))))) : h('p', { class: 'review-none' }, 'Nothing logged yet'))));
      pairs.replaceChildren(h('h2', {}, 'Commitments and how they went'), ...(data.pairs.length ? data.pairs.slice(0, PAIRS_SHOWN).map((p) =>
        h('div', { class: 'review-pair', 'data-pair': p.pair }, p.reps.map((r) => h('div', { class: 'review-rep' },
          h('p', { class: 'review-who' }, avatar(r.rep, r.name), h('span', { class: 'name' }, r.name),
            h('span', { class: 'review-week' }, ctx.team.metrics.slice(0, 2).map((m) => `${formatCount(r.week?.[m.id] ?? 0)} ${m.label.toLowerCase()}`).join(' · '))),
          h('p', { class: 'review-commitment' }, r.commitment ? `“${r.commitment}”` : 'No commitment this week'),
          r.reflection ? h('p', { class: 'review-reflection' }, r.reflection) : null)))) : [h('p', { class: 'review-none' }, 'No pairs yet')]));
      const cheers = data.cheers;
      extras.replaceChildren(
        h('h2', {}, 'Personal bests'),
        data.bests.length ? h('ul', { class: 'review-list' }, data.bests.slice(0, 4).map((b) => h('li', {},
          avatar(b.rep, b.name), h('span', {}, `${b.name}: ${formatCount(b.count)} ${ctx.labelOf(b.metric).toLowerCase()} in a week`)))) : h('p', { class: 'review-none' }, 'Still to beat'),
        h('h2', {}, 'Streaks'),
        data.streaks.length ? h('ul', { class: 'review-list' }, data.streaks.slice(0, 4).map((s) => h('li', {},
          avatar(s.rep, s.name), h('span', {}, `${s.name}: ${s.days} working days in a row`)))) : h('p', { class: 'review-none' }, 'A new one starts today'),
        h('h2', {}, `Cheers · ${formatCount(cheers.total)}`),
        cheers.recent.length ? h('ul', { class: 'review-list review-cheers' }, cheers.recent.map((c) => h('li', {},
          h('span', {}, `${c.from_name} → ${c.to_name}: “${c.text}”`)))) : h('p', { class: 'review-none' },
          cheers.most_cheered[0] ? `${cheers.most_cheered[0].name} was cheered most` : 'Send one from your desk'));
    });
    return () => { off(); root.replaceChildren(); };
  },
};
