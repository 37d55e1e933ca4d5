// /join#CODE: an invite link. The one-time code rides in the fragment, which browsers never send
// to a server nor in a Referer; this page takes it off the address bar at once, exchanges it for
// this device's own session token (POST /api/v1/sessions), keeps the token and opens the rep
// page (a display: the wall) without the code. Someone else signed in here: it asks first, and
// declining leaves the code unspent, so the link still works for whom it was meant.
import { h } from './js/dom.js';
import { read, write, KEYS } from './js/storage.js';
import { createApi, endSession } from './js/api.js';

const $ = (id) => document.getElementById(id);
const code = decodeURIComponent(location.hash.slice(1)).trim();
history.replaceState(null, '', '/join');

start();

async function start() {
  if (!code) {
    return say('No invite code here', 'This page signs you in with the invite link your manager sent you. Open that link on this device.',
      h('a', { class: 'btn btn-ghost', href: '/' }, 'Go to Wolfpack'));
  }
  const current = read(KEYS.token);
  const who = current ? await signedInAs(current) : null;
  if (!who) return exchange(null);
  say('Someone is signed in on this browser',
    `${who} is signed in here. This invite link signs in the person it was made for and signs ${who} out of this browser.`,
    h('div', { class: 'form-actions join-actions' },
      h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'switch', onclick: () => exchange(current) }, 'Use the invite'),
      h('a', { class: 'btn btn-ghost', href: '/', 'data-action': 'stay' }, `Stay signed in as ${who}`)),
    h('p', { class: 'hint' }, 'Checking a link before you send it? Stay signed in: the link then still works once for the person you send it to.'));
}

// The name behind the stored token, or null when the server no longer knows it (then there is
// nobody to ask about). Offline, the page's last welcome says who it was.
async function signedInAs(token) {
  try {
    const me = await createApi(token).get('/me');
    return me?.rep?.name || (me?.server_admin ? 'The server administrator' : null);
  } catch (err) {
    if (err.status === 401 || err.status === 403) return null;
    return read(KEYS.profile)?.welcome?.me?.name || 'Someone';
  }
}

async function exchange(previous) {
  say('Signing you in…', '');
  let answer;
  try {
    answer = await createApi(null).post('/sessions', { code });
  } catch (err) {
    return failed(err, previous);
  }
  const { token, rep } = answer;
  if (rep?.role === 'display') {
    write(KEYS.wallToken, token);
    return location.replace('/wall');
  }
  if (previous && previous !== token) endSession(previous);
  write(KEYS.token, token);
  write(KEYS.profile, null);
  location.replace('/');
}

function failed(err, previous) {
  if (err.status === 401) {
    return say('This invite link has been used or has expired',
      'Each invite link signs in one device, once, for a few days. Ask your manager for a new one: in the console, People, “Copy invite link”.',
      h('a', { class: 'btn btn-ghost', href: '/' }, 'Go to Wolfpack'));
  }
  const message = err.status === 429 ? 'Too many sign-in tries from this network. Wait a minute, then try again.'
    : err.status === 0 ? err.message : `The server could not sign you in (${err.message}).`;
  say('Not signed in yet', message,
    h('button', { type: 'button', class: 'btn btn-primary', onclick: () => exchange(previous) }, 'Try again'));
}

function say(title, text, ...more) {
  $('join-title').textContent = title;
  $('join-body').replaceChildren(...(text ? [h('p', { class: 'muted', id: 'join-message' }, text)] : []), ...more);
  document.title = `${title} · Wolfpack`;
}
