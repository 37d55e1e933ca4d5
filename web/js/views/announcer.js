// Screen-reader announcements of the rep's own score changes (one polite live region).
// Quick bursts of taps are announced once, with the total they ended on.
export function mountAnnouncer(root, { team, counts }) {
  const region = root;
  const last = new Map();
  let timer = 0;
  const labels = new Map(team.metrics.map((m) => [m.id, m.label]));

  function snapshot() {
    return team.metrics.map((m) => [m.id, counts.get(m.id)]);
  }
  // The first numbers are the starting point, not news.
  for (const [id, c] of snapshot()) last.set(id, c.day);

  const off = counts.onChange(() => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changed = [];
      for (const [id, c] of snapshot()) {
        const before = last.get(id);
        last.set(id, c.day);
        if (before == null || c.day == null || before === c.day) continue;
        const week = c.week == null ? '' : `, ${c.week} this week`;
        const waiting = c.waiting ? ` (${Math.abs(c.waiting)} waiting to send)` : '';
        changed.push(`${labels.get(id)}: ${c.day} today${week}${waiting}.`);
      }
      if (changed.length) say(changed.join(' '));
    }, 700);
  });

  function say(text) {
    // Re-setting identical text is not re-announced; clear first.
    region.textContent = '';
    setTimeout(() => { region.textContent = text; }, 50);
  }

  return Object.assign(() => { off(); clearTimeout(timer); }, { say });
}
