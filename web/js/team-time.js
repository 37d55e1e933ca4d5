// Times and dates on the team's wall clock (its IANA zone), whatever zone the screen's own
// clock is set to: a Denver team's wall in a London office shows Denver's time.
const formats = new Map();

function format(tz, options) {
  const key = `${tz}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat([], { ...options, timeZone: tz });
    } catch {
      f = new Intl.DateTimeFormat([], options); // an unknown zone: the screen's own rather than nothing
    }
    formats.set(key, f);
  }
  return f;
}

// "08:12" (24-hour: a wall clock read from across the room).
export const clockText = (ms, tz) => format(tz, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);

// "Friday 27 November"
export const dayText = (ms, tz) => format(tz, { weekday: 'long', day: 'numeric', month: 'long' }).format(ms);

// A feed line's time: "14:05" today, "Thu 14:05" before.
export function eventTime(at, tz, nowMs = Date.now()) {
  const ms = Date.parse(at);
  if (!Number.isFinite(ms)) return '';
  const day = format(tz, { year: 'numeric', month: '2-digit', day: '2-digit' });
  const time = clockText(ms, tz);
  return day.format(ms) === day.format(nowMs) ? time : `${format(tz, { weekday: 'short' }).format(ms)} ${time}`;
}

// A local date as the server names it ("2026-11-23") for people: "23 November".
export function localDateText(date) {
  const [y, m, d] = String(date).split('-').map(Number);
  if (!y || !m || !d) return String(date);
  return format('UTC', { day: 'numeric', month: 'long' }).format(Date.UTC(y, m - 1, d));
}

// The zone's offset name at ms ("MST", "GMT+1"), for the clock's tooltip and the tests.
export function zoneName(ms, tz) {
  return format(tz, { timeZoneName: 'short' }).formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value || tz;
}
