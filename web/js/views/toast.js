// Short-lived notes (a cheer arrived, a tap could not be recorded). Bounded: at most 3 shown.
import { h } from '../dom.js';

const SHOWN = 3;
const LIFETIME_MS = 6000;

export function createToaster(root) {
  root.classList.add('toasts');
  root.setAttribute('role', 'status');
  root.setAttribute('aria-live', 'polite');
  return function toast(text, { tone = 'info', title = '' } = {}) {
    const item = h('div', { class: `toast toast-${tone}` }, title ? h('strong', {}, title) : null, h('span', {}, text));
    root.append(item);
    while (root.children.length > SHOWN) root.firstElementChild.remove();
    setTimeout(() => {
      item.classList.add('leaving');
      setTimeout(() => item.remove(), 300);
    }, LIFETIME_MS);
  };
}
