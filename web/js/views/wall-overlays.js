// What a manager puts on the screen from the console: an announcement, full screen for its
// seconds (timed on the server's clock, so a screen that connects late shows only what is left
// of it), and "identify this screen": the display's name, large, until the time given.
import { h } from '../dom.js';

export function createOverlays({ announceEl, identifyEl, now, onShow = () => {} }) {
  const seen = new Set(); // announcement ids already shown: a resent event or snapshot is not a second one
  let announceTimer = 0, identifyTimer = 0, identifyUntil = 0;

  function announce(ev) {
    if (!ev?.id || seen.has(ev.id)) return;
    const left = Date.parse(ev.at) + Number(ev.seconds) * 1000 - now();
    if (!(left > 300)) return;
    seen.add(ev.id);
    if (seen.size > 50) seen.delete(seen.values().next().value);
    clearTimeout(announceTimer);
    const bar = h('div', { class: 'announce-time', 'aria-hidden': 'true' }, h('i'));
    announceEl.replaceChildren(h('div', { class: 'announce-card' },
      h('p', { class: 'announce-kicker' }, 'Announcement'),
      h('p', { class: 'announce-text' }, ev.text)), bar);
    announceEl.dataset.announcement = ev.id;
    announceEl.hidden = false;
    bar.firstElementChild.style.animation = `wall-shrink ${left}ms linear both`;
    onShow(ev);
    announceTimer = setTimeout(() => {
      announceEl.hidden = true;
      announceEl.replaceChildren();
      delete announceEl.dataset.announcement;
    }, left);
  }

  function identify(name, until) {
    const untilMs = Date.parse(until);
    if (!Number.isFinite(untilMs) || untilMs === identifyUntil) return;
    identifyUntil = untilMs;
    const left = untilMs - now();
    if (!(left > 0)) return;
    clearTimeout(identifyTimer);
    identifyEl.replaceChildren(h('p', { class: 'identify-kicker' }, 'This screen is'), h('p', { class: 'identify-name' }, name));
    identifyEl.hidden = false;
    identifyTimer = setTimeout(() => { identifyEl.hidden = true; }, left);
  }

  return {
    announce,
    // display:me: the team's current announcement and the identify request, if any.
    settings(data) {
      if (data.announcement) announce(data.announcement);
      if (data.identify_until) identify(data.display.name, data.identify_until);
    },
    get announcing() { return !announceEl.hidden; },
    stop() {
      clearTimeout(announceTimer);
      clearTimeout(identifyTimer);
      announceEl.hidden = true;
      identifyEl.hidden = true;
    },
  };
}
