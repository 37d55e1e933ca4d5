// The feed slide: the team's latest events, large, times on the team's clock.
import { h, avatar } from '../dom.js';
import { describeEvent, coalesce } from '../events.js';
import { eventTime } from '../team-time.js';

const SHOWN = 8;
const KEPT = 80;

export const feedSlide = {
  topics: () => ['feed'],
  title: () => ({ main: 'Latest', sub: 'Team feed', accent: 4 }),
  mount(root, ctx) {
    const list = h('ol', { class: 'wall-feed wall-feed-big' });
    root.replaceChildren(h('section', { class: 'wall-feed-slide' }, list));
    let events = [];
    const render = () => {
      const lines = coalesce(events).map((e) => [e, describeEvent(e, ctx.labelOf, ctx.nameOf)]).filter(([, t]) => t).slice(0, SHOWN);
      list.replaceChildren(...lines.map(([e, text]) => h('li', { class: `feed-${String(e.kind).replace('.', '-')}` },
        e.rep ? avatar(e.rep, e.name || ctx.nameOf(e.rep)) : h('span', { class: 'wall-feed-dot', 'aria-hidden': 'true' }),
        h('span', {}, text), h('time', { datetime: e.at }, eventTime(e.at, ctx.tz, ctx.now())))));
    };
    const offs = [
      ctx.live.subscribe('feed', (data) => { events = (data?.events || []).slice(0, KEPT); render(); }),
      ctx.live.on('event', (e) => {
        if (!e?.id || events.some((x) => x.id === e.id)) return;
        events = [e, ...events].slice(0, KEPT);
        render();
      }),
    ];
    return () => { offs.forEach((off) => off()); root.replaceChildren(); };
  },
};
