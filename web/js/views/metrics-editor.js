// The team's metrics in funnel order: rename, move up or down, retire (off the pads and boards,
// history kept), revive, add. Each change is one PATCH of the full ordered list (the server
// treats a metric left out as retired and one listed again as revived).
import { h } from '../dom.js';
import { idFrom } from '../ids.js';

const MAX = 20;

export function mountMetricsEditor(root, { roster }) {
  const list = h('ol', { class: 'metric-list', 'aria-label': 'Metrics, in funnel order' });
  const retired = h('ul', { class: 'metric-list retired' });
  const retiredBox = h('div', { class: 'retired-box', hidden: true }, h('h3', {}, 'Retired'), retired);
  const label = h('input', { id: 'metric-new', type: 'text', maxlength: 60, placeholder: 'e.g. Demos booked', autocomplete: 'off' });
  const status = h('p', { class: 'form-status', role: 'status' });
  const addForm = h('form', { class: 'add-row' }, h('label', { for: label.id, class: 'sr-only' }, 'New metric'), label,
    h('button', { type: 'submit', class: 'btn btn-ghost btn-small' }, 'Add metric'));
  root.replaceChildren(h('section', { class: 'card metrics-card', 'aria-labelledby': 'metrics-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'metrics-title' }, 'Metrics')),
    h('p', { class: 'hint' }, 'In funnel order: coaching shows how each leads to the next. Retiring keeps the history; revive brings it back.'),
    list, addForm, status, retiredBox));
  let busy = false;

  async function save(metrics, done) {
    if (busy) return;
    busy = true;
    status.textContent = 'Saving…';
    try {
      await roster.change((api, path) => api.patch(path, { metrics }));
      status.textContent = done;
    } catch (err) {
      status.textContent = `Not saved: ${err.message}`;
    } finally {
      busy = false;
    }
  }

  function render({ team, retired: gone }) {
    const active = team.metrics;
    const without = (i) => active.filter((_, j) => j !== i);
    const moved = (i, by) => { const next = [...active]; [next[i], next[i + by]] = [next[i + by], next[i]]; return next; };
    list.replaceChildren(...active.map((m, i) => {
      const input = h('input', { type: 'text', value: m.label, maxlength: 60, id: `metric-label-${m.id}`, 'data-metric': m.id });
      input.addEventListener('change', () => {
        const text = input.value.trim();
        if (!text || text === m.label) { input.value = m.label; return; }
        save(active.map((x) => (x.id === m.id ? { ...x, label: text } : x)), `Renamed to ${text}.`);
      });
      input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); input.blur(); } });
      const button = (text, aria, onclick, disabled = false) => h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'aria-label': aria, onclick, disabled }, text);
      return h('li', { class: `metric-row accent-${i % 6}`, 'data-metric': m.id },
        h('span', { class: 'metric-pos', 'aria-hidden': 'true' }, i + 1),
        h('label', { class: 'sr-only', for: input.id }, `Name of metric ${i + 1}`), input,
        h('span', { class: 'metric-actions' },
          button('↑', `Move ${m.label} up`, () => save(moved(i, -1), `${m.label} moved up.`), i === 0),
          button('↓', `Move ${m.label} down`, () => save(moved(i, 1), `${m.label} moved down.`), i === active.length - 1),
          button('Retire', `Retire ${m.label}`, () => save(without(i), `${m.label} retired; its history stays.`), active.length === 1)));
    }));
    retiredBox.hidden = !gone.length;
    retired.replaceChildren(...gone.map((m) => h('li', { class: 'metric-row', 'data-metric': m.id },
      h('span', { class: 'metric-label' }, m.label),
      h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'aria-label': `Revive ${m.label}`,
        onclick: () => save([...active, m], `${m.label} is back.`) }, 'Revive'))));
  }

  addForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = label.value.trim();
    const { team, retired: gone } = roster.data || {};
    if (!text || !team) return label.focus();
    if (team.metrics.length >= MAX) { status.textContent = `A team has at most ${MAX} metrics.`; return; }
    const id = idFrom(text, [], { fallback: 'metric' });
    // The name of a retired metric brings that one back, history and all.
    const old = gone.find((m) => m.id === id || m.label.toLowerCase() === text.toLowerCase());
    if (team.metrics.some((m) => m.id === id || m.label.toLowerCase() === text.toLowerCase())) {
      status.textContent = `${text} is a metric already.`;
      return;
    }
    const next = old ? { ...old, label: text } : { id: idFrom(text, [...team.metrics, ...gone].map((m) => m.id), { fallback: 'metric' }), label: text };
    label.value = '';
    save([...team.metrics, next], old ? `${text} is back, with its history.` : `${text} added.`);
  });

  const off = roster.on(render);
  return () => { off(); root.replaceChildren(); };
}
