// Two choices of the rep page about people. Who can be challenged or cheered: the reps, and a
// manager only when they sell too (logged something this quarter; the server marks teammates
// with `sells`), as a sales floor expects: the floor competes, the coach coaches. And cheers
// arriving in a burst make one note that counts them, not one toast each.
const BURST_MS = 6000;

export function offeredTeammates(teammates, me) {
  return teammates.filter((t) => t.id === me.id || t.role !== 'admin' || t.sells === true);
}

const burst = { names: [], count: 0, until: 0 };

export function cheerToast(toast, event, now = Date.now()) {
  const name = event.name || event.rep || 'A teammate';
  if (now > burst.until) Object.assign(burst, { names: [], count: 0 });
  burst.count += 1;
  if (!burst.names.includes(name)) burst.names.push(name);
  burst.until = now + BURST_MS;
  const who = burst.names.length > 2 ? `${burst.names.slice(0, 2).join(', ')} and ${burst.names.length - 2} more` : burst.names.join(' and ');
  const title = burst.count > 1 ? `${who} cheered you on (${burst.count} cheers)` : `${who} cheered you on`;
  toast(event.text || 'Keep going!', { title, tone: 'cheer', key: 'cheers' });
  return { title, count: burst.count };
}
