// "Challenge another pair", from the pair card: the other pair (listed from the pair board),
// metric, most or race, this week / month / quarter, stakes. Sends challenge.create with
// `pairs`; either rep of the other pair accepts it. On the card of a partner in another team,
// "Challenge Natalie": the same without the other pair, sent with `pair` (a metric both teams
// have: the server says so otherwise); the partner accepts it on their own page.
import { h } from '../dom.js';
import { pairName } from '../pair-model.js';

const WINDOWS = [['week', 'This week'], ['month', 'This month'], ['quarter', 'This quarter']];

export function mountPairChallengeForm(root, { team, me, live, pair, onDone, onClose }) {
  const across = Boolean(pair.partner_team && pair.partner_team !== team.id);
  const title = across ? `Challenge ${pair.partner_name}` : 'Challenge another pair';
  const id = `pch-${pair.id}`;
  const select = (name, options) => h('select', { id: `${id}-${name}`, name }, options.map(([value, text]) => h('option', { value }, text)));
  const field = (name, text, control) => h('div', { class: 'field' }, h('label', { for: control.id }, text), control);
  const opponent = select('opponent', []);
  const metric = select('metric', team.metrics.map((m) => [m.id, m.label]));
  const kind = select('kind', [['most', 'Most wins'], ['race', 'Race to a target']]);
  const target = h('input', { id: `${id}-target`, name: 'target', type: 'number', min: 1, max: 1000000, step: 1, value: 40, inputmode: 'numeric' });
  const period = select('window', WINDOWS);
  const stakes = h('input', { id: `${id}-stakes`, name: 'stakes', type: 'text', maxlength: 140, autocomplete: 'off', placeholder: 'Losers buy the coffee' });
  const problem = h('p', { class: 'form-error', role: 'alert' });
  const send = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, across ? title : 'Send challenge');
  const targetField = field('target', across ? 'Target' : 'Target (your two together)', target);
  const form = h('form', { class: 'pair-ch-form', 'aria-label': title, novalidate: true },
    across ? null : field('opponent', 'Against', opponent),
    h('div', { class: 'field-row' }, field('metric', 'Metric', metric), field('kind', 'Kind', kind)),
    h('div', { class: 'field-row' }, targetField, field('window', 'When', period)),
    field('stakes', 'Stakes (optional)', stakes), problem,
    h('div', { class: 'form-actions' }, send, h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => onClose?.() }, 'Close')));
  root.replaceChildren(form);
  const sync = () => { targetField.hidden = kind.value !== 'race'; };
  kind.addEventListener('change', sync);
  sync();

  // The other pairs of the team, from the pair board: none that shares a rep with this one.
  const ours = new Set([me.id, pair.partner]);
  const off = across ? () => {} : live.subscribe(`pairs:${team.metrics[0].id}:week`, (data) => {
    const keep = opponent.value;
    const others = (data?.rows || []).filter((r) => r.pair !== pair.id && !r.reps.some((x) => ours.has(x.rep)));
    opponent.replaceChildren(...others.map((r) => h('option', { value: r.pair }, pairName(r.reps))));
    if (others.some((r) => r.pair === keep)) opponent.value = keep;
    send.disabled = !others.length;
    problem.textContent = others.length ? '' : 'There is no other pair in the team yet.';
  }, () => { problem.textContent = 'The pair board is not available on this server.'; });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!across && !opponent.value) return;
    const m = { type: 'challenge.create', ...(across ? { pair: pair.id } : { pairs: [pair.id, opponent.value] }),
      metric: metric.value, kind: kind.value, window: { period: period.value } };
    if (kind.value === 'race') {
      const n = Number(target.value);
      if (!Number.isInteger(n) || n < 1 || n > 1000000) { problem.textContent = 'The target is a whole number, 1 or more.'; return; }
      m.target = n;
    }
    if (stakes.value.trim()) m.stakes = stakes.value.trim().slice(0, 140);
    send.disabled = true;
    problem.textContent = '';
    live.request(m).then((result) => { form.reset(); sync(); onDone?.(result.challenge); }, (err) => {
      problem.textContent = err.code === 'offline' || err.code === 'disconnected'
        ? 'Not connected: a challenge needs the server. Try again in a moment.' : err.message || err.code;
    }).finally(() => { send.disabled = false; });
  });
  return { focus: () => opponent.focus(), unmount: () => { off(); root.replaceChildren(); } };
}
