// Plays a display's playlist: each slide for its seconds, in turn. A slide with nothing to show
// now is skipped (the week in review on another day, pairs when there are none, challenges when
// none run). Every slide's topics stay subscribed while the playlist plays, so a slide never
// waits for its numbers. A new playlist, or a new team setting, applies at once, without a reload.
import { h } from '../dom.js';
import { boardSlide } from './wall-board.js';
import { pairsSlide } from './wall-pairs.js';
import { challengesSlide } from './wall-challenges-slide.js';
import { moversSlide } from './wall-movers.js';
import { feedSlide } from './wall-feed.js';
import { reviewSlide } from './wall-review.js';

export const SLIDES = { board: boardSlide, pairs: pairsSlide, challenges: challengesSlide, movers: moversSlide, feed: feedSlide, review: reviewSlide };

export function createPlayer(stage, ctx, { titleEl, progressEl }) {
  let playlist = [], index = -1, unmount = () => {}, timer = 0, held = [], signature = '', current = null;

  function setTitle({ main, sub, accent }) {
    titleEl.className = `wall-title accent-${accent ?? 0}`;
    titleEl.replaceChildren(h('span', { class: 'wall-metric' }, main), sub ? h('span', { class: 'wall-period' }, sub) : null,
      h('span', { class: 'wall-stale-tag' }, 'stale'));
  }

  function hold() {
    const topics = new Set(playlist.flatMap((s) => SLIDES[s.slide]?.topics(s, ctx) || []));
    const next = [...topics].map((t) => ctx.live.subscribe(t, () => {}, () => {}));
    held.forEach((off) => off()); // after: a topic both lists share is never dropped in between
    held = next;
  }

  const playable = (s) => SLIDES[s.slide] && !SLIDES[s.slide].skip?.(s, ctx);

  function next() {
    clearTimeout(timer);
    for (let tries = 0; tries < playlist.length; tries++) {
      index = (index + 1) % playlist.length;
      if (playable(playlist[index])) return show(playlist[index]);
    }
    // Nothing to show now (a playlist of only the review, on a Tuesday): the first metric's board.
    show({ slide: 'board', seconds: 30, period: 'day' });
  }

  function show(slide) {
    unmount();
    const kind = SLIDES[slide.slide];
    current = slide;
    stage.className = `wall-main slide-${slide.slide}`;
    stage.dataset.slide = slide.slide;
    setTitle(kind.title(slide, ctx));
    unmount = kind.mount(stage, ctx, slide, { setTitle });
    const bar = progressEl.firstElementChild;
    bar.style.animation = 'none';
    void bar.offsetWidth;
    bar.style.animation = `wall-progress ${slide.seconds * 1000}ms linear`;
    timer = setTimeout(next, slide.seconds * 1000);
  }

  return {
    setPlaylist(list) {
      const text = JSON.stringify(list);
      if (text === signature) return;
      signature = text;
      playlist = list.length ? list : [{ slide: 'board', seconds: 15 }];
      index = -1;
      hold();
      next();
    },
    // The team's settings or people changed: the current slide again, with them.
    restart() {
      if (!current) return;
      hold();
      index = Math.max(-1, index - 1);
      next();
    },
    // Something a slide depends on came or went (a challenge, the review day): leave a slide
    // that has nothing to show any more.
    recheck() { if (current && !playable(current) && playlist.some(playable)) next(); },
    get current() { return current; },
    stop() {
      clearTimeout(timer);
      unmount();
      held.forEach((off) => off());
      held = [];
    },
  };
}
