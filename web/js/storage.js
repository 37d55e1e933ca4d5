// localStorage with a memory fallback (private mode, storage disabled, quota full), so the
// pages keep working; only persistence across reloads is lost then.
const memory = new Map(); // JSON text, as localStorage would keep it

// Where the pages keep their sign-in: the wall's apart from the rep page's and the console's,
// so a wall and a person can share a browser.
export const KEYS = { token: 'wolfpack.token', wallToken: 'wolfpack.wall.token', profile: 'wolfpack.profile' };

export function read(key, fallback = null) {
  try {
    const text = localStorage.getItem(key);
    return text == null ? fallback : JSON.parse(text);
  } catch {
    return memory.has(key) ? JSON.parse(memory.get(key)) : fallback;
  }
}

export function write(key, value) {
  if (value == null) memory.delete(key); else memory.set(key, JSON.stringify(value));
  try {
    if (value == null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch { /* memory keeps it for this page's life */ }
}

// Takes an old ?token= link's token off the address bar (history.replaceState, so it is not left
// in the history, bookmarks or screenshots) and keeps it under `key`; returns the token to use,
// or null. The pages never make such links; scripts and old bookmarks may still hold one.
export function takeToken(key) {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    write(key, fromUrl.trim());
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }
  const token = read(key);
  return typeof token === 'string' && token ? token : null;
}

// Accepts a bare token or a pasted old sign-in link (…/?token=XYZ).
export function tokenFromInput(text) {
  const value = String(text).trim();
  if (!value) return null;
  try {
    const fromLink = new URL(value, location.href).searchParams.get('token');
    if (fromLink) return fromLink;
  } catch { /* not a link */ }
  return /^[A-Za-z0-9._~+/=-]{8,}$/.test(value) ? value : null;
}

// A pasted invite link (…/join#CODE): the path to open here, or null. The origin may differ
// (a link written with http.base_url); the code is this server's to check.
export function joinPathFromInput(text) {
  try {
    const url = new URL(String(text).trim(), location.href);
    return url.pathname === '/join' && url.hash.length > 1 ? url.pathname + url.hash : null;
  } catch {
    return null;
  }
}
