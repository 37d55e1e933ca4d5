// One line of text for a feed event (protocol.md event kinds). Fields beyond {id, kind, at}
// are read defensively: the server adds them as the feed grows.
import { PERIOD_LABEL } from './periods.js';

export function describeEvent(event, labelOf = (id) => id) {
  const who = event.name || event.rep_name || event.rep || 'Someone';
  const label = event.metric ? labelOf(event.metric) : '';
  const metric = label.toLowerCase(); // inside a sentence: "reached 10 calls today"
  if (event.text && event.kind !== 'cheer') return event.text;
  switch (event.kind) {
    case 'activity': {
      const delta = Number(event.delta ?? 1);
      return delta > 0 ? `${who} +${delta} ${label}` : `${who} ${delta} ${label} (correction)`;
    }
    case 'milestone': {
      const period = PERIOD_LABEL[event.period] ? ` ${PERIOD_LABEL[event.period].toLowerCase()}` : '';
      if (event.personal_best) return `${who} set a personal best: ${event.count ?? ''} ${metric}${period}`.replace(/\s+/g, ' ');
      return `${who} reached ${event.count ?? 'a new high of'} ${metric}${period}`.replace(/\s+/g, ' ');
    }
    case 'challenge.proposed': return `${who} proposed a ${metric} challenge`.replace(/\s+/g, ' ');
    case 'challenge.started': return `A ${metric} challenge has started`.replace(/\s+/g, ' ');
    case 'challenge.finished': {
      if (!event.winner) return `A ${metric} challenge has finished`.replace(/\s+/g, ' ');
      if (event.winner === 'draw') return `A ${metric} challenge ended in a draw`.replace(/\s+/g, ' ');
      return `${event.name || event.winner} won the ${metric} challenge`.replace(/\s+/g, ' ');
    }
    case 'cheer': return `${who} cheered ${event.to_name || event.to || 'a teammate'}${event.text ? `: “${event.text}”` : ''}`;
    case 'checkin': return `${who} checked in for the week`;
    default: return '';
  }
}

// The name and line a celebration shows, or null for events that are not celebrated.
export function celebrationOf(event, labelOf) {
  const name = event?.name || event?.rep || '';
  if (event?.kind === 'milestone') {
    return { name, text: describeEvent(event, labelOf).slice(name.length).trim() };
  }
  if (event?.kind === 'challenge.finished' && event.winner && event.winner !== 'draw') {
    return { name: event.name || event.winner, text: `won the ${labelOf(event.metric)} challenge` };
  }
  return null;
}
