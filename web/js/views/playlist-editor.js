// One screen's playlist in the console: its slides in order, each with its seconds and, where it
// means something, a metric and a period; saved with PUT …/displays/DISPLAY (the screen follows
// without a reload). The server checks every rule again and names what is wrong.
import { h } from '../dom.js';

export const SLIDE_KINDS = [
  { id: 'board', label: 'Leaderboard', metric: true, period: true },
  { id: 'pairs', label: 'Pairs', metric: true, period: true },
  { id: 'challenges', label: 'Head to head' },
  { id: 'movers', label: 'Movers', metric: true },
  { id: 'feed', label: 'Latest (feed)' },
  { id: 'review', label: 'Week in review (its day only)' },
];
const PERIODS = [['day', 'Today'], ['week', 'This week'], ['month', 'This month'], ['quarter', 'This quarter'], ['all', 'All time']];

export function mountPlaylistEditor(root, { display, team, onSave, onDefault }) {
  let slides = display.playlist.map((s) => ({ ...s }));
  const list = h('ol', { class: 'playlist' });
  const status = h('p', { class: 'form-status', role: 'status' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, 'Save playlist');
  const form = h('form', { class: 'playlist-form', 'aria-label': `Playlist of ${display.name}` }, list,
    h('div', { class: 'playlist-actions' },
      h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => { slides.push({ slide: 'board', seconds: 15, metric: team.metrics[0]?.id, period: 'week' }); render(); } }, 'Add a slide'),
      h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => onDefault().then(() => { status.textContent = 'Back to the default playlist.'; }, (err) => { status.textContent = err.message; }) }, 'Use the default'),
      save), status);
  root.replaceChildren(form);

  const select = (label, value, options, onchange) => h('label', { class: 'field-inline' }, h('span', { class: 'sr-only' }, label),
    h('select', { 'aria-label': label, onchange: (e) => onchange(e.target.value) },
      options.map(([id, text]) => h('option', { value: id, selected: id === value }, text))));

  function render() {
    list.replaceChildren(...slides.map((s, i) => {
      const kind = SLIDE_KINDS.find((k) => k.id === s.slide) || SLIDE_KINDS[0];
      const n = i + 1;
      return h('li', { class: 'playlist-slide', 'data-slide': s.slide },
        select(`Slide ${n}`, s.slide, SLIDE_KINDS.map((k) => [k.id, k.label]), (v) => {
          const next = SLIDE_KINDS.find((k) => k.id === v);
          slides[i] = { slide: v, seconds: s.seconds, ...(next.metric ? { metric: s.metric || team.metrics[0]?.id } : {}),
            ...(next.period ? { period: s.period || 'week' } : {}) };
          render();
        }),
        kind.metric ? select(`Metric of slide ${n}`, s.metric, team.metrics.map((m) => [m.id, m.label]), (v) => { s.metric = v; }) : null,
        kind.period ? select(`Period of slide ${n}`, s.period, PERIODS, (v) => { s.period = v; }) : null,
        h('label', { class: 'field-inline' }, h('input', { type: 'number', min: 5, max: 600, step: 1, value: s.seconds, required: true,
          'aria-label': `Seconds of slide ${n}`, oninput: (e) => { s.seconds = Number(e.target.value); } }), h('span', {}, 's')),
        h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'aria-label': `Move slide ${n} up`, disabled: i === 0,
          onclick: () => { [slides[i - 1], slides[i]] = [slides[i], slides[i - 1]]; render(); } }, '↑'),
        h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'aria-label': `Remove slide ${n}`, disabled: slides.length === 1,
          onclick: () => { slides.splice(i, 1); render(); } }, 'Remove'));
    }));
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    save.disabled = true;
    try {
      await onSave(slides.map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined && v !== null))));
      status.textContent = 'Saved: the screen shows it now.';
    } catch (err) {
      status.textContent = `Not saved: ${err.message}`;
    } finally {
      save.disabled = false;
    }
  });
  render();
  return () => root.replaceChildren();
}
