// "Show me on the wall": the rep's own choice (prefs.set). Hidden, they stay on every board a
// teammate sees; the wall display leaves them out and the others keep their ranks.
import { h } from '../dom.js';

export function wallToggle({ me, live }) {
  const box = h('input', { type: 'checkbox', id: 'wall-pref', checked: me.wall !== false });
  const note = h('span', { class: 'muted wall-pref-note', role: 'status' }, me.wall === false ? 'The wall leaves you out.' : '');
  box.addEventListener('change', () => {
    const wall = box.checked;
    box.disabled = true;
    note.textContent = 'Saving…';
    live.request({ type: 'prefs.set', wall }).then(() => {
      note.textContent = wall ? 'The wall shows you again.' : 'The wall leaves you out; your team still sees you.';
    }, (err) => {
      box.checked = !wall;
      note.textContent = err.code === 'offline' || err.code === 'disconnected' ? 'Not connected: try again.' : `Not saved: ${err.message || err.code}`;
    }).finally(() => { box.disabled = false; });
  });
  return h('div', { class: 'wall-pref' }, h('label', { class: 'check', for: box.id }, box, 'Show me on the wall'), note);
}
