// Short-lived notes (a cheer arrived, a tap could not be recorded). Bounded: at most 3 shown.
// A note with a `key` replaces the one of the same key still on screen (its text, its time)
// rather than stacking another.
import { h } from '../dom.js';

const SHOWN = 3;
const LIFETIME_MS = 6000;

export function createToaster(root) {
  root.classList.add('toasts');
  root.setAttribute('role', 'status');
  root.setAttribute('aria-live', 'polite');
  const keyed = new Map(); // key -> { item, timer }
  return function toast(text, { tone = 'info', title = '', key = '' } = {}) {
    const item = h('div', { class: `toast toast-${tone}`, 'data-key': key || null }, title ? h('strong', {}, title) : null, h('span', {}, text));
    const kept = key ? keyed.get(key) : null;
    if (kept?.item.isConnected) {
      clearTimeout(kept.timer);
      kept.item.replaceWith(item);
    } else {
      root.append(item);
    }
    while (root.children.length > SHOWN) root.firstElementChild.remove();
    const timer = setTimeout(() => {
      item.classList.add('leaving');
      setTimeout(() => item.remove(), 300);
      if (keyed.get(key)?.item === item) keyed.delete(key);
    }, LIFETIME_MS);
    if (key) keyed.set(key, { item, timer });
  };
}
