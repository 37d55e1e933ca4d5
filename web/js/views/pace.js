// Pace on the pad: for each metric with a target (the targets:me topic), how far along the rep
// is and where they should be by now on the team's working hours: "12 / 50 this week · 3 behind".
// The week's target shows when there is one, else the day's, else the month's.
import { h, formatCount } from '../dom.js';

const ORDER = ['week', 'day', 'month'];
const WORDS = { day: 'today', week: 'this week', month: 'this month' };

// slots: Map metric id -> element to fill. onTargets(data.targets) hears every change.
export function mountPace(slots, { live, onTargets = () => {} }) {
  return live.subscribe('targets:me', (data) => {
    const pace = Array.isArray(data?.pace) ? data.pace : [];
    for (const [metric, el] of slots) {
      const entry = ORDER.map((p) => pace.find((e) => e.metric === metric && e.period === p)).find(Boolean);
      el.replaceChildren(...(entry ? paceLine(entry) : []));
      el.hidden = !entry;
      if (entry) Object.assign(el.dataset, { period: entry.period, count: entry.count, target: entry.target, expected: entry.expected ?? '' });
    }
    onTargets(data?.targets || {});
  }, () => { for (const el of slots.values()) el.hidden = true; });
}

export function paceWord(entry) {
  if (entry.expected == null) return 'no working hours left';
  const ahead = Math.round(entry.count - entry.expected);
  if (entry.count >= entry.target) return 'target reached';
  return ahead > 0 ? `${formatCount(ahead)} ahead of pace` : ahead < 0 ? `${formatCount(-ahead)} behind pace` : 'on pace';
}

function paceLine(entry) {
  const done = Math.min(100, Math.max(0, (entry.count / entry.target) * 100));
  const due = entry.expected == null ? null : Math.min(100, (entry.expected / entry.target) * 100);
  const state = entry.count >= entry.target ? 'done' : entry.expected == null || entry.count >= entry.expected - 0.5 ? 'ahead' : 'behind';
  return [
    h('span', { class: 'pace-text' }, h('b', {}, `${formatCount(entry.count)} / ${formatCount(entry.target)}`), ` ${WORDS[entry.period]} · `,
      h('span', { class: `pace-word pace-${state}` }, paceWord(entry))),
    h('span', { class: 'pace-bar', 'aria-hidden': 'true' }, h('i', { style: { width: `${done}%` } }),
      due == null ? null : h('u', { style: { left: `${due}%` } })),
  ];
}
