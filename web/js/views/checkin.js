// The Friday check-in: this week's commitment (≤ 500 characters) and how the week went
// (≤ 1000). Posting again replaces it (checkin.post). The partner card holds the form; a rep
// without a partner gets it on a card of its own.
import { h } from '../dom.js';
import { read, write } from '../storage.js';
import { weekKey } from '../periods.js';

export function mountCheckinForm(root, { live, idPrefix = 'checkin', onSaved }) {
  const commitment = h('textarea', { id: `${idPrefix}-commitment`, name: 'commitment', rows: 2, maxlength: 500, required: true,
    placeholder: 'e.g. 120 calls and 8 appointments booked' });
  const reflection = h('textarea', { id: `${idPrefix}-reflection`, name: 'reflection', rows: 3, maxlength: 1000,
    placeholder: 'What worked, what did not, what changes next week' });
  const status = h('p', { class: 'form-status', role: 'status' });
  const send = h('button', { type: 'submit', class: 'btn btn-primary btn-small' }, 'Post check-in');
  const form = h('form', { class: 'checkin-form', 'aria-label': 'Your check-in this week' },
    h('div', { class: 'field' }, h('label', { for: commitment.id }, 'This week I commit to'), commitment),
    h('div', { class: 'field' }, h('label', { for: reflection.id }, 'How did it go? ', h('span', { class: 'muted' }, '(Friday reflection, optional)')), reflection),
    h('div', { class: 'form-actions' }, send, status));
  root.replaceChildren(form);
  let dirty = false;
  form.addEventListener('input', () => { dirty = true; });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = commitment.value.trim();
    if (!text) { status.textContent = 'Write down what you commit to first.'; return commitment.focus(); }
    const m = { type: 'checkin.post', commitment: text };
    if (reflection.value.trim()) m.reflection = reflection.value.trim();
    send.disabled = true;
    status.textContent = 'Posting…';
    live.request(m).then((result) => {
      dirty = false;
      status.textContent = 'Posted. Your partner sees it now.';
      onSaved?.(result.checkin || { ...m, at: new Date().toISOString() });
    }, (err) => {
      status.textContent = err.code === 'offline' || err.code === 'disconnected'
        ? 'Not connected: try again when the indicator says Live.' : `Not posted: ${err.message || err.code}`;
    }).finally(() => { send.disabled = false; });
  });

  return {
    // Shows the posted check-in, unless the rep is typing a new one.
    fill(checkin) {
      send.textContent = checkin ? 'Update check-in' : 'Post check-in';
      if (dirty) return;
      commitment.value = checkin?.commitment || '';
      reflection.value = checkin?.reflection || '';
    },
    focus: (field) => (field === 'reflection' ? reflection : commitment).focus(),
  };
}

// For a rep without a pair: the form on its own card, refilled from this device's last post.
export function mountCheckinCard(root, { live, me, team }) {
  const key = `wolfpack.checkin.${team.id}.${me.id}`;
  const box = h('div');
  root.replaceChildren(h('section', { class: 'card checkin', 'aria-labelledby': 'checkin-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'checkin-title' }, 'Friday check-in')),
    h('p', { class: 'hint' }, 'Set the week’s commitment on Monday; say how it went on Friday.'), box));
  const form = mountCheckinForm(box, { live, onSaved: (checkin) => write(key, checkin) });
  const saved = read(key);
  const thisWeek = (at) => weekKey(team.tz, team.week_start, Date.parse(at)) === weekKey(team.tz, team.week_start, Date.now());
  form.fill(saved?.at && thisWeek(saved.at) ? saved : null);
  return () => root.replaceChildren();
}
