// The manager's console (/admin). /admin#setup=CODE opens the first-run setup form; otherwise
// the stored sign-in decides: a manager (role admin) gets their team's console, the server
// admin picks a team first, anyone else is sent to their own page.
import { h } from './js/dom.js';
import { write, takeToken, KEYS } from './js/storage.js';
import { createApi, endSession } from './js/api.js';
import { createLive } from './js/live.js';
import { createRoster } from './js/roster.js';
import { mountSetup } from './js/views/setup-form.js';
import { mountSignIn } from './js/views/sign-in.js';
import { mountMeMenu } from './js/views/me-menu.js';
import { mountStatus } from './js/views/status.js';
import { createToaster } from './js/views/toast.js';
import { mountConsole } from './js/views/console.js';

const $ = (id) => document.getElementById(id);
const toast = createToaster($('toasts'));
let stop = () => {};

if (location.hash.startsWith('#setup=')) {
  const code = decodeURIComponent(location.hash.slice('#setup='.length)).trim();
  history.replaceState(null, '', '/admin'); // the code leaves the address bar (and the history) at once
  document.body.dataset.view = 'setup';
  stop = mountSetup($('main'), { code, onDone: ({ token }) => {
    write(KEYS.token, token);
    write(KEYS.profile, null);
    history.replaceState(null, '', '/admin#people'); // next: invite the team
    open(token);
  } });
} else {
  open(takeToken(KEYS.token));
}

function say(title, text, ...more) {
  $('main').replaceChildren(h('div', { class: 'sign-in-wrap' }, h('section', { class: 'card sign-in', 'aria-labelledby': 'say-title' },
    h('h2', { id: 'say-title' }, title), text ? h('p', { class: 'muted' }, text) : null, ...more)));
}

function signIn(error = '') {
  document.body.dataset.view = 'sign-in';
  $('me').replaceChildren();
  $('status').replaceChildren();
  stop = mountSignIn($('main'), { error, title: 'Open the manager’s console',
    hint: 'Open the setup link the server printed, or your own invite link, on this device; or paste it here.',
    onToken: (t) => { write(KEYS.token, t); open(t); } });
}

async function open(token) {
  stop();
  stop = () => {};
  if (!token) return signIn();
  document.body.dataset.view = 'loading';
  say('Opening the console…', '');
  const api = createApi(token);
  let me;
  try {
    me = await api.get('/me');
  } catch (err) {
    if (err.status === 401 || err.status === 403) {
      write(KEYS.token, null);
      return signIn('That sign-in is no longer valid. Ask another manager for a new invite link.');
    }
    return say('The console cannot reach the server', err.message,
      h('button', { type: 'button', class: 'btn btn-primary', onclick: () => open(token) }, 'Try again'));
  }
  if (me?.server_admin) return pickTeam(api, token);
  if (me?.rep?.role !== 'admin') {
    return say('This is the manager’s console', `You are signed in as ${me?.rep?.name || 'someone'}, who is not a manager of the team.`,
      h('a', { class: 'btn btn-primary', href: '/' }, 'Open your page'));
  }
  openTeam(me.rep.team, { api, token, rep: me.rep });
}

// The server admin's token belongs to no team: it chooses one (and has no live connection).
async function pickTeam(api, token) {
  const teams = (await api.get('/teams').catch(() => null))?.teams || [];
  say('Which team?', teams.length ? '' : 'There is no team yet: open a setup link (wolfpack admin setup-link).',
    h('ul', { class: 'team-pick' }, teams.map((t) => h('li', {}, h('button', { type: 'button', class: 'btn btn-ghost',
      onclick: () => openTeam(t.id, { api, token, rep: null }) }, `${t.name} (${t.id})`)))));
}

function openTeam(teamId, { api, token, rep }) {
  document.body.dataset.view = 'console';
  const roster = createRoster(api, teamId);
  const live = rep ? createLive({ token }) : null;
  const signOut = () => {
    if (rep) endSession(token);
    write(KEYS.token, null);
    write(KEYS.profile, null);
    stop();
    signIn();
  };
  const me = rep || { id: 'server-admin', name: 'Server admin', role: 'server' };
  mountMeMenu($('me'), { me, onConsole: true, onSignOut: signOut });
  const offs = [roster.on(({ team }) => {
    $('team-name').textContent = team.name;
    document.title = `${team.name} · Console · Wolfpack`;
  })];
  if (live) {
    offs.push(mountStatus($('status'), { live }), live.on('team', () => roster.load().catch(() => {})),
      live.on('status', (s) => s === 'denied' && signOut()));
    live.start();
  }
  const unmount = mountConsole($('main'), { nav: $('console-nav'), api, roster, live, toast, me });
  roster.load().catch((err) => toast(err.message, { title: 'The team could not be loaded', tone: 'error' }));
  stop = () => { live?.stop(); offs.forEach((off) => off()); unmount(); };
}
