// The wall's celebrations, so they never hide the game: one at a time; a burst for one person
// merged into one line ("Tom: 10 calls today and 10 this week"); at most `percent` of screen
// time under a celebration over any 10 minutes; none while a countdown on screen is in (or
// would reach, while it shows) its last minute. What waits too long is dropped: old news.
// No DOM, no clock of its own (now, wait and cancel are given), so tests drive it by hand.
const WINDOW_MS = 10 * 60 * 1000;
const STALE_MS = 2 * 60 * 1000;
const PENDING = 8;
const RECHECK_MS = 1000;

export function createCelebrationQueue({ show, percent = 10, seconds = 6, blocked = () => false,
  now = () => Date.now(), wait = (fn, ms) => setTimeout(fn, ms), cancel = (t) => clearTimeout(t) } = {}) {
  let pending = []; // { key, name, parts, text, at }
  let shown = []; // [start, end] of the celebrations of the last WINDOW_MS
  let showing = null;
  let timer = null;
  let config = { percent, seconds };

  const budgetMs = () => (config.percent / 100) * WINDOW_MS;
  const durationMs = () => config.seconds * 1000;
  function usedSince(t) {
    shown = shown.filter(([, end]) => end > t);
    return shown.reduce((sum, [start, end]) => sum + end - Math.max(start, t), 0);
  }

  function later(ms) {
    if (timer !== null) cancel(timer);
    timer = wait(() => { timer = null; pump(); }, Math.max(50, ms));
  }

  function pump() {
    if (showing) return;
    const t = now();
    pending = pending.filter((item) => t - item.at < STALE_MS);
    if (!pending.length) return;
    if (blocked(durationMs())) return later(RECHECK_MS);
    if (usedSince(t - WINDOW_MS) + durationMs() > budgetMs()) {
      // Wait for the oldest celebration to leave the window, or for old news to go.
      const next = shown.length ? shown[0][1] + WINDOW_MS - t : RECHECK_MS;
      return later(Math.min(next, RECHECK_MS * 5));
    }
    const item = pending.shift();
    showing = item;
    const start = t;
    const hide = show(item, durationMs());
    wait(() => {
      if (typeof hide === 'function') hide();
      shown.push([start, start + durationMs()]);
      showing = null;
      pump();
    }, durationMs());
  }

  return {
    // item: { key (whose it is, for merging), name, parts: [...] (merged) or text }.
    add(item) {
      if (!item || config.percent <= 0) return;
      const same = pending.find((p) => p.key && p.key === item.key && p.parts && item.parts);
      if (same) {
        for (const part of item.parts) if (!same.parts.some((p) => p.id === part.id)) same.parts.push(part);
      } else {
        pending.push({ ...item, parts: item.parts ? [...item.parts] : undefined, at: now() });
        if (pending.length > PENDING) pending.shift();
      }
      pump();
    },
    configure(next) {
      config = { ...config, ...next };
      pump();
    },
    get pending() { return pending.length; },
    get showing() { return showing; },
  };
}

// One line for a merged burst: parts are milestones { id, metric, count, period, best }.
// "10 calls today and 10 this week", "a personal best: 31 calls this week".
export function partsText(parts, labelOf = (id) => id, periodLabel = (p) => p) {
  const byMetric = new Map();
  for (const p of parts) {
    if (!byMetric.has(p.metric)) byMetric.set(p.metric, []);
    byMetric.get(p.metric).push(p);
  }
  const groups = [...byMetric].map(([metric, list]) => list
    .sort((a, b) => (a.best - b.best) || order(a.period) - order(b.period))
    .map((p, i) => {
      const what = i === 0 || p.best ? `${p.count} ${String(labelOf(metric)).toLowerCase()}` : `${p.count}`;
      return `${p.best ? 'a personal best of ' : ''}${what} ${periodLabel(p.period).toLowerCase()}`.trim();
    }).join(' and '));
  return groups.join(' and ');
}
const order = (period) => ['day', 'week', 'month', 'quarter', 'all'].indexOf(period);

// Whether a head-to-head's countdown is in its last minute now, or would be within `ms` (the
// time a celebration stays): challenges:team data, whichever slide shows it.
export function countdownInLastMinute(challenges, nowMs, ms = 0) {
  return (challenges || []).some((c) => {
    if (c.status !== 'active' || (c.participants?.length || 0) < 2) return false;
    const left = Date.parse(c.window?.end) - nowMs;
    return left > -1000 && left <= 60000 + ms;
  });
}
