// First run (/admin#setup=CODE): the team (name, time zone, week start, metrics) and the
// manager's own name in one short form. POST /api/v1/setup creates the team and signs the
// manager in; ids are made from the names.
import { h } from '../dom.js';
import { createApi } from '../api.js';
import { idFrom } from '../ids.js';
import { tzField } from './tz-picker.js';
import { metricChoice } from './metric-choice.js';

const TRIES = 5; // team ids name, name-2, … when the id is taken

export function mountSetup(root, { code, onDone }) {
  const api = createApi(null);
  const teamName = h('input', { id: 'setup-team', name: 'team', type: 'text', required: true, maxlength: 60, autocomplete: 'organization', placeholder: 'e.g. North Sales' });
  const tz = tzField({ id: 'setup-tz' });
  const weekStart = ['monday', 'sunday'].map((day) => h('input', { type: 'radio', name: 'week_start', id: `setup-week-${day}`, value: day, checked: day === 'monday' }));
  const metrics = metricChoice({ idPrefix: 'setup-metric' });
  const manager = h('input', { id: 'setup-manager', name: 'manager', type: 'text', required: true, maxlength: 60, autocomplete: 'name', placeholder: 'e.g. Morgan Lee' });
  const problem = h('p', { class: 'form-error', id: 'setup-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Create the team');
  const form = h('form', { class: 'card setup', 'aria-labelledby': 'setup-title', novalidate: true },
    h('h2', { id: 'setup-title' }, 'Set up your team'),
    h('p', { class: 'muted' }, 'One minute: your team, how it counts, and your name. You are its manager; you invite your people next.'),
    h('div', { class: 'field' }, h('label', { for: teamName.id }, 'Team name'), teamName),
    h('div', { class: 'field-row' }, tz.el,
      h('fieldset', { class: 'field' }, h('legend', {}, 'Weeks start on'),
        h('div', { class: 'checks' }, weekStart.map((input) => h('label', { class: 'check', for: input.id }, input,
          input.value === 'monday' ? 'Monday' : 'Sunday'))))),
    metrics.el,
    h('div', { class: 'field' }, h('label', { for: manager.id }, 'Your name'), manager,
      h('span', { class: 'field-hint' }, 'As your team will see it on the boards.')),
    problem,
    h('div', { class: 'form-actions' }, submit));
  root.replaceChildren(h('div', { class: 'setup-wrap' }, form));

  // A used or expired link says so before anyone types.
  // The code goes in the body: a URL's path would reach access logs.
  api.post('/setup/check', { code }).catch((err) => { if (err.status === 401 || err.status === 404) spent(); });

  function spent() {
    root.replaceChildren(h('div', { class: 'setup-wrap' }, h('section', { class: 'card setup', 'aria-labelledby': 'setup-title' },
      h('h2', { id: 'setup-title' }, 'This setup link was used or has expired'),
      h('p', {}, 'A setup link works once, for a day. For a fresh one, run on the server:'),
      h('pre', { class: 'command' }, h('code', {}, 'wolfpack admin setup-link')),
      h('p', { class: 'muted' }, 'Already set up? Open the console with your own sign-in: '), h('a', { class: 'btn btn-ghost', href: '/admin' }, 'Open the console'))));
  }

  function check() {
    const missing = (input, text) => { input.setAttribute('aria-invalid', 'true'); input.focus(); return text; };
    for (const el of [teamName, tz.input, manager]) el.removeAttribute('aria-invalid');
    if (!teamName.value.trim()) return missing(teamName, 'Give the team a name.');
    if (!tz.value()) return missing(tz.input, 'Pick the team’s time zone from the list.');
    if (!metrics.chosen().length) return 'Tick at least one thing to count.';
    if (!manager.value.trim()) return missing(manager, 'Add your own name.');
    return '';
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    problem.textContent = check();
    if (problem.textContent) return;
    const name = teamName.value.trim();
    const body = {
      code,
      team: { name, tz: tz.value(), week_start: weekStart.find((r) => r.checked).value, metrics: metrics.chosen() },
      manager: { id: idFrom(manager.value, [], { fallback: 'manager' }), name: manager.value.trim() },
    };
    submit.disabled = true;
    submit.textContent = 'Creating…';
    const taken = [];
    try {
      for (let i = 0; ; i++) {
        body.team.id = idFrom(name, taken, { separator: '-', fallback: 'team' });
        try {
          return onDone(await api.post('/setup', body));
        } catch (err) {
          if (err.status !== 409 || i + 1 >= TRIES) throw err;
          taken.push(body.team.id);
        }
      }
    } catch (err) {
      if (err.status === 401) return spent();
      problem.textContent = `The team was not created: ${err.message}`;
    } finally {
      submit.disabled = false;
      submit.textContent = 'Create the team';
    }
  });
  teamName.focus();
  return () => root.replaceChildren();
}
