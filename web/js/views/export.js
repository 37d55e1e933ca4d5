// Export: the team's activity between two local dates (the team's zone, both days included) as
// CSV. The file is fetched with the Authorization header into a Blob: no token in any link.
import { h } from '../dom.js';
import { dayKey } from '../periods.js';

export function mountExport(root, { api, roster }) {
  const from = h('input', { id: 'export-from', type: 'date', required: true });
  const to = h('input', { id: 'export-to', type: 'date', required: true });
  const status = h('p', { class: 'form-status', role: 'status' });
  const zone = h('span', { class: 'field-hint' });
  const download = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Download CSV');
  const form = h('form', { class: 'card export', 'aria-labelledby': 'export-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'export-title' }, 'Export')),
    h('p', { class: 'hint' }, 'Every activity logged, one row each: the time in UTC and in the team’s zone, who, which metric, +1 or a correction, and where it came from.'),
    h('div', { class: 'field-row' },
      h('div', { class: 'field' }, h('label', { for: from.id }, 'From'), from),
      h('div', { class: 'field' }, h('label', { for: to.id }, 'To (included)'), to)),
    zone,
    h('div', { class: 'form-actions' }, download, status));
  root.replaceChildren(form);

  const off = roster.on(({ team }) => {
    const today = dayKey(team.tz, Date.now());
    to.max = today;
    from.max = today;
    if (!to.value) to.value = today;
    if (!from.value) from.value = `${today.slice(0, 8)}01`; // this month so far
    zone.textContent = `Dates in ${team.tz}, the team’s time zone.`;
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!from.value || !to.value) { status.textContent = 'Pick both dates.'; return; }
    if (from.value > to.value) { status.textContent = '“From” is after “To”.'; return from.focus(); }
    download.disabled = true;
    status.textContent = 'Preparing…';
    const team = roster.data.team.id;
    try {
      const blob = await api.download(`${roster.path}/activities.csv?from=${from.value}&to=${to.value}`,
        `wolfpack-${team}-${from.value}-to-${to.value}.csv`);
      const rows = Math.max(0, (await blob.text()).split('\n').filter(Boolean).length - 1);
      status.textContent = `Downloaded: ${rows} ${rows === 1 ? 'activity' : 'activities'}.`;
    } catch (err) {
      status.textContent = `Not downloaded: ${err.message}`;
    } finally {
      download.disabled = false;
    }
  });
  return () => { off(); root.replaceChildren(); };
}
