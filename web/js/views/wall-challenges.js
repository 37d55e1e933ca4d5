// The wall's head-to-heads, from `challenges:team` (every live challenge of the team, so a wall
// started mid-week shows them all): the strip under a board, and the cards the challenges slide
// shows large. A personal goal (a target with one participant) is no head-to-head: it is listed
// apart. A finished one shows its result while the topic keeps it (the day after it finished).
import { h, avatar, formatCount } from '../dom.js';
import { goalText, resultOf, countdown } from '../challenge-model.js';
import { isPairChallenge } from '../pair-model.js';
import { pairSides } from './pair-sides.js';

const STRIP_SHOWN = 3;

// Head-to-heads first by what ends soonest, finished ones last; personal goals apart.
export function splitChallenges(list) {
  const live = (list || []).filter((c) => c.status === 'active' || c.status === 'finished');
  const isGoal = (c) => (c.participants?.length || 0) < 2 && !c.sides;
  const order = (a, b) => (a.status === 'finished') - (b.status === 'finished') || Date.parse(a.window.end) - Date.parse(b.window.end);
  return { headToHeads: live.filter((c) => !isGoal(c)).sort(order), goals: live.filter(isGoal).sort(order) };
}

export function challengeCard(c, ctx) {
  const people = [...c.participants].sort((a, b) => b.count - a.count).slice(0, 4);
  const toTarget = c.kind !== 'most' && c.target > 0;
  const top = toTarget ? c.target : Math.max(1, ...people.map((p) => p.count));
  const result = resultOf(c);
  return h('li', { class: `wall-h2h accent-${ctx.accentOf(c.metric)} status-${c.status}`, 'data-challenge': c.id },
    h('div', { class: 'wall-h2h-head' }, h('span', { class: 'wall-h2h-goal' }, goalText(c, ctx.labelOf)),
      result ? h('span', { class: 'wall-h2h-result' }, result.text)
        : h('span', { class: 'wall-h2h-left', 'data-ends': Date.parse(c.window.end) }, '')),
    // Pair against pair: both sides' sums, each pair's two reps beneath.
    isPairChallenge(c) ? pairSides(c, { compact: true }) : h('ul', { class: 'wall-h2h-people' }, people.map((p) => h('li', {
      'data-rep': p.rep, class: c.winner === p.rep || c.reached?.includes(p.rep) ? 'is-winner' : '',
    }, avatar(p.rep, p.name), h('span', { class: 'who' }, h('span', { class: 'name' }, p.name),
      h('span', { class: 'bar' }, h('i', { style: { width: `${Math.min(100, (Math.max(0, p.count) / top) * 100)}%` } }))),
    h('span', { class: 'count', 'data-count': p.count }, formatCount(p.count), toTarget ? h('small', {}, `/${c.target}`) : null)))));
}

// Countdowns in the team's time ("2d 4h left"), ticking every second.
export function tickCountdowns(root, ctx) {
  const tick = () => {
    for (const el of root.querySelectorAll('[data-ends]')) {
      const left = Number(el.dataset.ends) - ctx.now();
      const text = left > 0 ? `${countdown(left)} left` : 'ending…';
      if (el.textContent !== text) el.textContent = text;
      el.classList.toggle('last-minute', left > 0 && left <= 60000);
    }
  };
  tick();
  const timer = setInterval(tick, 1000);
  return () => clearInterval(timer);
}

export function mountWallChallenges(root, ctx) {
  const list = h('ol', { class: 'wall-h2h-list' });
  root.replaceChildren(h('h2', { class: 'wall-h2h-title' }, 'Head to head'), list);
  root.hidden = true;
  const off = ctx.challenges.subscribe((all) => {
    const shown = splitChallenges(all).headToHeads.slice(0, STRIP_SHOWN);
    list.replaceChildren(...shown.map((c) => challengeCard(c, ctx)));
    list.style.setProperty('--cols', String(Math.max(2, shown.length)));
    root.hidden = shown.length === 0;
  });
  const stopTicking = tickCountdowns(root, ctx);
  return () => { off(); stopTicking(); root.replaceChildren(); };
}
