// The team's screen hours in the console: its working days (the week in review runs on the
// last of them) and the quiet hours when every display dims, in the team's own zone.
import { h } from '../dom.js';

const DAYS = [['mon', 'Mon'], ['tue', 'Tue'], ['wed', 'Wed'], ['thu', 'Thu'], ['fri', 'Fri'], ['sat', 'Sat'], ['sun', 'Sun']];

export function mountScreenHours(root, { roster }) {
  const boxes = DAYS.map(([id, label]) => h('label', { class: 'day-check' }, h('input', { type: 'checkbox', value: id }), h('span', {}, label)));
  const quietOn = h('input', { type: 'checkbox', id: 'quiet-on' });
  const start = h('input', { type: 'time', id: 'quiet-start', value: '19:00' });
  const end = h('input', { type: 'time', id: 'quiet-end', value: '07:00' });
  const status = h('p', { class: 'form-status', role: 'status' });
  const zone = h('span', { class: 'hint' });
  const form = h('form', { class: 'screen-hours', 'aria-label': 'Screen hours' },
    h('fieldset', {}, h('legend', {}, 'Working days'), h('div', { class: 'day-checks' }, boxes)),
    h('fieldset', {}, h('legend', {}, 'Quiet hours'),
      h('label', { class: 'field-inline' }, quietOn, h('span', {}, 'Dim the screens')),
      h('label', { for: 'quiet-start' }, 'from'), start, h('label', { for: 'quiet-end' }, 'until'), end, zone),
    h('button', { type: 'submit', class: 'btn btn-primary' }, 'Save screen hours'));
  root.replaceChildren(h('section', { class: 'card', 'aria-labelledby': 'hours-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'hours-title' }, 'Screen hours')),
    h('p', { class: 'hint' }, 'Outside working hours the screens rest; the week in review plays on the last working day; pace against targets counts only working hours (09:00–17:00 without quiet hours).'),
    form, status));

  const off = roster.on(({ team }) => {
    const days = team.working_days || ['mon', 'tue', 'wed', 'thu', 'fri'];
    for (const box of boxes) box.firstChild.checked = days.includes(box.firstChild.value);
    quietOn.checked = Boolean(team.quiet_hours);
    if (team.quiet_hours) { start.value = team.quiet_hours.start; end.value = team.quiet_hours.end; }
    zone.textContent = ` (${team.tz})`;
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { working_days: boxes.map((b) => b.firstChild).filter((i) => i.checked).map((i) => i.value),
      quiet_hours: quietOn.checked ? { start: start.value, end: end.value } : null };
    try {
      await roster.change((api, path) => api.patch(path, body));
      status.textContent = 'Saved: the screens follow now.';
    } catch (err) {
      status.textContent = `Not saved: ${err.message}`;
    }
  });
  return () => { off(); root.replaceChildren(); };
}
