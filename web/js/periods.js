// Periods as the server names them, their labels, and the team-local calendar keys needed
// to tell whether a backdated tap falls in today's / this week's board.
export const PERIODS = ['day', 'week', 'month', 'quarter', 'all'];

export const PERIOD_LABEL = {
  day: 'Today', week: 'This week', month: 'This month', quarter: 'This quarter', all: 'All time',
};

export const PERIOD_SHORT = { day: 'Today', week: 'Week', month: 'Month', quarter: 'Quarter', all: 'All time' };

export function parsePeriods(text, fallback) {
  const list = String(text || '').split(',').map((p) => p.trim()).filter((p) => PERIODS.includes(p));
  return list.length ? [...new Set(list)] : fallback;
}

const formatters = new Map();
function ymdIn(tz, ms) {
  let f = formatters.get(tz);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      f = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });
    }
    formatters.set(tz, f);
  }
  return f.format(new Date(ms)); // "2026-11-24"
}

// "2026-11-24" for the team's local day containing ms.
export const dayKey = (tz, ms) => ymdIn(tz, ms);

// The team-local date the week containing ms starts on (monday or sunday weeks).
export function weekKey(tz, weekStart, ms) {
  const [y, m, d] = ymdIn(tz, ms).split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  const offset = (date.getUTCDay() - (weekStart === 'sunday' ? 0 : 1) + 7) % 7;
  date.setUTCDate(date.getUTCDate() - offset);
  return date.toISOString().slice(0, 10);
}
