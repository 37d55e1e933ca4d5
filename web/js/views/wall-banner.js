// The wall's disconnect banner: says since when the numbers are stale and when it retries.
// body[data-state] lets the stylesheet grey the numbers out while this shows.
import { h, clockTime } from '../dom.js';

export function mountWallBanner(el, { live, connEl }) {
  let timer = 0;

  function render() {
    const state = live.status;
    document.body.dataset.state = state;
    if (connEl) {
      connEl.dataset.state = state;
      connEl.textContent = state === 'online' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Offline';
    }
    if (state === 'online' || state === 'connecting') {
      el.hidden = true;
      clearInterval(timer);
      timer = 0;
      return;
    }
    const since = live.lastDataAt ? `Showing numbers from ${clockTime(live.lastDataAt)}` : 'No numbers yet';
    const seconds = Math.ceil((live.retryAt - Date.now()) / 1000);
    const retry = state === 'denied' ? 'this display needs a new link'
      : seconds > 0 ? `reconnecting in ${seconds}s` : 'reconnecting…';
    el.replaceChildren(h('strong', {}, 'Connection lost'), h('span', {}, ` · ${since} · ${retry}`));
    el.hidden = false;
    if (!timer) timer = setInterval(render, 1000);
  }

  const off = live.on('status', render);
  render();
  return () => { off(); clearInterval(timer); el.hidden = true; };
}
