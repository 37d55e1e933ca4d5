// A wall without a sign-in shows a pairing code: the manager types it in the console
// (Displays) and names the screen; this page asks every few seconds, with the
// pairing's secret in the Authorization header (never in a URL), whether it was bound, and then
// hands over the display's token. An expired code is replaced by a new one.
import { h } from '../dom.js';

const POLL_MS = 2000;
const RETRY_MS = 3000;

export function mountPairing(root, { onToken, error = '', fetchImpl = (...a) => fetch(...a) }) {
  const code = h('p', { class: 'pair-code', 'aria-live': 'polite', 'data-code': '' }, '······');
  const note = h('p', { class: 'pair-note', role: 'status' }, error);
  const left = h('p', { class: 'pair-left' });
  root.replaceChildren(h('section', { class: 'pair', 'aria-labelledby': 'pair-title' },
    h('h2', { id: 'pair-title', class: 'pair-title' }, 'Pair this screen'),
    h('p', { class: 'pair-how' }, 'In the Wolfpack manager’s console, open Displays, type this code and name the screen:'),
    code, left, note));
  document.body.dataset.state = 'pairing';
  let stopped = false, timer = 0, pairing = null, expiresAt = 0;

  const later = (fn, ms) => { clearTimeout(timer); if (!stopped) timer = setTimeout(fn, ms); };

  async function fresh() {
    pairing = null;
    let res;
    try {
      res = await fetchImpl('/api/v1/displays/pairing', { method: 'POST', cache: 'no-store' });
    } catch {
      note.textContent = 'Cannot reach the Wolfpack server; trying again…';
      return later(fresh, RETRY_MS);
    }
    if (stopped) return;
    if (res.status === 429) {
      const wait = Number(res.headers.get('Retry-After')) || 30;
      note.textContent = `Too many codes from this network; a new one in ${wait} s.`;
      return later(fresh, wait * 1000);
    }
    if (res.status !== 201) {
      note.textContent = 'The server could not make a code; trying again…';
      return later(fresh, RETRY_MS);
    }
    pairing = await res.json();
    expiresAt = Date.now() + pairing.expires_in * 1000;
    code.textContent = `${pairing.code.slice(0, 3)} ${pairing.code.slice(3)}`;
    code.dataset.code = pairing.code;
    note.textContent = '';
    left.textContent = `This code works for ${Math.round(pairing.expires_in / 60)} minutes.`;
    later(poll, POLL_MS);
  }

  async function poll() {
    if (!pairing) return;
    const minutes = Math.max(1, Math.ceil((expiresAt - Date.now()) / 60000));
    left.textContent = `This code works for ${minutes} more minute${minutes === 1 ? '' : 's'}.`;
    let res;
    try {
      res = await fetchImpl(`/api/v1/displays/pairing/${pairing.code}`,
        { headers: { Authorization: `Bearer ${pairing.secret}` }, cache: 'no-store' });
    } catch {
      note.textContent = 'Cannot reach the Wolfpack server; trying again…';
      return later(poll, RETRY_MS);
    }
    if (stopped) return;
    if (res.status === 200) {
      const { token, display } = await res.json();
      note.textContent = `Paired as “${display.name}”.`;
      stopped = true;
      return onToken(token, display);
    }
    if (res.status === 404 || Date.now() > expiresAt) return fresh(); // expired: a new code
    later(poll, POLL_MS);
  }

  fresh();
  return () => { stopped = true; clearTimeout(timer); root.replaceChildren(); };
}
