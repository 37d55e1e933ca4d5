// "My targets": the rep's own daily, weekly and monthly goals per metric (targets.set). An
// empty box removes a target; the pad's pace line and the % of target board follow at once.
import { h } from '../dom.js';

const PERIODS = [['day', 'Day'], ['week', 'Week'], ['month', 'Month']];

export function mountTargetForm(root, { team, live }) {
  const inputs = new Map(); // `${metric}:${period}` -> input
  const rows = team.metrics.map((m) => h('tr', { 'data-metric': m.id }, h('th', { scope: 'row' }, m.label),
    PERIODS.map(([p, word]) => {
      const input = h('input', { type: 'number', min: 0, max: 1000000, step: 1, inputmode: 'numeric', id: `target-${m.id}-${p}`,
        'aria-label': `${m.label} per ${word.toLowerCase()}`, placeholder: '–', 'data-period': p });
      inputs.set(`${m.id}:${p}`, input);
      return h('td', {}, input);
    })));
  const status = h('p', { class: 'form-status', role: 'status' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, 'Save targets');
  const form = h('form', { class: 'target-form' },
    h('table', { class: 'target-table' }, h('thead', {}, h('tr', {}, h('th', {}, h('span', { class: 'sr-only' }, 'Metric')),
      PERIODS.map(([, word]) => h('th', { scope: 'col' }, word)))), h('tbody', {}, rows)),
    h('div', { class: 'form-actions' }, save, status));
  const details = h('details', { class: 'targets-box' }, h('summary', {}, 'My targets'),
    h('p', { class: 'hint' }, 'Your own goals. The pad shows your pace on the team’s working hours; the % board ranks everyone by their own target.'), form);
  root.replaceChildren(details);
  let current = {};

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const targets = {};
    for (const [key, input] of inputs) {
      const [metric, period] = key.split(':');
      const value = input.value.trim() === '' ? null : Math.max(0, Math.round(Number(input.value)));
      if ((current[metric]?.[period] ?? null) === value) continue;
      (targets[metric] ||= {})[period] = value;
    }
    if (!Object.keys(targets).length) { status.textContent = 'Nothing changed.'; return; }
    save.disabled = true;
    status.textContent = 'Saving…';
    live.request({ type: 'targets.set', targets }).then((result) => {
      show(result.targets || {});
      status.textContent = 'Saved.';
    }, (err) => {
      status.textContent = err.code === 'offline' || err.code === 'disconnected' ? 'Not connected: try again in a moment.' : `Not saved: ${err.message || err.code}`;
    }).finally(() => { save.disabled = false; });
  });

  // The targets as the server has them; a box being edited keeps what the rep typed.
  function show(targets) {
    current = targets;
    for (const [key, input] of inputs) {
      if (document.activeElement === input) continue;
      const [metric, period] = key.split(':');
      input.value = targets[metric]?.[period] ?? '';
    }
  }
  return { show, destroy: () => root.replaceChildren() };
}
