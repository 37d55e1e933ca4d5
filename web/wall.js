// The wall display: full screen, rotating through the team's leaderboards, with the live
// head-to-head challenges, a ticker of the latest events and a celebration for milestones and
// finished challenges.
// URL: /wall?interval=15&periods=day,week,month&metrics=calls,appointments&pairs=0 (no pair
// boards); the display signs in with its invite (/join#CODE), which keeps its token for this page.
import { takeToken, write, KEYS } from './js/storage.js';
import { createLive } from './js/live.js';
import { parsePeriods } from './js/periods.js';
import { celebrationOf } from './js/events.js';
import { mountWallBoard } from './js/views/wall-board.js';
import { mountWallBanner } from './js/views/wall-banner.js';
import { createCelebrations } from './js/views/celebration.js';
import { mountSignIn } from './js/views/sign-in.js';
import { registerOfflineShell } from './js/offline-shell.js';

const TOKEN_KEY = KEYS.wallToken; // not the rep page's: a wall and a rep can share a browser
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const intervalMs = Math.min(3600, Math.max(3, Number(params.get('interval')) || 15)) * 1000;
const periods = parsePeriods(params.get('periods'), ['day', 'week', 'month']);
const metricIds = (params.get('metrics') || '').split(',').map((m) => m.trim()).filter(Boolean);
const pairs = params.get('pairs') !== '0'; // pair boards in the rotation

const party = createCelebrations($('wall-party'));
// Anything on the page (or a future feature) can ask for a celebration.
addEventListener('wolfpack:celebrate', (e) => party.celebrate(e.detail || {}));
startClock($('wall-clock'));
start(takeToken(TOKEN_KEY));
registerOfflineShell();

function start(token, error = '') {
  if (!token) {
    document.body.dataset.state = 'sign-in';
    $('wall-title').replaceChildren();
    mountSignIn($('wall-main'), {
      title: 'Connect this display', error,
      hint: 'Open the display’s invite link (…/join#…) from the manager’s console on this screen, or paste it here.',
      onToken: (t) => { write(TOKEN_KEY, t); start(t); },
    });
    return;
  }
  const live = createLive({ token });
  let unmountBoard = () => {};
  let signature = '';
  const nameOf = (id) => live.welcome?.teammates?.find((t) => t.id === id)?.name || id;
  const unmountBanner = mountWallBanner($('wall-banner'), { live, connEl: $('wall-conn') });

  // welcome on every connect; team when the manager changed the team's settings or people.
  const onTeam = ({ team }) => {
    const next = JSON.stringify(team);
    if (next === signature) return;
    signature = next;
    unmountBoard();
    $('wall-team').textContent = team.name;
    document.title = `${team.name} · Wolfpack wall`;
    const chosen = team.metrics.filter((m) => !metricIds.length || metricIds.includes(m.id));
    unmountBoard = mountWallBoard($('wall-main'), {
      live, team, periods, metrics: chosen.length ? chosen : team.metrics, intervalMs, pairs,
      titleEl: $('wall-title'), progressEl: $('wall-progress'), nameOf,
    });
  };
  live.on('welcome', onTeam);
  live.on('team', onTeam);
  const seen = new Set(); // event ids celebrated: a resent event is not a second party
  live.on('event', (event) => {
    const labelOf = (id) => live.welcome?.team?.metrics?.find((m) => m.id === id)?.label || id;
    const celebration = celebrationOf(event, labelOf, nameOf);
    if (!celebration || seen.has(event.id)) return;
    seen.add(event.id);
    if (seen.size > 200) seen.delete(seen.values().next().value);
    party.celebrate(celebration);
  });
  live.on('status', (state) => {
    if (state !== 'denied') return;
    write(TOKEN_KEY, null);
    unmountBoard();
    unmountBanner();
    start(null, 'The server did not accept this display\'s link.');
  });
  live.start();
}

function startClock(el) {
  const tick = () => {
    const now = new Date();
    const text = now.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    if (el.textContent !== text) {
      el.textContent = text;
      el.dateTime = now.toISOString();
    }
  };
  tick();
  setInterval(tick, 1000);
}
