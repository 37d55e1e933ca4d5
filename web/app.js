// The rep page: sign-in, then the +1 pad and own counts, the partner card with check-ins, the
// challenges, cheers, the live leaderboard and pair board, the team feed and the 12-week stats.
// Views come and go with the welcome frame.
import { h } from './js/dom.js';
import { read, write, takeToken, KEYS } from './js/storage.js';
import { createApi, endSession } from './js/api.js';
import { createLive } from './js/live.js';
import { createOutbox } from './js/outbox.js';
import { createMyCounts } from './js/my-counts.js';
import { mountStatus } from './js/views/status.js';
import { mountSignIn } from './js/views/sign-in.js';
import { mountMeMenu } from './js/views/me-menu.js';
import { mountTapPad } from './js/views/tap-pad.js';
import { mountLeaderboard } from './js/views/leaderboard.js';
import { mountPairBoard } from './js/views/pair-board.js';
import { mountPartner } from './js/views/partner.js';
import { mountChallenges } from './js/views/challenges.js';
import { mountCheckinCard } from './js/views/checkin.js';
import { mountCheer } from './js/views/cheer.js';
import { mountFeed } from './js/views/feed.js';
import { mountStats } from './js/views/stats.js';
import { mountAnnouncer } from './js/views/announcer.js';
import { createToaster } from './js/views/toast.js';
import { createCelebrations } from './js/views/celebration.js';
import { registerOfflineShell } from './js/offline-shell.js';
import { openAudit } from './js/views/audit.js';
import { wallToggle } from './js/views/wall-pref.js';
import { offeredTeammates, cheerToast } from './js/scoring-page.js';

const TOKEN_KEY = KEYS.token;
const PROFILE_KEY = KEYS.profile; // the last welcome, so the pad works before connecting

const $ = (id) => document.getElementById(id);
const toast = createToaster($('toasts'));
const party = createCelebrations($('party'), { showMs: 4200, queued: 3 });
let session = null;

start(takeToken(TOKEN_KEY));
registerOfflineShell();

function start(token, error = '') {
  session?.stop();
  session = null;
  document.body.dataset.view = token ? 'app' : 'sign-in';
  if (!token) {
    $('status').replaceChildren();
    $('me').replaceChildren();
    mountSignIn($('main'), { error, onToken: (t) => { write(TOKEN_KEY, t); start(t); } });
    return;
  }
  session = runSession(token);
}

function runSession(token) {
  const live = createLive({ token });
  const unmount = [];
  let signature = '';
  let stopStatus = mountStatus($('status'), { live });
  $('main').replaceChildren(h('p', { class: 'loading' }, 'Connecting to your team…'));

  const cached = read(PROFILE_KEY);
  if (cached?.tokenTail === token.slice(-8)) show(cached.welcome);

  // welcome on every connect; team when the manager changed the team or its people meanwhile.
  const current = (welcome) => {
    write(PROFILE_KEY, { tokenTail: token.slice(-8), welcome: { me: welcome.me, team: welcome.team, teammates: welcome.teammates } });
    show(welcome);
  };
  live.on('welcome', current);
  live.on('team', current);
  live.on('status', (s) => {
    if (s !== 'denied') return;
    write(TOKEN_KEY, null);
    write(PROFILE_KEY, null);
    start(null, 'That sign-in link is no longer valid. Ask your manager for a new one.');
  });
  const cheered = new Set(); // event ids: a cheer is shown once, however it arrives
  live.on('event', (event) => {
    if (event?.kind !== 'cheer' || event.to !== live.welcome?.me?.id || cheered.has(event.id)) return;
    cheered.add(event.id);
    if (cheered.size > 100) cheered.delete(cheered.values().next().value);
    cheerToast(toast, event); // a burst of cheers is one note that counts them
  });
  live.start();

  // Mounts the views for this rep and team; again only if the team's shape changed.
  function show(welcome) {
    const { me, team } = welcome;
    const teammates = Array.isArray(welcome.teammates) ? welcome.teammates : [];
    const next = JSON.stringify([me, team, teammates]);
    if (next === signature) return;
    signature = next;
    unmount.splice(0).reverse().forEach((fn) => fn());
    document.title = `${team.name} · Wolfpack`;
    $('team-name').textContent = team.name;
    renderMe(me, token, me.role === 'display' ? null : wallToggle({ me, live }));

    const nameOf = (id) => teammates.find((t) => t.id === id)?.name || id;
    if (me.role === 'display') {
      const leaderboard = h('div', { class: 'slot-board' });
      const feed = h('div', { class: 'slot-feed' });
      $('main').replaceChildren(h('div', { class: 'layout layout-display' },
        h('div', { class: 'col' }, readOnlyNote(token), feed), h('div', { class: 'col' }, leaderboard)));
      unmount.push(mountLeaderboard(leaderboard, { team, me, live }), mountFeed(feed, { team, live, nameOf }));
      return;
    }
    const outbox = createOutbox(live, `wolfpack.outbox.${team.id}.${me.id}`);
    const api = createApi(token);
    // Any count of the rep's own opens the activities behind it.
    const onAudit = (metric, period, at = null) => openAudit({ api, team, rep: me.id, name: me.name, metric, period, at });
    const onAuditChallenge = (challenge) => openAudit({ api, team, rep: me.id, name: me.name, challenge });
    const onAuditRange = (metric, range) => openAudit({ api, team, rep: me.id, name: me.name, metric, range });
    const offered = offeredTeammates(teammates, me);
    const counts = createMyCounts(live, outbox, { me, team });
    const pairs = Array.isArray(me.pairs) ? me.pairs : [];
    const partner = pairs[0]?.partner ?? null;
    const slot = (name) => h('div', { class: `slot slot-${name}` });
    const at = Object.fromEntries(['pad', 'partner', 'challenges', 'cheer', 'board', 'pairs', 'feed', 'stats'].map((n) => [n, slot(n)]));
    $('main').replaceChildren(h('div', { class: 'layout' },
      h('div', { class: 'col col-a' }, at.pad, at.partner, at.cheer),
      h('div', { class: 'col col-b' }, at.challenges, at.feed),
      h('div', { class: 'col col-c' }, at.board, at.pairs, at.stats)));
    stopStatus();
    stopStatus = mountStatus($('status'), { live, outbox });
    const announce = mountAnnouncer($('announcer'), { team, counts });
    unmount.push(() => outbox.destroy(), () => counts.destroy(), announce,
      mountTapPad(at.pad, { team, live, outbox, counts, announce, onAudit }),
      ...(pairs.length ? pairs.map((pair) => {
        const box = h('div');
        at.partner.append(box);
        return mountPartner(box, { team, me, live, pair, toast, onAudit, onAuditChallenge });
      }) : [mountCheckinCard(at.partner, { live, me, team })]),
      mountChallenges(at.challenges, { team, me, live, teammates: offered, partner, toast, celebrate: party.celebrate, onAudit: onAuditChallenge }),
      mountCheer(at.cheer, { me, live, teammates: offered, partner }),
      mountLeaderboard(at.board, { team, me, live, onAudit }),
      mountPairBoard(at.pairs, { team, me, live, onAudit }),
      mountFeed(at.feed, { team, live, nameOf }),
      mountStats(at.stats, { team, me, token, outbox, counts, onAudit, onAuditRange }),
      outbox.on('rejected', ({ item, error }) => toast(error.message || error.code,
        { title: `A ${item.delta > 0 ? 'tap' : 'undo'} could not be recorded`, tone: 'error' })));
    outbox.pump();
  }

  return {
    stop() {
      live.stop();
      stopStatus();
      unmount.splice(0).reverse().forEach((fn) => fn());
    },
  };
}

function renderMe(me, token, extra = null) {
  mountMeMenu($('me'), { me, extra, onSignOut: () => {
    const waiting = (read(`wolfpack.outbox.${me.team}.${me.id}`, {})?.items || []).length;
    if (waiting && !confirm(`${waiting} tap(s) have not reached the server yet. Sign out anyway? They will be sent when you sign in again on this device.`)) return;
    endSession(token);
    write(TOKEN_KEY, null);
    write(PROFILE_KEY, null);
    start(null);
  } });
}

// A display's sign-in opened on the rep page: the wall is where it belongs.
function readOnlyNote(token) {
  return h('section', { class: 'card note', 'aria-labelledby': 'note-title' },
    h('h2', { id: 'note-title' }, 'Display sign-in'),
    h('p', {}, 'This sign-in is for a wall display: it shows the leaderboards but cannot log activity.'),
    h('button', { type: 'button', class: 'btn btn-primary', onclick: () => { write(KEYS.wallToken, token); location.assign('/wall'); } },
      'Open the wall display'));
}
