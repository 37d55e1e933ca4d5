// Outside the team's working hours the wall rests: dimmed to a slow clock, or black (a setting
// of each display), so a TV on the sales floor is not a bright board all night. Announcements
// still show over it.
import { h } from '../dom.js';
import { clockText } from '../team-time.js';

export function createQuiet(el, { now, tz }) {
  const clock = h('p', { class: 'quiet-clock' });
  const note = h('p', { class: 'quiet-note' });
  el.replaceChildren(h('div', { class: 'quiet-card' }, clock, note));
  let timer = 0;
  const tick = () => { clock.textContent = clockText(now(), tz()); };

  return {
    // data: display:me ({quiet, quiet_mode, quiet_hours}).
    apply(data) {
      const mode = data?.quiet ? (data.quiet_mode === 'black' ? 'black' : 'dim') : '';
      if (mode) document.body.dataset.quiet = mode;
      else delete document.body.dataset.quiet;
      el.hidden = !mode;
      clearInterval(timer);
      if (mode !== 'dim') return;
      note.textContent = data.quiet_hours ? `Quiet hours · back at ${data.quiet_hours.end}` : 'Day off · see you on the next working day';
      tick();
      timer = setInterval(tick, 10000);
    },
    get quiet() { return !el.hidden; },
    stop() { clearInterval(timer); el.hidden = true; delete document.body.dataset.quiet; },
  };
}
