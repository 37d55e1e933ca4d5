// Who is moving today: each rep's count today against what their own average working day
// earlier this week would have made by this time of the working day (quiet hours' end to their
// start, else 08:00-18:00, in the team's zone), from the day and week boards the wall already
// has. No DOM.
import { weekKey, dayKey } from './periods.js';

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

// Working days of the team's current week before today, in its zone.
export function earlierWorkingDays(tz, weekStart, workingDays, nowMs) {
  const start = weekKey(tz, weekStart, nowMs);
  const today = dayKey(tz, nowMs);
  const [y, m, d] = start.split('-').map(Number);
  let count = 0;
  for (let i = 0; i < 7; i++) {
    const date = new Date(Date.UTC(y, m - 1, d + i));
    if (date.toISOString().slice(0, 10) >= today) break;
    if (workingDays.includes(DAY_NAMES[date.getUTCDay()])) count++;
  }
  return count;
}

// How much of today's working day has gone by (0.05-1): from the end of the quiet hours to their
// start, or 08:00 to 18:00 without (or with quiet hours inside the day, a lunch break).
export function workdayDone(tz, quietHours, nowMs) {
  const minutes = (t) => { const [h, m] = String(t).split(':').map(Number); return h * 60 + m; };
  const overnight = quietHours && minutes(quietHours.end) < minutes(quietHours.start);
  const [from, to] = overnight ? [minutes(quietHours.end), minutes(quietHours.start)] : [8 * 60, 18 * 60];
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(nowMs);
  const now = Number(parts.find((p) => p.type === 'hour').value) * 60 + Number(parts.find((p) => p.type === 'minute').value);
  return Math.min(1, Math.max(0.05, (now - from) / (to - from)));
}

// rows: the day board's rows; week: rep -> this week's count; done: workdayDone(). Returns the
// movers first: ahead of their usual pace by most, then the rest who logged today. Nobody behind
// their usual pace is listed: the wall celebrates, it does not shame.
export function movers(dayRows, week, earlierDays, shown = 6, done = 1) {
  const list = dayRows.filter((r) => r.count > 0).map((r) => {
    const before = Math.max(0, (week.get(r.rep) ?? r.count) - r.count);
    const usual = earlierDays > 0 ? before / earlierDays : null;
    const byNow = usual == null ? null : usual * done;
    return { rep: r.rep, name: r.name, today: r.count, usual, byNow, ahead: byNow == null ? null : r.count - byNow };
  });
  list.sort((a, b) => (b.ahead ?? -Infinity) - (a.ahead ?? -Infinity) || b.today - a.today);
  return list.filter((r) => r.ahead == null || r.ahead >= 0).slice(0, shown);
}
