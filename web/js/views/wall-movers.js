// The wall's movers: this week's biggest gains against each rep's own four-week baseline
// (improved:METRIC), only those ahead of it. A new rep without a past week is not listed yet.
import { h, avatar } from '../dom.js';

const SHOWN = 3;

export function mountWallMovers(root, { live, metric, before = null }) {
  const list = h('ol', { class: 'wall-movers' });
  const card = h('section', { class: 'wall-card wall-movers-card', hidden: true, 'data-metric': metric.id },
    h('h2', {}, `Movers · ${metric.label}`), list);
  root.insertBefore(card, before);
  const off = live.subscribe(`improved:${metric.id}`, (data) => {
    const up = (Array.isArray(data?.rows) ? data.rows : []).filter((r) => r.change > 0).slice(0, SHOWN);
    list.replaceChildren(...up.map((r) => h('li', { 'data-rep': r.rep }, avatar(r.rep, r.name, 'avatar-small'),
      h('span', { class: 'wall-mover-name' }, r.name),
      h('b', { class: 'wall-mover-change' }, `+${r.change.toFixed(1)}`),
      h('span', { class: 'wall-mover-base' }, `${r.count} vs ${r.baseline.toFixed(1)}`))));
    card.hidden = up.length === 0;
  }, () => { card.hidden = true; });
  return () => { off(); card.remove(); };
}
