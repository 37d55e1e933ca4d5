// The console's sections (Team, People, Pairs, Scoring, Coaching, Displays, Export) behind a nav of links to
// #team, #people…, so the back button and a bookmark work; one section is mounted at a time.
import { h } from '../dom.js';
import { mountTeamSettings } from './team-settings.js';
import { mountPeople } from './people.js';
import { mountPairs } from './pairs.js';
import { mountPairLeague } from './pair-league.js';
import { mountCoaching } from './coaching.js';
import { mountExport } from './export.js';
import { mountScoring } from './scoring-settings.js';
import { mountDisplays } from './displays.js';

const SECTIONS = [
  ['team', 'Team', mountTeamSettings], ['people', 'People', mountPeople], ['pairs', 'Pairs', pairsAndLeague],
  ['scoring', 'Scoring', mountScoring], ['coaching', 'Coaching', mountCoaching], ['displays', 'Displays', mountDisplays],
  ['export', 'Export', mountExport],
];

// Pairs, then what pairs do: weekly matchups and partners in other teams (pair-league.js).
function pairsAndLeague(root, ctx) {
  const pairs = h('div'), league = h('div', { class: 'pair-league' });
  root.replaceChildren(pairs, league);
  const offs = [mountPairs(pairs, ctx), mountPairLeague(league, ctx)];
  return () => offs.forEach((off) => off());
}

export function mountConsole(root, { nav, ...ctx }) {
  const links = SECTIONS.map(([id, label]) => h('a', { href: `#${id}`, class: 'console-tab', 'data-section': id }, label));
  nav.replaceChildren(h('ul', {}, links.map((a) => h('li', {}, a))));
  nav.hidden = false;
  let unmount = () => {}, shown = '';

  function show() {
    const wanted = location.hash.slice(1);
    const [id, , mount] = SECTIONS.find(([s]) => s === wanted) || SECTIONS.find(([s]) => s === 'coaching');
    if (id === shown) return;
    const first = !shown;
    shown = id;
    for (const a of links) {
      if (a.dataset.section === id) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
    unmount();
    const box = h('div', { class: `section section-${id}`, 'data-section': id });
    root.replaceChildren(box);
    unmount = mount(box, ctx) || (() => {});
    // A section opened from the nav: a screen reader lands on its heading, not back at the top.
    if (!first) box.querySelector('h2')?.setAttribute('tabindex', '-1');
    if (!first) box.querySelector('h2')?.focus({ preventScroll: true });
  }

  addEventListener('hashchange', show);
  show();
  return () => {
    removeEventListener('hashchange', show);
    unmount();
    nav.hidden = true;
    nav.replaceChildren();
    root.replaceChildren();
  };
}
