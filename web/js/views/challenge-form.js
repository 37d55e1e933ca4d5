// The form that proposes a challenge: a preset fills it in one click, the fields cover the rest
// (metric, kind, target, window, who takes part, stakes). Sends challenge.create; the new
// challenge then arrives on challenges:me like any other.
import { h } from '../dom.js';
import { KINDS, WINDOW_CHOICES, presetsFor, windowFor } from '../challenge-model.js';

const DAY_MS = 86400000;

export function mountChallengeForm(root, { team, me, live, teammates = [], partner = null, onDone, onClose }) {
  const others = teammates.filter((t) => t.id !== me.id);
  const field = (id, text, control, hint) => h('div', { class: 'field', 'data-field': id },
    h('label', { for: id }, text), control, hint ? h('span', { class: 'field-hint', id: `${id}-hint` }, hint) : null);
  const select = (id, options) => h('select', { id, name: id }, options.map(([value, text]) => h('option', { value }, text)));

  // Points when the team weights its metrics: the challenge keeps the weights it was made with.
  const weighted = Object.keys(team.points || {}).length > 0;
  const metric = select('ch-metric', [...team.metrics.map((m) => [m.id, m.label]), ...(weighted ? [['points', 'Points']] : [])]);
  const kind = select('ch-kind', KINDS.map((k) => [k.id, k.label]));
  const target = h('input', { id: 'ch-target', type: 'number', min: 1, max: 1000000, step: 1, inputmode: 'numeric', value: 20 });
  const windowChoice = select('ch-window', WINDOW_CHOICES.map((w) => [w.id, w.label]));
  const start = h('input', { id: 'ch-start', type: 'datetime-local', step: 1 });
  const end = h('input', { id: 'ch-end', type: 'datetime-local', step: 1 });
  const stakes = h('input', { id: 'ch-stakes', type: 'text', maxlength: 140, placeholder: 'Loser buys the Friday coffee', autocomplete: 'off' });
  const boxes = others.map((t) => h('input', { type: 'checkbox', name: 'participant', value: t.id, id: `ch-with-${t.id}` }));
  const people = h('fieldset', { class: 'field ch-people-pick' }, h('legend', {}, 'Who’s in (besides you)'),
    others.length ? h('div', { class: 'checks' }, others.map((t, i) => h('label', { class: 'check', for: boxes[i].id }, boxes[i], t.name)))
      : h('p', { class: 'muted' }, 'No teammates yet: a target is a personal goal.'),
    h('span', { class: 'field-hint', id: 'ch-people-hint' }, ''));
  const problem = h('p', { class: 'form-error', role: 'alert' });
  const send = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Send challenge');
  const presets = presetsFor(team).map((p) => h('button', {
    type: 'button', class: 'preset', 'data-preset': p.id, 'aria-pressed': 'false', onclick: () => usePreset(p),
  }, p.label));
  const targetField = field('ch-target', 'Target', target);
  const dates = h('div', { class: 'field-row wide' }, field('ch-start', 'Starts', start), field('ch-end', 'Ends', end));

  const form = h('form', { class: 'ch-form', 'aria-label': 'New challenge', novalidate: true },
    presets.length ? h('div', { class: 'presets', role: 'group', 'aria-label': 'Presets' }, presets) : null,
    h('div', { class: 'field-row' }, field('ch-metric', 'Metric', metric), field('ch-kind', 'Kind', kind)),
    h('div', { class: 'field-row' }, targetField, field('ch-window', 'When', windowChoice)),
    dates, people, field('ch-stakes', 'Stakes (optional)', stakes), problem,
    h('div', { class: 'form-actions' }, send, h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => onClose?.() }, 'Close')));
  root.replaceChildren(form);

  const localInput = (ms) => { // datetime-local wants the local wall time, to the second
    const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60000);
    return d.toISOString().slice(0, 19);
  };

  function sync() {
    targetField.hidden = kind.value === 'most';
    dates.hidden = windowChoice.value !== 'custom';
    if (!dates.hidden && !start.value) {
      const now = Date.now() + live.skewMs;
      start.value = localInput(now);
      end.value = localInput(now + 7 * DAY_MS);
    }
    people.querySelector('.field-hint').textContent = kind.value === 'target'
      ? 'Leave everyone out for a personal goal.' : 'Pick at least one teammate.';
  }

  function reset() {
    form.reset();
    start.value = end.value = '';
    boxes.forEach((b) => { b.checked = b.value === partner; });
    presets.forEach((b) => b.setAttribute('aria-pressed', 'false'));
    problem.textContent = '';
    sync();
  }

  function usePreset(p) {
    metric.value = p.metric;
    kind.value = p.kind;
    windowChoice.value = p.windowChoice;
    presets.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.preset === p.id)));
    if (!boxes.some((b) => b.checked)) boxes.forEach((b) => { b.checked = b.value === partner; });
    problem.textContent = '';
    sync();
  }

  function message() {
    const participants = boxes.filter((b) => b.checked).map((b) => b.value);
    if (kind.value !== 'target' && !participants.length) return { error: 'Pick at least one teammate to challenge.' };
    const m = { type: 'challenge.create', metric: metric.value, kind: kind.value, participants };
    if (kind.value !== 'most') {
      const n = Number(target.value);
      if (!Number.isInteger(n) || n < 1 || n > 1000000) return { error: 'The target is a whole number, 1 or more.' };
      m.target = n;
    }
    const now = Date.now() + live.skewMs;
    if (windowChoice.value === 'custom') {
      const from = new Date(start.value).getTime(), to = new Date(end.value).getTime();
      if (!Number.isFinite(from) || !Number.isFinite(to)) return { error: 'Give the start and the end.' };
      if (to <= from) return { error: 'The end must come after the start.' };
      if (to <= now) return { error: 'The end must be in the future.' };
      m.window = windowFor('custom', now, { start: from, end: to });
    } else {
      m.window = windowFor(windowChoice.value, now);
    }
    if (stakes.value.trim()) m.stakes = stakes.value.trim().slice(0, 140);
    return { message: m };
  }

  form.addEventListener('change', (e) => {
    if ([metric, kind, windowChoice].includes(e.target)) presets.forEach((b) => b.setAttribute('aria-pressed', 'false'));
    sync();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const { error, message: m } = message();
    problem.textContent = error || '';
    if (error) return;
    send.disabled = true;
    live.request(m).then((result) => { reset(); onDone?.(result.challenge); }, (err) => {
      problem.textContent = err.code === 'offline' || err.code === 'disconnected'
        ? 'Not connected: a challenge needs the server. Try again in a moment.' : err.message || err.code;
    }).finally(() => { send.disabled = false; });
  });

  reset();
  return () => root.replaceChildren();
}
