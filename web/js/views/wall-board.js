// The wall's rotating leaderboard: one slide per period × metric, all subscribed at once so a
// slide change never waits for data. The DOM is rebuilt in place and stays the same size.
import { h, avatar, formatCount } from '../dom.js';
import { PERIOD_LABEL } from '../periods.js';
import { mountWallSide } from './wall-side.js';
import { mountWallChallenges } from './wall-challenges.js';
import { wallRows } from '../wall-rows.js';

const SHOWN = 10;

export function mountWallBoard(root, { live, team, periods, metrics, intervalMs, titleEl, progressEl, nameOf }) {
  const slides = periods.flatMap((period) => metrics.map((m) => ({
    metric: m.id, label: m.label, accent: team.metrics.findIndex((t) => t.id === m.id) % 6, period,
    topic: `leaderboard:${m.id}:${period}`,
  })));
  const latest = new Map(); // topic -> data
  const rows = h('ol', { class: 'wall-rows', 'aria-label': 'Ranking' });
  const empty = h('p', { class: 'wall-empty', hidden: true });
  const more = h('p', { class: 'wall-more' });
  const dots = h('div', { class: 'wall-dots', 'aria-hidden': 'true' },
    slides.map((s) => h('i', { class: `accent-${s.accent}` })));
  const total = h('span', { class: 'wall-total' });
  const board = h('section', { class: 'wall-board' }, rows, empty, h('div', { class: 'wall-foot' }, total, more, dots));
  const sideRoot = h('div', { class: 'wall-side-slot' });
  // The head-to-head strip runs under the board and the side panel; while it shows, the rows
  // get less height (wall.css).
  const strip = h('section', { class: 'wall-h2h-strip', 'aria-label': 'Head to head', hidden: true });
  root.replaceChildren(board, sideRoot, strip);
  const unmountSide = mountWallSide(sideRoot, { live, team, nameOf });
  const unmountStrip = mountWallChallenges(strip, { live, team });

  let index = 0;
  let previous = new Map();
  const offs = [...new Set(slides.map((s) => s.topic))].map((topic) => live.subscribe(topic, (data) => {
    latest.set(topic, data);
    if (topic === slides[index].topic) render(false);
  }));
  const timer = slides.length > 1 ? setInterval(() => {
    index = (index + 1) % slides.length;
    render(true);
  }, intervalMs) : 0;

  function render(newSlide) {
    const slide = slides[index];
    const data = latest.get(slide.topic);
    board.className = `wall-board accent-${slide.accent}${newSlide ? ' entering' : ''}`;
    titleEl.className = `wall-title accent-${slide.accent}`;
    titleEl.replaceChildren(h('span', { class: 'wall-metric' }, slide.label), h('span', { class: 'wall-period' }, PERIOD_LABEL[slide.period]),
      h('span', { class: 'wall-stale-tag' }, 'stale'));
    dots.querySelectorAll('i').forEach((dot, i) => dot.classList.toggle('on', i === index));
    if (newSlide) {
      previous = new Map();
      restartProgress();
    }
    if (!data) {
      rows.replaceChildren();
      empty.hidden = false;
      empty.textContent = 'Waiting for the numbers…';
      total.textContent = '';
      more.textContent = '';
      return;
    }
    const top = Math.max(1, ...data.rows.map((r) => r.count));
    const shown = wallRows(data.rows, SHOWN); // the top, never the bottom (wall-rows.js)
    // Fewer reps get taller rows: the board fills the screen either way (--rowh in wall.css).
    rows.style.setProperty('--n', String(Math.max(1, shown.length)));
    rows.replaceChildren(...shown.map((r, i) => {
      const changed = previous.has(r.rep) && previous.get(r.rep) !== r.count;
      return h('li', { class: `wall-row${r.rank <= 3 ? ` podium-${r.rank}` : ''}`, 'data-rep': r.rep, style: { '--i': String(i) } },
        h('span', { class: 'rank' }, r.rank),
        avatar(r.rep, r.name),
        h('span', { class: 'who' }, h('span', { class: 'name' }, r.name),
          h('span', { class: 'bar' }, h('i', { style: { width: `${(Math.max(0, r.count) / top) * 100}%` } }))),
        h('span', { class: `count${changed ? ' changed' : ''}`, 'data-count': r.count }, formatCount(r.count)));
    }));
    previous = new Map(data.rows.map((r) => [r.rep, r.count]));
    empty.hidden = shown.length > 0;
    empty.textContent = `No ${slide.label.toLowerCase()} yet ${slide.period === 'all' ? '' : PERIOD_LABEL[slide.period].toLowerCase()} — who's first?`;
    total.textContent = `Team total ${formatCount(data.total)}`;
    more.textContent = '';
  }

  function restartProgress() {
    if (!progressEl || slides.length < 2) return;
    const bar = progressEl.firstElementChild;
    bar.style.animation = 'none';
    void bar.offsetWidth;
    bar.style.animation = `wall-progress ${intervalMs}ms linear`;
  }

  render(true);
  return () => {
    clearInterval(timer);
    offs.forEach((off) => off());
    unmountSide();
    unmountStrip();
    root.replaceChildren();
  };
}
