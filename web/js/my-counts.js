// The signed-in rep's own counts per metric for today and this week: the day/week boards and
// the acks of their taps confirm them, taps still waiting in the outbox are added on top.
import { dayKey, weekKey } from './periods.js';

const BOARD_ROWS = 50; // the server's top-N: absent from a shorter board means 0

export function createMyCounts(live, outbox, { me, team }) {
  const confirmed = new Map(team.metrics.map((m) => [m.id, { day: null, week: null }]));
  const listeners = new Set();
  const unsubscribe = [];
  let notifyQueued = false;

  // Several sources change in one task (ack + outbox); views hear about it once.
  function notify() {
    if (notifyQueued) return;
    notifyQueued = true;
    queueMicrotask(() => {
      notifyQueued = false;
      for (const fn of listeners) fn();
    });
  }

  function set(metric, period, value) {
    const c = confirmed.get(metric);
    if (!c || value == null || c[period] === value) return;
    c[period] = value;
    notify();
  }

  for (const { id } of team.metrics) {
    for (const period of ['day', 'week']) {
      unsubscribe.push(live.subscribe(`leaderboard:${id}:${period}`, (data) => {
        const row = data.rows.find((r) => r.rep === me.id);
        set(id, period, row ? row.count : data.rows.length < BOARD_ROWS ? 0 : null);
      }));
    }
  }

  // An ack's counts are for the periods containing the tap's time: only today's and this
  // week's are ours to show.
  unsubscribe.push(outbox.on('acked', ({ item, at, result }) => {
    if (!result?.counts) return;
    const serverNow = Date.now() + live.skewMs;
    const when = at ? Date.parse(at) : serverNow;
    if (dayKey(team.tz, when) === dayKey(team.tz, serverNow)) set(item.metric, 'day', result.counts.day);
    if (weekKey(team.tz, team.week_start, when) === weekKey(team.tz, team.week_start, serverNow)) {
      set(item.metric, 'week', result.counts.week);
    }
  }));
  unsubscribe.push(outbox.on('change', notify));

  return {
    get(metric) {
      const c = confirmed.get(metric) || { day: null, week: null };
      const waiting = outbox.pending(metric);
      const plus = (v) => (v == null ? null : v + waiting); // unknown stays unknown; the badge shows the wait
      return { day: plus(c.day), week: plus(c.week), waiting };
    },
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    destroy() { unsubscribe.forEach((off) => off()); listeners.clear(); },
  };
}
