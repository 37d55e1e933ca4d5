// Coaching: every rep's last 12 weeks (GET /api/v1/teams/TEAM/coaching), what a manager opens
// before a one-on-one. It moves live: the team's weekly boards (one subscription per metric)
// and check-in events ask for a fresh copy, at most one every DEBOUNCE_MS.
import { h, clockTime } from '../dom.js';
import { coachingRep } from './coaching-rep.js';
import { openAudit } from './audit.js';

const WEEKS = 12;
const DEBOUNCE_MS = 600;
const POLL_MS = 60000; // without a live connection (the server admin)

export function mountCoaching(root, { api, roster, live }) {
  const status = h('p', { class: 'stats-status muted', role: 'status' }, 'Loading…');
  const list = h('div', { class: 'coach-list', 'aria-busy': 'true' });
  const refresh = h('button', { type: 'button', class: 'btn btn-ghost btn-small', onclick: () => load() }, 'Refresh');
  root.replaceChildren(h('section', { class: 'coaching', 'aria-labelledby': 'coaching-title' },
    h('div', { class: 'card-head section-head' }, h('h2', { id: 'coaching-title' }, 'Coaching'),
      h('div', { class: 'section-tools' }, status, refresh)),
    h('p', { class: 'hint' }, `Each rep’s last ${WEEKS} weeks, their funnel and their check-ins, live as they log.`),
    list));
  let timer = 0, loading = null, again = false, subscribed = '', offs = [];

  function load() {
    if (loading) { again = true; return loading; }
    const team = roster.data?.team;
    if (!team) return Promise.resolve();
    loading = api.get(`${roster.path}/coaching?weeks=${WEEKS}`).then((data) => {
      render(data, team);
      status.textContent = `Updated ${clockTime(Date.now())}`;
    }, (err) => {
      status.textContent = `Not updated: ${err.message}`;
    }).finally(() => {
      loading = null;
      list.removeAttribute('aria-busy');
      if (again) { again = false; soon(); }
    });
    return loading;
  }
  const soon = () => { clearTimeout(timer); timer = setTimeout(load, DEBOUNCE_MS); };

  function render(data, team) {
    const ids = Array.isArray(data.metrics) && data.metrics.length ? data.metrics : team.metrics.map((m) => m.id);
    const metrics = ids.map((id) => team.metrics.find((m) => m.id === id) || { id, label: id });
    const roleOf = (id) => roster.data.reps.find((x) => x.id === id)?.role;
    // Reps first, managers after them; a wall display has no weeks to coach.
    const reps = (Array.isArray(data.reps) ? data.reps : []).filter((r) => roleOf(r.rep) !== 'display')
      .sort((a, b) => (roleOf(a.rep) === 'admin') - (roleOf(b.rep) === 'admin') || a.name.localeCompare(b.name));
    const byId = new Map(reps.map((r) => [r.rep, r]));
    list.replaceChildren(...reps.map((rep) => {
      const partnerId = roster.partnerOf(rep.rep);
      const partner = partnerId ? byId.get(partnerId) || { rep: partnerId, name: roster.nameOf(partnerId), checkins: [] } : null;
      const onAudit = (who, metric, at) => openAudit({ api, team, rep: who.rep, name: who.name, metric, period: 'week', at });
      return coachingRep(rep, { data, metrics, partner, onAudit });
    }));
    if (!reps.length) list.append(h('p', { class: 'empty' }, 'No reps yet. ', h('a', { href: '#people' }, 'Add your people'), ' and their weeks show here.'));
  }

  // Live: one weekly board per metric. The first frame of each is the state at subscribe time.
  function follow(team) {
    const key = team.metrics.map((m) => m.id).join(',');
    if (!live || key === subscribed) return;
    subscribed = key;
    offs.forEach((off) => off());
    offs = team.metrics.map((m) => {
      let first = true;
      return live.subscribe(`leaderboard:${m.id}:week`, () => { if (first) first = false; else soon(); });
    });
    offs.push(live.subscribe('feed', () => {}), live.on('event', (e) => e?.kind === 'checkin' && soon()),
      live.on('welcome', soon)); // back after a disconnect: what was missed
  }

  const offRoster = roster.on(({ team }) => { follow(team); soon(); });
  const poll = live ? 0 : setInterval(load, POLL_MS);
  return () => {
    clearTimeout(timer);
    clearInterval(poll);
    offRoster();
    offs.forEach((off) => off());
    root.replaceChildren();
  };
}
