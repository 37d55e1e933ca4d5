// One line of text for a feed event (protocol.md event kinds). Fields beyond {id, kind, at}
// are read defensively: the server adds them as the feed grows. nameOf(rep) names reps the
// event only gives by id (challenge participants, winners); welcome.teammates has them.
import { PERIOD_LABEL } from './periods.js';
import { listOf } from './challenge-model.js';

const tidy = (text) => text.replace(/\s+/g, ' ').trim();
// "a race", "an appointments race".
const article = (phrase) => `${/^[aeiou]/i.test(phrase.trim()) ? 'an' : 'a'} ${phrase}`;
const UNDO_MS = 60000; // the pad's undo window

export function describeEvent(event, labelOf = (id) => id, nameOf = (id) => id) {
  const who = event.name || event.rep_name || (event.rep && nameOf(event.rep)) || 'Someone';
  const label = event.metric ? labelOf(event.metric) : '';
  const metric = label.toLowerCase(); // inside a sentence: "reached 10 calls today"
  const people = Array.isArray(event.participants) ? event.participants : [];
  const sides = Array.isArray(event.sides) ? event.sides : []; // pair against pair: [{pair, reps, name}]
  const what = `${metric} ${event.challenge_kind === 'race' ? 'race' : event.challenge_kind === 'target' ? 'target' : 'challenge'}`;
  if (event.text && event.kind !== 'cheer') return event.text;
  switch (event.kind) {
    case 'activity': {
      const delta = Number(event.delta ?? 1);
      return delta > 0 ? `${who} +${delta} ${label}` : `${who} ${delta} ${label} (correction)`;
    }
    case 'activity.burst': { // the server's summary of what a flood left out of the feed's pace
      const parts = Object.entries(event.metrics || {}).filter(([, n]) => n)
        .map(([m, n]) => `${n > 0 ? '+' : ''}${n} ${labelOf(m)}`);
      return parts.length ? `${who} ${parts.join(', ')}` : `${who} logged ${event.count ?? 'many'} activities`;
    }
    case 'milestone': {
      if (event.streak) return `${who} is on a ${event.streak}-day streak`;
      const period = PERIOD_LABEL[event.period] ? ` ${PERIOD_LABEL[event.period].toLowerCase()}` : '';
      if (event.personal_best) return tidy(`${who} set a personal best: ${event.count ?? ''} ${metric}${period}`);
      return tidy(`${who} reached ${event.count ?? 'a new high of'} ${metric}${period}`);
    }
    case 'challenge.proposed': {
      if (sides.length === 2) return tidy(`${sides[0].name} challenged ${sides[1].name} to a pair ${what}`);
      // With a partner in another team: this team's line names only its own rep (and the partner).
      if (event.across_teams && event.rep) return tidy(`${who} challenged their partner ${event.partner_name || ''} to ${article(what)}`);
      if (event.across_teams) return tidy(`${nameOf(people[0])} was challenged by their partner ${event.partner_name || ''} to ${article(what)}`);
      const others = people.filter((p) => p !== event.rep).map(nameOf);
      return tidy(others.length ? `${who} challenged ${listOf(others)} to ${article(what)}` : `${who} set ${article(what)}`);
    }
    case 'challenge.started':
      if (event.across_teams) return tidy(`${people.map(nameOf).concat(event.partner_name || []).join(' vs ')}: the ${what} is on`);
      if (people.length > 1) return tidy(`${people.map(nameOf).join(' vs ')}: the ${what} is on`);
      // One person: a personal goal, theirs.
      return tidy(`${people.length ? nameOf(people[0]) : who} set a personal ${what}`);
    case 'challenge.finished': {
      if (event.winner === 'draw' && sides.length === 2) return tidy(`${sides[0].name} and ${sides[1].name} drew the pair ${what}`);
      if (event.winner === 'draw') return tidy(`${listOf(people.map(nameOf).concat(event.partner_name || []))} drew the ${what}`);
      if (event.winner) return tidy(`${event.name || nameOf(event.winner)} won the ${what}`);
      if (Array.isArray(event.reached) && event.reached.length) return tidy(`${listOf(event.reached.map(nameOf))} hit the ${what}`);
      return tidy(`The ${what} has finished`);
    }
    case 'cheer': return `${who} cheered ${event.to_name || (event.to && nameOf(event.to)) || 'a teammate'}${event.text ? `: “${event.text}”` : ''}`;
    case 'checkin': return `${who} checked in for the week`;
    case 'matchups.drawn': {
      const games = (Array.isArray(event.matchups) ? event.matchups : []).map((m) => (m.sides || []).map((s) => s.name).join(' vs '));
      return games.length ? `This week's pair matchups (${metric}): ${games.join('; ')}` : '';
    }
    default: return '';
  }
}

// The name and line a celebration shows, or null for events that are not celebrated.
export function celebrationOf(event, labelOf = (id) => id, nameOf = (id) => id) {
  const name = event?.name || (event?.rep && nameOf(event.rep)) || '';
  if (event?.kind === 'milestone') {
    const line = describeEvent(event, labelOf, nameOf);
    return { name, text: line.startsWith(name) ? line.slice(name.length).trim() : line };
  }
  if (event?.kind !== 'challenge.finished') return null;
  const label = labelOf(event.metric);
  const people = Array.isArray(event.participants) ? event.participants : [];
  const sides = Array.isArray(event.sides) ? event.sides : [];
  if (event.winner === 'draw' && sides.length === 2) return { name: 'It’s a draw!', text: `${sides[0].name} and ${sides[1].name} tied the ${label} challenge` };
  if (event.winner === 'draw') return { name: 'It’s a draw!', text: `${listOf(people.map(nameOf))} tied the ${label} challenge` };
  if (event.winner) return { name: event.name || nameOf(event.winner), text: `won the ${label} challenge` };
  if (Array.isArray(event.reached) && event.reached.length) {
    return { name: listOf(event.reached.map(nameOf)), text: `hit the ${label} target` };
  }
  return null;
}

// A tap taken back within the minute (the pad's undo: the same person, metric and size the other
// way, from the page) leaves no line at all, neither the tap nor a "−1 (correction)".
// events newest first; returns the others in the same order.
export function withoutUndone(events) {
  const gone = new Set();
  events.forEach((undo, i) => {
    if (undo.kind !== 'activity' || !(undo.delta < 0) || undo.source !== 'web') return;
    const t = Date.parse(undo.at);
    const tap = events.slice(i + 1).find((e) => !gone.has(e) && e.kind === 'activity' && e.rep === undo.rep &&
      e.metric === undo.metric && e.delta === -undo.delta && t - Date.parse(e.at) <= UNDO_MS);
    if (tap) { gone.add(tap); gone.add(undo); }
  });
  return events.filter((e) => !gone.has(e));
}

// A feed for people: a rep's quick run of taps on one metric reads as one line ("Jake +3
// Calls"), and an undone tap is gone. events newest first; returns new objects, never the ones given.
export function coalesce(events, withinMs = 10 * 60 * 1000) {
  const out = [];
  for (const e of withoutUndone(events)) {
    const prev = out.at(-1); // newer than e
    if (prev && e.kind === 'activity' && prev.kind === 'activity' && prev.rep === e.rep && prev.metric === e.metric &&
        Math.sign(prev.delta ?? 1) === Math.sign(e.delta ?? 1) &&
        Math.abs(Date.parse(prev.first_at || prev.at) - Date.parse(e.at)) <= withinMs) {
      prev.delta = (prev.delta ?? 1) + (e.delta ?? 1);
      prev.first_at = e.at;
      prev.ids.push(e.id);
    } else {
      out.push({ ...e, ids: [e.id] });
    }
  }
  return out;
}
