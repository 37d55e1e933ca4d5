// The wall display: a TV on the sales floor that runs for weeks without a keyboard. Without a
// sign-in it shows a pairing code (wall-pairing.js); once paired it plays its playlist from
// `display:me` (wall-player.js), shows announcements and its name when asked, celebrates
// without hiding the game (celebration-queue.js), rests in quiet hours, drifts against burn-in
// and keeps every time on the team's clock. No token ever rides in a URL.
// A display's invite link (/join#CODE) signs a screen in too. Old links' options
// (/wall?interval=15&periods=day,week&metrics=calls) still program a screen whose playlist was
// never set in the console, and one with no display:me of its own (a rep's sign-in on /wall).
import { takeToken, write, KEYS } from './js/storage.js';
import { createLive } from './js/live.js';
import { parsePeriods, PERIOD_LABEL } from './js/periods.js';
import { celebrationOf } from './js/events.js';
import { clockText, zoneName } from './js/team-time.js';
import { createCelebrationQueue, partsText, countdownInLastMinute } from './js/celebration-queue.js';
import { startDrift } from './js/drift.js';
import { chime } from './js/chime.js';
import { mountWallBanner } from './js/views/wall-banner.js';
import { mountPairing } from './js/views/wall-pairing.js';
import { createPlayer } from './js/views/wall-player.js';
import { createOverlays } from './js/views/wall-overlays.js';
import { createQuiet } from './js/views/wall-quiet.js';
import { showParty } from './js/views/celebration.js';
import { registerOfflineShell } from './js/offline-shell.js';

const TOKEN_KEY = KEYS.wallToken; // not the rep page's: a wall and a rep can share a browser
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const seconds = Math.min(600, Math.max(5, Number(params.get('interval')) || 15));
const periods = parsePeriods(params.get('periods'), ['day', 'week']);
const metricIds = (params.get('metrics') || '').split(',').map((m) => m.trim()).filter(Boolean);
const linkOptions = ['interval', 'periods', 'metrics'].some((k) => params.has(k));

startDrift(document.documentElement); // the shell and the quiet clock move with it
start(takeToken(TOKEN_KEY));
registerOfflineShell();

function start(token, error = '') {
  if (token) return runWall(token);
  $('wall-title').replaceChildren();
  $('wall-team').textContent = 'Wolfpack';
  const unmount = mountPairing($('wall-main'), { error, onToken: (t) => { write(TOKEN_KEY, t); unmount(); start(t); } });
}

function runWall(token) {
  const live = createLive({ token });
  let team = null, teammates = [], settings = null, reloadSeq = null, challenges = [];
  let mode = null; // 'display' (display:me programs it) or 'link' (the URL's options), once known
  const ctx = {
    live, challenges: {
      latest: () => challenges,
      subscribe: (fn) => live.subscribe('challenges:team', (d) => fn(d.challenges), () => fn([])),
    },
    get team() { return team; },
    get tz() { return team?.tz || 'UTC'; },
    now: () => Date.now() + live.skewMs,
    nameOf: (id) => teammates.find((t) => t.id === id)?.name || id,
    labelOf: (id) => team?.metrics.find((m) => m.id === id)?.label || id,
    accentOf: (id) => Math.max(0, team?.metrics.findIndex((m) => m.id === id) ?? 0) % 6,
    pairs: () => settings?.pairs || [],
    reviewDay: () => Boolean(settings?.review_day),
    workingDays: () => settings?.working_days || team?.working_days || ['mon', 'tue', 'wed', 'thu', 'fri'],
    quietHours: () => (settings ? settings.quiet_hours : team?.quiet_hours) || null,
  };
  const player = createPlayer($('wall-main'), ctx, { titleEl: $('wall-title'), progressEl: $('wall-progress') });
  const overlays = createOverlays({ announceEl: $('wall-announce'), identifyEl: $('wall-identify'), now: ctx.now,
    onShow: () => chime({ enabled: settings?.sound }) });
  const quiet = createQuiet($('wall-quiet'), { now: ctx.now, tz: () => ctx.tz });
  const party = createCelebrationQueue({
    show: (item, ms) => {
      const hide = showParty($('wall-party'), { name: item.name, text: item.parts ? partsText(item.parts, ctx.labelOf, (p) => PERIOD_LABEL[p] || p) : item.text });
      chime({ enabled: settings?.sound });
      setTimeout(() => hide(), Math.max(0, ms - 700)); // gone, faded out, when its time is up
    },
    blocked: (ms) => quiet.quiet || overlays.announcing || countdownInLastMinute(challenges, ctx.now(), ms),
  });
  const clock = startClock($('wall-clock'), ctx);
  const unmountBanner = mountWallBanner($('wall-banner'), { live, connEl: $('wall-conn') });

  // Plays once both the team and who programs the screen are known.
  const play = () => {
    if (!team || !mode) return;
    const fromLink = mode === 'link' || (settings.default_playlist && linkOptions);
    player.setPlaylist(fromLink ? fallbackPlaylist(team) : settings.playlist);
  };
  const onTeam = (data) => {
    teammates = data.teammates || teammates;
    const changed = JSON.stringify(data.team) !== JSON.stringify(team);
    team = data.team;
    $('wall-team').textContent = team.name;
    document.title = `${team.name} · Wolfpack wall`;
    clock.tick(); // now in the team's zone
    if (!changed) return;
    play();
    player.restart(); // the slide on screen again, with the new names, metrics or zone
  };
  const offs = [
    live.on('welcome', onTeam),
    live.on('team', onTeam), // live.js follows the `team` topic: settings or people changed
    live.subscribe('challenges:team', (d) => { challenges = d.challenges; player.recheck(); }, () => {}),
    live.subscribe('display:me', (data) => {
      if (reloadSeq === null) reloadSeq = data.reload_seq;
      else if (data.reload_seq > reloadSeq) return location.reload();
      settings = data;
      mode = 'display';
      document.body.dataset.display = data.display.id;
      play();
      player.recheck();
      overlays.settings(data);
      quiet.apply(data);
      party.configure({ percent: data.celebrations?.percent ?? 10, seconds: data.celebrations?.seconds ?? 6 });
    }, () => { mode = 'link'; play(); }), // not a display (a rep's sign-in): the link's options
    // Anything on the page can ask for a celebration (paced like the rest).
    (() => {
      const hook = (e) => party.add({ key: `hook:${Date.now()}`, name: e.detail?.name || '', text: e.detail?.text || '' });
      addEventListener('wolfpack:celebrate', hook);
      return () => removeEventListener('wolfpack:celebrate', hook);
    })(),
    live.on('event', (event) => {
      if (event?.kind === 'announcement') return overlays.announce(event);
      const item = wallCelebration(event, ctx);
      if (item) party.add(item);
    }),
    live.on('status', (state) => {
      if (state !== 'denied') return;
      // Removed in the console (or its sign-in ended): blank, and a new pairing code.
      write(TOKEN_KEY, null);
      offs.forEach((off) => off());
      live.stop();
      player.stop();
      overlays.stop();
      quiet.stop();
      clock.stop();
      unmountBanner();
      start(null, 'This screen was removed from its team. Pair it again with the code below.');
    }),
  ];
  live.start();
}

// The playlist of a screen without display:me: boards per the link's options, then the rest.
function fallbackPlaylist(team) {
  const chosen = team.metrics.filter((m) => !metricIds.length || metricIds.includes(m.id));
  const boards = periods.flatMap((period) => (chosen.length ? chosen : team.metrics).map((m) => ({ slide: 'board', seconds, metric: m.id, period })));
  return [...boards, { slide: 'challenges', seconds }, { slide: 'pairs', seconds, metric: (chosen[0] || team.metrics[0])?.id, period: 'week' },
    { slide: 'feed', seconds }];
}

const seenEvents = new Set();
function wallCelebration(event, ctx) {
  if (!event?.id || seenEvents.has(event.id)) return null;
  seenEvents.add(event.id);
  if (seenEvents.size > 300) seenEvents.delete(seenEvents.values().next().value);
  if (event.kind === 'milestone') {
    return { key: event.rep, name: event.name || ctx.nameOf(event.rep),
      parts: [{ id: event.id, metric: event.metric, count: event.count, period: event.period, best: Boolean(event.personal_best) }] };
  }
  const c = celebrationOf(event, ctx.labelOf, ctx.nameOf);
  return c ? { key: `challenge:${event.challenge}`, name: c.name, text: c.text } : null;
}

// The team's time; nothing until the team (and so its zone) is known: never the wrong time.
function startClock(el, ctx) {
  const tick = () => {
    if (!ctx.team) return;
    const now = ctx.now();
    const text = clockText(now, ctx.tz);
    if (el.textContent !== text) {
      el.textContent = text;
      el.dateTime = new Date(now).toISOString();
      el.title = `${ctx.tz} (${zoneName(now, ctx.tz)})`;
      el.dataset.tz = ctx.tz;
    }
  };
  tick();
  const timer = setInterval(tick, 1000);
  return { tick, stop: () => clearInterval(timer) };
}
