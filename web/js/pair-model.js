// Pairs as the pages show them (protocol.md "Pairs first"): a pair's name, the sides of a
// pair-vs-pair challenge, its result and score line, the streak line and what the weekly rhythm
// asks. No DOM: modules.test.mjs runs these in Node.

// "Natalie & Jake"; the reader's own name reads "You".
export function pairName(reps, me = null) {
  const names = (reps || []).map((r) => (r.rep === me ? 'You' : r.name || r.rep));
  if (names[1] === 'You') names.reverse();
  return names.join(' & ');
}

// The side (index) the rep is on, or -1.
export function sideOf(c, rep) {
  return (c?.sides || []).findIndex((s) => (s.reps || []).some((r) => r.rep === rep));
}

export const isPairChallenge = (c) => Array.isArray(c?.sides) && c.sides.length === 2;

// The outcome of a finished pair-vs-pair challenge for `me` (null: a wall). tone: won · lost · draw · none.
export function pairResult(c, me = null) {
  if (c?.status !== 'finished') return null;
  if (c.winner === 'draw') return { tone: 'draw', text: 'Draw' };
  const winner = c.sides.find((s) => s.pair === c.winner);
  if (!winner) return { tone: 'none', text: c.kind === 'race' ? `Nobody reached ${c.target}` : 'No result' };
  const mine = me != null && winner.reps.some((r) => r.rep === me);
  return { tone: mine || me == null ? 'won' : 'lost', text: mine ? 'Your pair won' : `${pairName(winner.reps)} won`, winner: c.winner };
}

// "You & Jake 7 · Priya & Marcus 6", highest first.
export function pairScoreline(c, me = null) {
  return [...c.sides].sort((a, b) => b.count - a.count).map((s) => `${pairName(s.reps, me)} ${s.count}`).join(' · ');
}

// "5-day streak · best 9", or a nudge when there is none yet.
export function streakText(streak) {
  const days = streak?.days ?? 0, best = streak?.best ?? 0;
  const now = days ? `${days}-day streak` : 'No streak yet';
  return best > days ? `${now} · best ${best}` : now;
}

// The weekly rhythm's line for a rep's card: what they are asked, or where they are.
export function rhythmText(rep, me) {
  const you = rep.rep === me;
  if (rep.ask === 'commitment') return you ? 'New week: what do you commit to?' : `${rep.name} has not committed yet`;
  if (rep.ask === 'reflection') return you ? 'End of the week: how did it go?' : `Waiting for ${rep.name}'s reflection`;
  if (rep.checkin?.reflection) return you ? 'Week reviewed' : `${rep.name} reviewed the week`;
  if (rep.checkin?.commitment) return you ? 'Committed for the week' : `${rep.name} committed`;
  return '';
}
