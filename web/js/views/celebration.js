// A celebration: a name and a line over confetti, one at a time (the wall's milestones and
// results; a rep's challenge results). A short queue, so a burst of milestones neither stacks
// up DOM nor runs for minutes. confetti: false for news that is not a win (a rep's lost challenge).
// The wall paces its own with celebration-queue.js and draws each with showParty.
import { h } from '../dom.js';

const LEAVE_MS = 700;

// Draws one celebration in `layer`; returns what takes it away (it fades out, then goes).
export function showParty(layer, { name = '', text = '', tone = 'won', confetti = true }) {
  const bits = confetti === false ? [] : Array.from({ length: 40 }, () => h('i', {
    style: {
      '--x': `${(Math.random() * 100).toFixed(1)}vw`, '--delay': `${(Math.random() * 0.9).toFixed(2)}s`,
      '--spin': `${Math.round(Math.random() * 900 - 450)}deg`, '--hue': String(Math.floor(Math.random() * 360)),
      '--drift': `${Math.round(Math.random() * 16 - 8)}vw`,
    },
  }));
  const card = h('div', { class: `party party-${tone}` },
    h('div', { class: 'confetti', 'aria-hidden': 'true' }, bits),
    h('div', { class: 'party-card' }, h('p', { class: 'party-name' }, String(name).slice(0, 60)),
      h('p', { class: 'party-text' }, String(text).slice(0, 160))));
  layer.replaceChildren(card);
  return (done = () => {}) => {
    card.classList.add('leaving');
    setTimeout(() => { card.remove(); done(); }, LEAVE_MS);
  };
}

export function createCelebrations(layer, { showMs = 6500, queued = 4 } = {}) {
  const queue = [];
  let showing = false;

  function next() {
    const item = queue.shift();
    showing = Boolean(item);
    if (!item) return;
    const hide = showParty(layer, item);
    setTimeout(() => hide(next), showMs);
  }

  return {
    // The hook for milestone / challenge.finished events (and for anything else worth a cheer).
    celebrate({ name = '', text = '', tone = 'won', confetti = true } = {}) {
      if (!name && !text) return;
      queue.push({ name: String(name).slice(0, 60), text: String(text).slice(0, 140), tone, confetti });
      if (queue.length > queued) queue.shift();
      if (!showing) next();
    },
  };
}
