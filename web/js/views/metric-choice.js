// The setup form's metrics: the usual ones as checkboxes (calls, appointments and proposals
// ticked) and the team's own, added by name. Ids come from the labels.
import { h } from '../dom.js';
import { idFrom } from '../ids.js';

export const PRESETS = [
  ['calls', 'Calls', true], ['appointments', 'Appointments', true], ['proposals', 'Proposals', true],
  ['forward_appointments', 'Forward appointments', false], ['qualified_leads', 'Qualified leads', false],
];
const MAX = 20;

export function metricChoice({ idPrefix = 'setup-metric' }) {
  const custom = []; // { id, label, box }
  const presets = PRESETS.map(([id, label, on]) => {
    const input = h('input', { type: 'checkbox', id: `${idPrefix}-${id}`, name: 'metric', value: id, checked: on });
    return { id, label, input, el: h('label', { class: 'check', for: input.id }, input, label) };
  });
  const list = h('div', { class: 'checks metric-checks' }, presets.map((p) => p.el));
  const name = h('input', { id: `${idPrefix}-new`, type: 'text', maxlength: 60, placeholder: 'e.g. Demos booked', autocomplete: 'off' });
  const add = h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => addCustom() }, 'Add');
  const problem = h('p', { class: 'field-hint', role: 'status' });
  name.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); addCustom(); } });

  function chosen() {
    return [...presets.filter((p) => p.input.checked), ...custom.filter((c) => c.input.checked)].map(({ id, label }) => ({ id, label }));
  }

  function addCustom() {
    const label = name.value.trim();
    if (!label) return name.focus();
    const same = [...presets, ...custom].find((m) => m.label.toLowerCase() === label.toLowerCase());
    if (same) {
      same.input.checked = true;
      problem.textContent = `${same.label} is on the list already; it is ticked.`;
    } else if (chosen().length >= MAX) {
      problem.textContent = `A team has at most ${MAX} metrics.`;
      return;
    } else {
      const id = idFrom(label, [...presets, ...custom].map((m) => m.id), { fallback: 'metric' });
      const input = h('input', { type: 'checkbox', id: `${idPrefix}-${id}`, name: 'metric', value: id, checked: true });
      const entry = { id, label, input };
      custom.push(entry);
      list.append(h('label', { class: 'check', for: input.id }, input, label));
      problem.textContent = `${label} added.`;
    }
    name.value = '';
    name.focus();
  }

  const el = h('fieldset', { class: 'field metrics-field' },
    h('legend', {}, 'What your team counts'),
    h('span', { class: 'field-hint' }, 'Each gets a +1 button and its own leaderboard. In funnel order: the console shows how each one leads to the next. You can rename, reorder and add more later.'),
    list,
    h('div', { class: 'add-row' }, h('label', { for: name.id, class: 'sr-only' }, 'Another metric'), name, add),
    problem);
  return { el, chosen };
}
