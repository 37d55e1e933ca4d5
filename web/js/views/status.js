// The connection indicator: Live / Connecting / Offline (with taps saved and the next retry).
import { h } from '../dom.js';

const TEXT = { connecting: 'Connecting…', online: 'Live', offline: 'Offline', denied: 'Signed out' };

export function mountStatus(root, { live, outbox }) {
  const label = h('span', { class: 'status-text' });
  const detail = h('span', { class: 'status-detail', 'aria-hidden': 'true' });
  const pill = h('div', { class: 'status', role: 'status', 'data-state': live.status },
    h('span', { class: 'status-dot', 'aria-hidden': 'true' }), label, detail);
  root.replaceChildren(pill);
  let timer = 0;

  function render() {
    const state = live.status;
    const waiting = outbox ? outbox.size : 0;
    pill.dataset.state = state;
    pill.dataset.waiting = String(waiting);
    const taps = `${waiting} tap${waiting === 1 ? '' : 's'}`;
    // The label is a live region: it changes with the connection, not with every tap.
    const text = `${TEXT[state] || state}${waiting && state !== 'online' ? ` · ${taps} saved` : ''}`;
    if (label.textContent !== text) label.textContent = text;
    const seconds = Math.ceil((live.retryAt - Date.now()) / 1000);
    detail.textContent = state === 'offline' && seconds > 0 ? `retry in ${seconds}s` : '';
    clearTimeout(timer);
    if (state === 'offline') timer = setTimeout(render, 1000);
  }

  const offs = [live.on('status', render)];
  if (outbox) offs.push(outbox.on('change', render));
  render();
  return () => { offs.forEach((off) => off()); clearTimeout(timer); };
}
