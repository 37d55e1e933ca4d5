// The console's Scoring section: the points weights (one Save: PATCH team {points}) and each
// person's targets for the day, week or month (one Save per person: PUT …/targets), with
// whether the wall shows them. A weight or target changed here re-scores every open board.
import { h, avatar } from '../dom.js';

const PERIODS = [['week', 'Week'], ['day', 'Day'], ['month', 'Month']];

export function mountScoring(root, { roster, toast }) {
  const weights = h('div', { class: 'weights' });
  const weightStatus = h('p', { class: 'form-status', role: 'status' });
  const weightForm = h('form', { class: 'card settings', 'aria-labelledby': 'points-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'points-title' }, 'Points')),
    h('p', { class: 'hint' }, 'What each activity is worth on the Points board (0–1000). Changing a weight re-scores the whole period at once.'),
    weights, h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, 'Save weights'), weightStatus));
  const period = h('select', { id: 'targets-period', 'aria-label': 'Targets per' }, PERIODS.map(([v, t]) => h('option', { value: v }, `per ${t.toLowerCase()}`)));
  const table = h('table', { class: 'targets-grid' });
  root.replaceChildren(weightForm, h('section', { class: 'card', 'aria-labelledby': 'targets-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'targets-title' }, 'Targets'), period),
    h('p', { class: 'hint' }, 'Each person’s own goal per metric: their pad shows pace on the team’s working hours, and the % of target board ranks everyone against their own. Empty means none.'),
    h('div', { class: 'table-scroll' }, table)));
  let shown = '';

  function render({ team, reps }) {
    const key = JSON.stringify([team.metrics, team.points, reps.map((r) => [r.id, r.name, r.role, r.targets, r.wall]), period.value]);
    if (key === shown) return;
    shown = key;
    weights.replaceChildren(...team.metrics.map((m, i) => h('label', { class: `weight accent-${i % 6}`, for: `weight-${m.id}` }, m.label,
      h('input', { id: `weight-${m.id}`, type: 'number', min: 0, max: 1000, step: 1, required: true, 'data-metric': m.id,
        value: team.points?.[m.id] ?? 1 }))));
    const people = reps.filter((r) => r.role !== 'display');
    table.replaceChildren(h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Person'),
      team.metrics.map((m) => h('th', { scope: 'col' }, m.label)), h('th', { scope: 'col' }, 'On the wall'), h('th', {}, h('span', { class: 'sr-only' }, 'Save')))),
    h('tbody', {}, people.map((r) => targetRow(r, team))));
  }

  function targetRow(rep, team) {
    const p = period.value;
    const inputs = team.metrics.map((m) => h('input', { type: 'number', min: 0, max: 1000000, step: 1, placeholder: '–', 'data-metric': m.id,
      'aria-label': `${rep.name}: ${m.label} per ${p}`, value: rep.targets?.[m.id]?.[p] ?? '' }));
    const wall = h('input', { type: 'checkbox', checked: rep.wall !== false, 'aria-label': `Show ${rep.name} on the wall` });
    const save = h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'data-action': 'save-targets' }, 'Save');
    const path = `${roster.path}/reps/${encodeURIComponent(rep.id)}`;
    save.addEventListener('click', () => {
      const body = {};
      team.metrics.forEach((m, i) => {
        const v = inputs[i].value.trim() === '' ? null : Math.max(0, Math.round(Number(inputs[i].value)));
        if ((rep.targets?.[m.id]?.[p] ?? null) !== v) body[m.id] = { [p]: v };
      });
      if (!Object.keys(body).length) return toast(`${rep.name}: nothing changed.`);
      roster.change((api) => api.put(`${path}/targets`, body))
        .then(() => toast(`${rep.name}’s targets saved.`), (err) => toast(err.message, { title: `${rep.name}: not saved`, tone: 'error' }));
    });
    wall.addEventListener('change', () => roster.change((api) => api.patch(path, { wall: wall.checked }))
      .then(() => toast(wall.checked ? `${rep.name} is on the wall.` : `The wall leaves ${rep.name} out.`),
        (err) => toast(err.message, { title: `${rep.name}: not changed`, tone: 'error' })));
    return h('tr', { 'data-rep': rep.id }, h('th', { scope: 'row' }, h('span', { class: 'targets-who' }, avatar(rep.id, rep.name, 'avatar-small'), rep.name)),
      inputs.map((input) => h('td', {}, input)), h('td', {}, wall), h('td', {}, save));
  }

  weightForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const { team } = roster.data;
    const points = {};
    for (const input of weights.querySelectorAll('input')) {
      const v = Math.round(Number(input.value));
      if ((team.points?.[input.dataset.metric] ?? 1) !== v) points[input.dataset.metric] = v;
    }
    if (!Object.keys(points).length) { weightStatus.textContent = 'Nothing to save.'; return; }
    weightStatus.textContent = 'Saving…';
    try {
      await roster.change((api, p) => api.patch(p, { points }));
      weightStatus.textContent = 'Saved. The Points board is re-scored.';
    } catch (err) {
      weightStatus.textContent = `Not saved: ${err.message}`;
    }
  });
  period.addEventListener('change', () => roster.data && render(roster.data));
  const off = roster.on(render);
  return () => { off(); root.replaceChildren(); };
}
