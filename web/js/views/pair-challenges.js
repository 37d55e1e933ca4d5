// The pair card's head-to-heads: pair against pair (or, for partners in two teams, the two of
// them one on one), the live ones and those finished in the last three days, each with both
// sides moving, the Accept / Decline of the other side and the creator's Cancel (asked twice).
import { h } from '../dom.js';
import { OPEN } from '../challenge-model.js';
import { isPairChallenge } from '../pair-model.js';
import { challengeItem } from './challenge-item.js';

const KEPT_MS = 3 * 86400000;

export function mountPairChallenges(root, { team, me, live, toast, across = false, onAudit = null }) {
  const shows = across ? (c) => c?.across_teams === true : isPairChallenge;
  const labelOf = (id) => team.metrics.find((m) => m.id === id)?.label || id;
  const accentOf = (id) => Math.max(0, team.metrics.findIndex((m) => m.id === id)) % 6;
  const list = h('ul', { class: 'ch-list pair-ch-list', 'aria-label': across ? 'One on one' : 'Pair against pair' });
  root.replaceChildren(list);
  const confirming = new Set();
  const seen = new Map(); // id -> counts by rep and pair, to flash what moved
  let latest = [];

  function act(action, c) {
    if (action === 'cancel') { confirming.add(c.id); return draw(); }
    if (action === 'cancel-no') { confirming.delete(c.id); return draw(); }
    confirming.delete(c.id);
    live.request({ type: action === 'cancel-yes' ? 'challenge.cancel' : `challenge.${action}`, challenge: c.id })
      .catch((err) => toast?.(err.message || err.code, { title: 'The challenge was not updated', tone: 'error' }));
  }

  function draw(changed = new Set()) {
    list.replaceChildren(...latest.map((c) => challengeItem(c, { me: me.id, myTeam: team.id, tz: team.tz, labelOf, accentOf, changed,
      confirming: confirming.has(c.id), act, onAudit })));
    root.hidden = latest.length === 0;
  }

  return function update(challenges) {
    const now = Date.now();
    latest = (challenges || []).filter((c) => shows(c) &&
      (OPEN.has(c.status) || (c.status === 'finished' && now - (Date.parse(c.finished_at) || 0) < KEPT_MS)));
    const changed = new Set();
    for (const c of latest) {
      const counts = new Map([...c.participants.map((p) => [p.rep, p.count]), ...(c.sides || []).map((s) => [s.pair, s.count])]);
      const before = seen.get(c.id);
      if (before) for (const [k, n] of counts) if (before.get(k) !== n) changed.add(`${c.id}:${k}`);
      seen.set(c.id, counts);
    }
    draw(changed);
  };
}
