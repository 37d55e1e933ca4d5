// Who is moving today: each rep's count today against their own average working day earlier
// this week (today's pace), from the day and week boards the wall already has. No DOM.
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

// rows: the day board's rows; week: rep -> this week's count. Returns the movers first: ahead of
// their usual day by most, then the rest who logged today.
export function movers(dayRows, week, earlierDays, shown = 6) {
  const list = dayRows.filter((r) => r.count > 0).map((r) => {
    const before = Math.max(0, (week.get(r.rep) ?? r.count) - r.count);
    const usual = earlierDays > 0 ? before / earlierDays : null;
    return { rep: r.rep, name: r.name, today: r.count, usual, ahead: usual == null ? null : r.count - usual };
  });
  list.sort((a, b) => (b.ahead ?? -Infinity) - (a.ahead ?? -Infinity) || b.today - a.today);
  return list.slice(0, shown);
}
