// Send a cheer: a teammate (the partner first), a short line (≤ 140 characters) or one of the
// quick ones. The server allows 10 a minute per sender; past that it says rate_limited.
import { h } from '../dom.js';

const QUICK = ['Nice one!', 'Keep dialing!', 'You’ve got this', 'Big week!'];

export function mountCheer(root, { me, live, teammates = [], partner = null }) {
  const others = teammates.filter((t) => t.id !== me.id).sort((a, b) => (b.id === partner) - (a.id === partner));
  if (!others.length) return () => {};
  const to = h('select', { id: 'cheer-to', name: 'to' }, others.map((t) => h('option', { value: t.id }, t.name)));
  const text = h('input', { id: 'cheer-text', name: 'text', type: 'text', maxlength: 140, autocomplete: 'off', placeholder: 'Keep going!' });
  const status = h('p', { class: 'form-status', role: 'status' });
  const send = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Send cheer');
  const form = h('form', { class: 'cheer-form', 'aria-labelledby': 'cheer-title' },
    h('div', { class: 'field-row' },
      h('div', { class: 'field cheer-to' }, h('label', { for: to.id }, 'To'), to),
      h('div', { class: 'field cheer-text' }, h('label', { for: text.id }, 'Message ', h('span', { class: 'muted' }, '(optional)')), text)),
    h('div', { class: 'quick', role: 'group', 'aria-label': 'Quick messages' }, QUICK.map((q) =>
      h('button', { type: 'button', class: 'preset', onclick: () => { text.value = q; text.focus(); } }, q))),
    h('div', { class: 'form-actions' }, send, status));
  root.replaceChildren(h('section', { class: 'card cheer', 'aria-labelledby': 'cheer-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'cheer-title' }, 'Cheer a teammate')), form));

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const name = to.selectedOptions[0]?.textContent || to.value;
    const m = { type: 'cheer', to: to.value };
    if (text.value.trim()) m.text = text.value.trim().slice(0, 140);
    send.disabled = true;
    live.request(m).then(() => {
      status.textContent = `Cheer sent to ${name}.`;
      text.value = '';
    }, (err) => {
      status.textContent = err.code === 'rate_limited' ? 'That’s a lot of cheering: wait a minute and try again.'
        : err.code === 'offline' || err.code === 'disconnected' ? 'Not connected: try again in a moment.'
          : `Not sent: ${err.message || err.code}`;
    }).finally(() => { send.disabled = false; });
  });
  return () => root.replaceChildren();
}
