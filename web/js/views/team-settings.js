// Team: name, time zone and week start (one Save), and the metrics (metrics-editor.js). Every
// open page of the team follows a change without a reload (the server's `team` frame).
import { h } from '../dom.js';
import { tzField } from './tz-picker.js';
import { mountMetricsEditor } from './metrics-editor.js';

export function mountTeamSettings(root, { roster, toast }) {
  const name = h('input', { id: 'team-name-input', type: 'text', required: true, maxlength: 60 });
  const tz = tzField({ id: 'team-tz', value: '' });
  const weekStart = h('select', { id: 'team-week-start' }, h('option', { value: 'monday' }, 'Monday'), h('option', { value: 'sunday' }, 'Sunday'));
  const status = h('p', { class: 'form-status', role: 'status' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, 'Save');
  const form = h('form', { class: 'card settings', 'aria-labelledby': 'team-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'team-title' }, 'Team')),
    h('div', { class: 'field' }, h('label', { for: name.id }, 'Name'), name),
    h('div', { class: 'field-row' }, tz.el, h('div', { class: 'field' }, h('label', { for: weekStart.id }, 'Weeks start on'), weekStart)),
    h('div', { class: 'form-actions' }, save, status));
  const metricsBox = h('div');
  root.replaceChildren(form, metricsBox);
  let dirty = false;
  form.addEventListener('input', () => { dirty = true; });

  const off = roster.on(({ team }) => {
    if (dirty) return; // a manager typing keeps what they typed
    name.value = team.name;
    tz.input.value = team.tz;
    tz.input.dispatchEvent(new Event('input'));
    weekStart.value = team.week_start || 'monday';
    dirty = false;
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const zone = tz.value();
    if (!name.value.trim()) { status.textContent = 'The team needs a name.'; return name.focus(); }
    if (!zone) { status.textContent = 'Pick a time zone from the list.'; return tz.input.focus(); }
    const { team } = roster.data;
    const patch = {};
    if (name.value.trim() !== team.name) patch.name = name.value.trim();
    if (zone !== team.tz) patch.tz = zone;
    if (weekStart.value !== (team.week_start || 'monday')) patch.week_start = weekStart.value;
    if (!Object.keys(patch).length) { status.textContent = 'Nothing to save.'; return; }
    save.disabled = true;
    status.textContent = 'Saving…';
    try {
      await roster.change((api, path) => api.patch(path, patch));
      dirty = false;
      status.textContent = 'Saved. Every open page of the team shows it now.';
    } catch (err) {
      status.textContent = `Not saved: ${err.message}`;
    } finally {
      save.disabled = false;
    }
  });

  const unmountMetrics = mountMetricsEditor(metricsBox, { roster, toast });
  return () => { off(); unmountMetrics(); root.replaceChildren(); };
}
